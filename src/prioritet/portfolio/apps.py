from functools import cached_property

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from prioritet.cases.extensions import CaseExtension, CaseLink, CaseSection, Place
from prioritet.core.navigation import NavItem


class PortfolioConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "prioritet.portfolio"
    verbose_name = _("Portfolios")

    @cached_property
    def extension(self) -> CaseExtension:
        from .demo import add_demo_budget, add_demo_portfolio
        from .policy import READ_ROLES, can_read_case
        from .report import request_analyses, section_context
        from .retention import RULES
        from .selectors import column_names
        from .truth import decision_rule, scenario_notes

        return CaseExtension(
            retention_rules=RULES,
            column_names=[column_names],
            navigation=[
                NavItem(
                    "portfolios",
                    _("Plans and budgets"),
                    "portfolio:list",
                    roles=set(READ_ROLES),
                    order=20,
                    description=_("Which measures within the budget, and what is lost at each budget level"),
                )
            ],
            case_links=[
                CaseLink(
                    "portfolio",
                    _("Portfolio of measures"),
                    "portfolio:for_case",
                    applies=lambda case, user: can_read_case(user, case),
                    order=10,
                )
            ],
            # One truth between a case and its budget: a case with a portfolio decides on a scenario.
            decision_rules=[decision_rule],
            annotation_sources=[scenario_notes],
            demo_prepared=[add_demo_portfolio, add_demo_budget],
            case_sections=[
                # The saksframlegg's measures within the budget, right after the combined judgment.
                CaseSection(
                    "portfolio",
                    _("Measures within the budget"),
                    "portfolio/report_section.html",
                    section_context,
                    frozenset({Place.REPORT}),
                    order=10,
                    prepare=request_analyses,
                )
            ],
        )
