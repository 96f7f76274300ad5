from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "prioritet.cases"
    verbose_name = _("Priority cases")

    def ready(self) -> None:
        from prioritet.accounts.models import MUNICIPAL_ROLES, Role
        from prioritet.core.navigation import NavItem, register

        from .retention import register_rules

        register_rules()

        register(
            NavItem(
                "cases",
                _("Cases"),
                "cases:list",
                roles=set(MUNICIPAL_ROLES),
                order=10,
                description=_("Priority cases at the individual, service and political level"),
            )
        )
        register(
            NavItem(
                "cases-due",
                _("Due for reassessment"),
                "cases:due",
                roles=set(MUNICIPAL_ROLES),
                order=11,
                description=_("Decisions to look at again within 30 days"),
            )
        )
        register(
            NavItem(
                "cases-access-log",
                _("Access log"),
                "cases:access_log",
                roles={Role.LEADER},
                order=40,
                description=_("Who has read which individual case"),
            )
        )
        register(
            NavItem(
                "cases-corrections",
                _("Corrections"),
                "cases:corrections",
                roles={Role.MUNICIPAL_ADMIN},
                order=41,
                description=_("Correct a wrongly entered personal detail in a case and its history"),
            )
        )
