from functools import cached_property

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from prioritet.cases.extensions import CaseExtension, CaseSection, PhaseCheck, Place
from prioritet.core.navigation import NavItem


class IndicatorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "prioritet.indicators"
    verbose_name = _("Indicators")

    @cached_property
    def extension(self) -> CaseExtension:
        from prioritet.cases.models import Phase

        from . import home, policy
        from .demo import (
            add_demo_case_system,
            add_demo_citations,
            add_demo_indicators,
            add_demo_own_figures,
            add_demo_projection,
        )
        from .extensions import (
            CHECKED_LEVELS,
            citations_section,
            figures_cited,
            projection_applies,
            projection_cited,
            timeline,
        )

        return CaseExtension(
            navigation=[
                NavItem(
                    "indicators",
                    _("Indicators"),
                    "indicators:list",
                    roles=policy.VIEW_ROLES,
                    order=55,
                    description=_("KOSTRA figures and the municipality's own, against targets and peers"),
                ),
                NavItem(
                    "indicators-dashboard",
                    _("Dashboard"),
                    "indicators:dashboard",
                    roles=policy.VIEW_ROLES,
                    order=54,
                    description=_("Your figures against targets, peers and trend, and your workload"),
                ),
            ],
            home_sources=[home.key_figures],
            case_sections=[
                CaseSection(
                    "citations",
                    _("Cited figures"),
                    "indicators/citations_section.html",
                    citations_section,
                    frozenset({Place.CASE, Place.REPORT, Place.PUBLIC}),
                    order=15,
                )
            ],
            history_sources=[timeline],
            phase_checks=[
                PhaseCheck(
                    Phase.PREPARE,
                    "figures_cited",
                    _("Management information is cited: indicators with source and date"),
                    figures_cited,
                    applies=lambda case: case.level in CHECKED_LEVELS,
                    anchor="section-citations",
                    required=False,
                    order=55,
                ),
                PhaseCheck(
                    Phase.PREPARE,
                    "projection_cited",
                    _("The need projection is cited: users, årsverk and cost ahead, and the gap to today"),
                    projection_cited,
                    applies=projection_applies,
                    anchor="section-citations",
                    required=False,
                    order=56,
                ),
            ],
            demo_loaded=[
                add_demo_indicators,
                add_demo_projection,
                add_demo_case_system,
                add_demo_own_figures,
                add_demo_citations,
            ],
        )
