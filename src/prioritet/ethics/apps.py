from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EthicsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "prioritet.ethics"
    verbose_name = _("Ethics")

    def ready(self) -> None:
        from prioritet.cases import history, links, sections
        from prioritet.cases.signals import demo_prepared

        from . import policy
        from .demo import add_demo_reflection
        from .extensions import section_context, timeline

        links.register(
            links.CaseLink(
                "ethics",
                _("Ethical reflection"),
                "ethics:for_case",
                applies=lambda case, user: policy.can_read(user, case),
                order=30,
            )
        )
        sections.register(
            sections.CaseSection(
                "ethics",
                _("Ethical reflection"),
                "ethics/section.html",
                section_context,
                frozenset({sections.Place.CASE, sections.Place.REPORT}),
                order=40,
            )
        )
        history.register("ethics", timeline)
        demo_prepared.connect(add_demo_reflection, dispatch_uid="ethics.add_demo_reflection")
