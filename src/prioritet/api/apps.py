"""App config: the API token pages in the municipal administrator's navigation."""

from functools import cached_property

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from prioritet.core.extensions import Extension
from prioritet.core.navigation import NavItem


class ApiConfig(AppConfig):
    """The JSON API and its tokens."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "prioritet.api"
    label = "api"
    verbose_name = _("API")

    @cached_property
    def extension(self) -> Extension:
        from prioritet.accounts.models import Role

        return Extension(
            navigation=[
                NavItem(
                    key="api.tokens",
                    label=_("API tokens"),
                    url_name="api:token_list",
                    roles={Role.MUNICIPAL_ADMIN},
                    order=920,
                    description=_("Give the municipality's case system access to its priority cases through the API."),
                )
            ]
        )
