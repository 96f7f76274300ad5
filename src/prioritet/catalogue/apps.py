from functools import cached_property

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from prioritet.cases.extensions import CaseExtension, CaseLink
from prioritet.core.navigation import NavItem


class CatalogueConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "prioritet.catalogue"
    verbose_name = _("Measures catalogue")

    @cached_property
    def extension(self) -> CaseExtension:
        from . import policy
        from .demo import add_demo_catalogue

        return CaseExtension(
            navigation=[
                NavItem(
                    "catalogue",
                    _("Measures catalogue"),
                    "catalogue:index",
                    roles=policy.READ_ROLES,
                    order=38,
                    description=_("The municipality's services and measures, ready to use in a case"),
                )
            ],
            case_links=[
                CaseLink(
                    "catalogue",
                    _("Add from the measures catalogue"),
                    "catalogue:pick",
                    applies=policy.can_pick_for,
                    order=45,
                )
            ],
            demo_prepared=[add_demo_catalogue],
        )
