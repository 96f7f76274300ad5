"""Reads for the accounts app: every query a view needs, already limited to the right tenant."""

from __future__ import annotations

from django.db.models import QuerySet

from prioritet.accounts.models import Municipality, Role, ServiceArea, User


def users_for_municipality(municipality: Municipality) -> QuerySet[User]:
    """The municipality's users, active first, then by name."""
    return User.objects.filter(municipality=municipality).order_by("-is_active", "last_name", "first_name", "username")


def service_areas_for_municipality(municipality: Municipality) -> QuerySet[ServiceArea]:
    """The municipality's service areas by name."""
    return ServiceArea.objects.for_municipality(municipality).order_by("name")


def municipalities() -> QuerySet[Municipality]:
    """All municipalities, by name, for the national administrator."""
    return Municipality.objects.order_by("name")


def municipal_admins(municipality: Municipality) -> QuerySet[User]:
    """The municipality's administrators, so the national administrator can see who manages it."""
    return users_for_municipality(municipality).filter(role=Role.MUNICIPAL_ADMIN)
