from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExamplesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "prioritet.examples"
    verbose_name = _("Examples")

    def ready(self) -> None:
        from prioritet.cases import history, links
        from prioritet.cases.signals import demo_loaded
        from prioritet.core.navigation import NavItem, register

        from .demo import share_demo_cases
        from .policy import can_publish
        from .timeline import timeline

        register(
            NavItem(
                "example_bank",
                _("Example bank"),
                "examples:search",
                roles=None,
                requires_municipality=False,
                order=55,
                description=_("Decided prioritisations shared by municipalities, to learn from and reuse"),
            )
        )
        links.register(
            links.CaseLink(
                "example_bank",
                _("Share in the example bank"),
                "examples:publish",
                applies=lambda case, user: case.is_decided and can_publish(user, case),
                order=30,
            )
        )
        history.register("examples", timeline)
        demo_loaded.connect(share_demo_cases, dispatch_uid="examples.share_demo_cases")
