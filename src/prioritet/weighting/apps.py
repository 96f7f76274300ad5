from functools import cached_property

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from prioritet.core.extensions import Extension
from prioritet.core.navigation import NavItem


class WeightingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "prioritet.weighting"
    verbose_name = _("Weighting")

    @cached_property
    def extension(self) -> Extension:
        from prioritet.accounts.models import MUNICIPAL_ROLES

        return Extension(
            navigation=[
                NavItem(
                    "weights",
                    _("Weights"),
                    "weighting:list",
                    roles=set(MUNICIPAL_ROLES),
                    order=50,
                    description=_("The weights of benefit, severity and resources the municipality has decided"),
                )
            ]
        )
