from functools import cached_property

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from prioritet.core.navigation import NavItem
from prioritet.weighting.extensions import WeightingExtension


class CasesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "prioritet.cases"
    verbose_name = _("Priority cases")

    @cached_property
    def extension(self) -> WeightingExtension:
        from prioritet.accounts.models import MUNICIPAL_ROLES, Role

        from . import consistency, home
        from .impact import ranking_changes
        from .retention import RULES

        return WeightingExtension(
            navigation=[
                NavItem(
                    "cases",
                    _("Cases"),
                    "cases:list",
                    roles=set(MUNICIPAL_ROLES),
                    order=10,
                    description=_("Priority cases at the individual, service and political level"),
                ),
                NavItem(
                    "cases-due",
                    _("Due for reassessment"),
                    "cases:due",
                    roles=set(MUNICIPAL_ROLES),
                    order=11,
                    description=_("Decisions to look at again within 30 days"),
                ),
                NavItem(
                    "cases-consistency",
                    _("Consistency report"),
                    "cases:consistency",
                    roles=set(consistency.READERS),
                    order=39,
                    description=_("Are like cases treated alike? Outcomes against the scores, by service"),
                ),
                NavItem(
                    "cases-access-log",
                    _("Access log"),
                    "cases:access_log",
                    roles={Role.LEADER},
                    order=40,
                    description=_("Who has read which individual case"),
                ),
                NavItem(
                    "cases-access-reviews",
                    _("Emergency accesses"),
                    "cases:access_reviews",
                    roles={Role.LEADER},
                    order=39,
                    description=_("Emergency accesses to individual cases of your service areas, to acknowledge"),
                ),
                NavItem(
                    "cases-corrections",
                    _("Corrections"),
                    "cases:corrections",
                    roles={Role.MUNICIPAL_ADMIN},
                    order=41,
                    description=_("Correct a wrongly entered personal detail in a case and its history"),
                ),
                NavItem(
                    "cases-decision-bodies",
                    _("Decision bodies"),
                    "cases:bodies",
                    roles={Role.MUNICIPAL_ADMIN},
                    order=42,
                    description=_("The political bodies that adopt vedtak, such as the municipal council"),
                ),
            ],
            retention_rules=RULES,
            home_sources=[
                home.political_cases,
                home.emergency_accesses,
                home.awaiting_assessment,
                home.own_cases,
                home.reassessments_due,
            ],
            weight_impact=ranking_changes,
        )
