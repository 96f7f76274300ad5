from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "prioritet.public"
    verbose_name = _("Public pages")

    def ready(self) -> None:
        from prioritet.cases import links
        from prioritet.cases.signals import demo_loaded
        from prioritet.core.navigation import NavItem, register

        from .policy import PUBLISHERS, can_publish

        register(
            NavItem(
                "publishing",
                _("Publishing"),
                "public:manage",
                roles=set().union(*PUBLISHERS.values()),
                order=45,
                description=_("Publish decided service and political prioritisations on the public page"),
            )
        )
        links.register(
            links.CaseLink(
                "publish",
                _("Publish on the public page"),
                "public:publish",
                applies=lambda case, user: case.is_decided and can_publish(user, case),
                order=20,
            )
        )
        from .demo import publish_demo_cases

        demo_loaded.connect(publish_demo_cases, dispatch_uid="public.publish_demo_cases")
