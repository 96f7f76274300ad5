from functools import cached_property

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from prioritet.cases.extensions import CaseExtension, CaseLink, CaseSection, Place
from prioritet.core.navigation import NavItem
from prioritet.core.publicpage import PublicListing


class BudgetplanConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "prioritet.budgetplan"
    verbose_name = _("Economic plan")

    @cached_property
    def extension(self) -> CaseExtension:
        from prioritet.accounts.models import Role

        from . import policy, selectors
        from .demo import add_demo_plan
        from .home import questions_to_answer
        from .presentation import public_listing
        from .report import section_context

        return CaseExtension(
            navigation=[
                NavItem(
                    "party_groups",
                    _("Party groups"),
                    "budgetplan:party_groups",
                    roles=[Role.MUNICIPAL_ADMIN],
                    order=95,
                    description=_("The council's party groups, whose politicians build alternative budgets"),
                )
            ],
            case_links=[
                CaseLink(
                    "budgetplan",
                    _("Economic plan"),
                    "budgetplan:for_case",
                    applies=lambda case, user: policy.can_read_case(user, case),
                    order=26,
                )
            ],
            case_sections=[
                CaseSection(
                    "budgetplan",
                    _("Economic plan"),
                    "budgetplan/section.html",
                    section_context,
                    frozenset({Place.REPORT}),
                    order=26,
                )
            ],
            public_listings=[
                PublicListing(
                    "innstillinger",
                    _("Economic plan: the formannskap's innstilling"),
                    "budgetplan/public_listing.html",
                    public_listing,
                    order=20,
                ),
                PublicListing(
                    "budget_questions",
                    _("Budget questions and answers"),
                    "budgetplan/public_questions.html",
                    selectors.public_listing,
                    order=40,
                ),
            ],
            home_sources=[questions_to_answer],
            demo_loaded=[add_demo_plan],
        )
