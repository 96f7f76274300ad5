"""Demo publications: the demo municipality's decided service and political cases on its public page."""

from __future__ import annotations

from collections.abc import Mapping

from prioritet.accounts.models import Municipality, Role, User
from prioritet.cases.models import Case, Level, Status

from . import services
from .models import Publication

#: The body that decides at each level, as a municipality would name it.
BODIES = {Level.SERVICE: "Kommunalsjef for helse og omsorg", Level.POLITICAL: "Kommunestyret"}
PUBLISHER_ROLE = {Level.SERVICE: Role.LEADER, Level.POLITICAL: Role.DIRECTOR}


def publish_demo_cases(municipality: Municipality, users: Mapping[str, User]) -> None:
    """Publish every decided service and political demo case that is not published yet."""
    cases = Case.objects.filter(municipality=municipality, status=Status.DECIDED, level__in=list(BODIES)).exclude(
        pk__in=Publication.objects.values("case_id")
    )
    for case in cases:
        publisher = next(u for u in users.values() if u.role == PUBLISHER_ROLE[Level(case.level)])
        decision = case.decisions.order_by("-decided_at", "-id").first()
        services.publish(
            case,
            publisher,
            decided_by_body=BODIES[Level(case.level)],
            summary=decision.justification if decision else "",
        )
