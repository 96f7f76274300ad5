"""Demo examples: the demo municipality shares one decided service case and one political case."""

from __future__ import annotations

from collections.abc import Mapping

from prioritet.accounts.models import Municipality, Role, User
from prioritet.cases.models import Case, Level, Status

from . import services
from .models import Example

#: The levels the demo shares, and the role that shares each.
SHARED = {Level.SERVICE: Role.LEADER, Level.POLITICAL: Role.DIRECTOR}


def share_demo_cases(municipality: Municipality, users: Mapping[str, User]) -> None:
    """Share the oldest decided case of each level, unless the demo has shared one of that level already."""
    for level, role in SHARED.items():
        if Example.objects.filter(municipality=municipality, level=level).exists():
            continue
        case = (
            Case.objects.filter(municipality=municipality, level=level, status=Status.DECIDED, archived=False)
            .order_by("created_at", "pk")
            .first()
        )
        if case is None:
            continue
        publisher = next(u for u in users.values() if u.role == role and u.municipality_id == municipality.pk)
        services.publish_case(case, publisher)
