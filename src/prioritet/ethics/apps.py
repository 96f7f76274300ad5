from functools import cached_property

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from prioritet.cases.extensions import CaseExtension, CaseLink, CaseSection, Place


class EthicsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "prioritet.ethics"
    verbose_name = _("Ethics")

    @cached_property
    def extension(self) -> CaseExtension:
        from . import policy
        from .demo import add_demo_reflection
        from .extensions import section_context, timeline

        return CaseExtension(
            case_links=[
                CaseLink(
                    "ethics",
                    _("Ethical reflection"),
                    "ethics:for_case",
                    applies=lambda case, user: policy.can_read(user, case),
                    order=30,
                )
            ],
            case_sections=[
                CaseSection(
                    "ethics",
                    _("Ethical reflection"),
                    "ethics/section.html",
                    section_context,
                    frozenset({Place.CASE, Place.REPORT}),
                    order=40,
                )
            ],
            history_sources=[timeline],
            demo_prepared=[add_demo_reflection],
        )
