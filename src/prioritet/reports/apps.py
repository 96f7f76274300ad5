from collections.abc import Callable
from functools import cached_property

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from prioritet.cases.extensions import CaseExtension, CaseLink


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "prioritet.reports"
    verbose_name = _("Reports")

    @cached_property
    def extension(self) -> CaseExtension:
        from prioritet.cases import policy

        def for_level(individual: bool) -> Callable:
            return lambda case, user: case.is_individual == individual and policy.can_read(user, case)

        return CaseExtension(
            case_links=[
                CaseLink(key, label, f"reports:{key}", for_level(individual), order)
                for key, label, individual, order in (
                    ("saksframlegg", _("Case presentation"), False, 30),
                    ("saksframlegg_pdf", _("Case presentation as PDF"), False, 31),
                    ("vedtak_summary", _("Summary for the decision letter"), True, 30),
                )
            ]
            + [
                CaseLink(
                    "innsyn_pdf",
                    _("Innsyn letter: who read the case (PDF)"),
                    "reports:innsyn_pdf",
                    lambda case, user: case.is_individual and policy.can_request_innsyn(user, case),
                    32,
                )
            ]
        )
