"""App config: the administrators' pages in the navigation."""

from functools import cached_property

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from prioritet.core.extensions import Extension
from prioritet.core.navigation import NavItem


class AccountsConfig(AppConfig):
    """Tenancy (municipalities), users and roles, service areas."""

    name = "prioritet.accounts"
    label = "accounts"
    verbose_name = _("Users and municipalities")

    @cached_property
    def extension(self) -> Extension:
        from prioritet.accounts.models import Role

        return Extension(
            navigation=[
                NavItem(
                    key="accounts.users",
                    label=_("Users"),
                    url_name="accounts:user_list",
                    roles={Role.MUNICIPAL_ADMIN},
                    order=900,
                    description=_("Add users, give them a role, deactivate those who leave."),
                ),
                NavItem(
                    key="accounts.service_areas",
                    label=_("Service areas"),
                    url_name="accounts:service_area_list",
                    roles={Role.MUNICIPAL_ADMIN},
                    order=910,
                    description=_("The municipality's service areas, such as home care or nursing homes."),
                ),
                NavItem(
                    key="accounts.municipalities",
                    label=_("Municipalities"),
                    url_name="accounts:municipality_list",
                    roles={Role.NATIONAL_ADMIN},
                    requires_municipality=False,
                    order=950,
                    description=_("Add municipalities and their first administrator."),
                ),
            ]
        )

    def ready(self) -> None:
        # Connects the receiver that starts the session clocks at every login; registers the checks.
        from prioritet.accounts import checks, middleware  # noqa: F401
