"""Test helper: an integration token, the one way tests make API tokens."""

from __future__ import annotations

from prioritet.accounts.models import Municipality, Role, User
from prioritet.accounts.testing import make_user
from prioritet.cases.models import Level

from . import services
from .models import Access, ApiToken, Integration


def municipal_admin(municipality: Municipality) -> User:
    """The municipality's first active administrator, made when it has none."""
    admin = User.objects.filter(municipality=municipality, role=Role.MUNICIPAL_ADMIN, is_active=True).first()
    return admin or make_user(Role.MUNICIPAL_ADMIN, municipality=municipality)


def make_integration_token(
    municipality: Municipality,
    *,
    role: str = Role.CASEWORKER,
    access: str = Access.READ_WRITE,
    levels: list[str] | None = None,
    name: str = "Fagsystem",
    created_by: User | None = None,
) -> tuple[ApiToken, str]:
    """A token of a new integration of ``municipality``; returns the token and the raw bearer value.

    ``levels`` defaults to every level; ``role`` and ``access`` decide what it may do, as for any
    integration. Made by the municipality's administrator, through the services.
    """
    admin = created_by or municipal_admin(municipality)
    count = Integration.objects.filter(municipality=municipality).count()
    integration = services.create_integration(
        municipality,
        admin,
        name=f"{name} {count + 1}",
        role=role,
        access=access,
        levels=list(levels) if levels is not None else list(Level.values),
    )
    return services.create_token(municipality, admin, integration=integration, name=name)
