from functools import cached_property

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from prioritet.cases.extensions import CaseExtension, CaseLink, CaseSection, Place
from prioritet.core.publicpage import PublicListing


class ParticipationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "prioritet.participation"
    verbose_name = _("Participation")

    @cached_property
    def extension(self) -> CaseExtension:
        from . import extensions
        from .demo import add_demo_rounds
        from .policy import can_view
        from .retention import RULES

        return CaseExtension(
            retention_rules=RULES,
            case_links=[
                CaseLink(
                    "participation",
                    _("Consultation rounds"),
                    "participation:rounds",
                    applies=lambda case, user: can_view(user, case),
                    order=30,
                )
            ],
            case_sections=[
                CaseSection(
                    "consultation",
                    _("Consultation"),
                    "participation/section.html",
                    extensions.section_context,
                    frozenset({Place.CASE, Place.REPORT, Place.PUBLIC}),
                    order=20,
                )
            ],
            history_sources=[extensions.timeline],
            home_sources=[extensions.open_rounds_home],
            public_listings=[
                PublicListing(
                    "consultations",
                    _("Open consultations"),
                    "participation/public_listing.html",
                    extensions.public_rounds,
                    order=10,
                )
            ],
            demo_loaded=[add_demo_rounds],
        )
