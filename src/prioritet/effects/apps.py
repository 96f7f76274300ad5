from functools import cached_property

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from prioritet.cases.extensions import CaseExtension, CaseLink, CaseSection, Place


class EffectsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "prioritet.effects"
    verbose_name = _("Implementation and effects")

    @cached_property
    def extension(self) -> CaseExtension:
        from . import policy
        from .extensions import effects_section, timeline

        return CaseExtension(
            case_links=[
                CaseLink(
                    "effects",
                    _("Implementation and expected effects"),
                    "effects:for_case",
                    applies=lambda case, user: policy.can_read(user, case),
                    order=70,
                )
            ],
            case_sections=[
                CaseSection(
                    "effects",
                    _("Implementation and effects"),
                    "effects/section.html",
                    effects_section,
                    frozenset({Place.CASE, Place.REPORT, Place.PUBLIC}),
                    order=90,
                )
            ],
            history_sources=[timeline],
        )
