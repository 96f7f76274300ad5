from functools import cached_property

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from prioritet.cases.extensions import CaseExtension, CaseLink, CaseSection, Place
from prioritet.core.navigation import NavItem


class PlanningConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "prioritet.planning"
    verbose_name = _("Annual wheel")

    @cached_property
    def extension(self) -> CaseExtension:
        from prioritet.cases.extensions import PhaseCheck
        from prioritet.cases.models import Phase

        from . import policy, selectors
        from .demo import add_demo_plans
        from .extensions import milestones_home, plan_section, timeline
        from .retention import RULES

        return CaseExtension(
            navigation=[
                NavItem(
                    "planning",
                    _("Annual wheel"),
                    "planning:calendar",
                    roles=policy.VIEW_ROLES,
                    order=60,
                    description=_("Plan periods, the budget calendar's milestones and the cases that feed them"),
                )
            ],
            case_links=[
                CaseLink(
                    "planning",
                    _("Plan and milestone"),
                    "planning:case_plan",
                    applies=lambda case, user: policy.can_link(user, case),
                    order=60,
                )
            ],
            case_sections=[
                CaseSection(
                    "plan",
                    _("Plan process"),
                    "planning/section_plan.html",
                    plan_section,
                    frozenset({Place.CASE, Place.REPORT, Place.PUBLIC}),
                    order=15,
                )
            ],
            history_sources=[timeline],
            home_sources=[milestones_home],
            retention_rules=RULES,
            demo_loaded=[add_demo_plans],
            phase_checks=[
                PhaseCheck(
                    Phase.PREPARE,
                    "plan_period",
                    _("The plan process and plan period the case feeds are chosen"),
                    lambda case: selectors.plan_of(case) is not None,
                    applies=policy.feeds_plan,
                    url_name="planning:case_plan",
                    required=False,
                    order=60,
                )
            ],
        )
