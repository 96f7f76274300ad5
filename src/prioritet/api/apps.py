"""App config: registers the API token pages in the municipal administrator's navigation."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The JSON API and its tokens."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "prioritet.api"
    label = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        from prioritet.accounts.models import Role
        from prioritet.core.navigation import NavItem, register

        register(
            NavItem(
                key="api.tokens",
                label=_("API tokens"),
                url_name="api:token_list",
                roles={Role.MUNICIPAL_ADMIN},
                order=920,
                description=_("Give the municipality's case system access to its priority cases through the API."),
            )
        )
