from functools import cached_property

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from prioritet.cases.extensions import CaseExtension, CaseLink
from prioritet.core.navigation import NavItem


class PublicConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "prioritet.public"
    verbose_name = _("Public pages")

    @cached_property
    def extension(self) -> CaseExtension:
        from .demo import publish_demo_cases, publish_demo_key_figures
        from .policy import KEY_FIGURE_ROLES, PUBLISHERS, can_publish

        return CaseExtension(
            navigation=[
                NavItem(
                    "publishing",
                    _("Publishing"),
                    "public:manage",
                    roles=set().union(*PUBLISHERS.values()),
                    order=45,
                    description=_("Publish decided service and political prioritisations on the public page"),
                ),
                NavItem(
                    "key_figures",
                    _("Public key figures"),
                    "public:key_figure_list",
                    roles=KEY_FIGURE_ROLES,
                    order=46,
                    in_menu=False,
                    description=_("Choose the indicators the municipality shows on its public page"),
                ),
            ],
            case_links=[
                CaseLink(
                    "publish",
                    _("Publish on the public page"),
                    "public:publish",
                    applies=lambda case, user: case.is_decided and can_publish(user, case),
                    order=20,
                )
            ],
            demo_loaded=[publish_demo_cases, publish_demo_key_figures],
        )
