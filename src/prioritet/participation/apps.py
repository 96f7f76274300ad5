from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "prioritet.participation"
    verbose_name = _("Participation")

    def ready(self) -> None:
        from prioritet.cases import history, links, sections
        from prioritet.cases.signals import demo_loaded

        from . import extensions
        from .demo import add_demo_rounds
        from .policy import can_view
        from .retention import register_rules

        register_rules()

        links.register(
            links.CaseLink(
                "participation",
                _("Consultation rounds"),
                "participation:rounds",
                applies=lambda case, user: can_view(user, case),
                order=30,
            )
        )
        sections.register(
            sections.CaseSection(
                "consultation",
                _("Consultation"),
                "participation/section.html",
                extensions.section_context,
                frozenset({sections.Place.CASE, sections.Place.REPORT, sections.Place.PUBLIC}),
                order=20,
            )
        )
        history.register("participation", extensions.timeline)
        demo_loaded.connect(add_demo_rounds, dispatch_uid="participation.add_demo_rounds")
