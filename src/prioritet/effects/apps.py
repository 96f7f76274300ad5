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
        from prioritet.cases.extensions import PhaseCheck
        from prioritet.cases.models import Phase

        from . import policy
        from .extensions import (
            due_evaluations,
            effects_evaluated,
            effects_expected,
            effects_section,
            evaluations_home,
            implementation_recorded,
            lessons,
            timeline,
        )

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
            phase_checks=[
                PhaseCheck(
                    Phase.CARRY_OUT,
                    "implementation",
                    _("Who carries the decision out, and from when, is recorded"),
                    implementation_recorded,
                    applies=policy.applies,
                    url_name="effects:for_case",
                    order=20,
                ),
                PhaseCheck(
                    Phase.CARRY_OUT,
                    "expected_effects",
                    _("The expected effects are set out (indicator, baseline, target, date)"),
                    effects_expected,
                    applies=policy.applies,
                    url_name="effects:for_case",
                    order=30,
                ),
                PhaseCheck(
                    Phase.EVALUATE,
                    "effects_evaluated",
                    _("Every expected effect is evaluated: realised value, judgment and what was learnt"),
                    effects_evaluated,
                    applies=policy.applies,
                    url_name="effects:for_case",
                    order=20,
                ),
            ],
            due_sources=[due_evaluations],
            home_sources=[evaluations_home],
            lesson_sources=[lessons],
        )
