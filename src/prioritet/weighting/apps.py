from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WeightingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "prioritet.weighting"
    verbose_name = _("Weighting")

    def ready(self) -> None:
        from prioritet.accounts.models import MUNICIPAL_ROLES
        from prioritet.core.navigation import NavItem, register

        register(
            NavItem(
                "weights",
                _("Weights"),
                "weighting:list",
                roles=set(MUNICIPAL_ROLES),
                order=50,
                description=_("The weights of benefit, severity and resources the municipality has decided"),
            )
        )
