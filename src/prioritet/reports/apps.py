from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "prioritet.reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from prioritet.cases import links, policy

        def for_level(individual: bool):
            return lambda case, user: case.is_individual == individual and policy.can_read(user, case)

        for key, label, individual, order in (
            ("saksframlegg", _("Saksframlegg"), False, 30),
            ("saksframlegg_pdf", _("Saksframlegg as PDF"), False, 31),
            ("vedtak_summary", _("Summary for the decision letter"), True, 30),
        ):
            links.register(links.CaseLink(key, label, f"reports:{key}", for_level(individual), order))
