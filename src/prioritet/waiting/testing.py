"""Test factories of the waiting lists, through the services as the pages use them."""

from __future__ import annotations

import datetime
from decimal import Decimal

from prioritet.accounts.models import User
from prioritet.cases.models import Case, Level
from prioritet.cases.testing import decided_case

from . import services
from .models import Unit, WaitingEntry, WaitingService


def make_service(
    leader: User, name: str = "Langtidsplass i sykehjem", *, capacity: int | None = None, unit: str = Unit.PLACES
) -> WaitingService:
    """A service (made by a leader), with ``capacity`` from today when given."""
    service = services.create_service(leader.municipality, leader, name=name, unit=unit)
    if capacity is not None:
        services.change_capacity(service, leader, amount=Decimal(capacity))
    return service


def waiting_case(
    caseworker: User, severity: int, benefit: int, resources: int, title: str = "Søknad", reference: str = ""
) -> Case:
    """An individual case decided for one service alternative with the given combined scores."""
    case, _ = decided_case(
        caseworker,
        [("Plass", (benefit, resources))],
        level=Level.INDIVIDUAL,
        title=title,
        severity=severity,
        case_reference=reference,
    )
    return case


def put(
    service: WaitingService,
    caseworker: User,
    severity: int,
    benefit: int,
    resources: int,
    *,
    urgency: int = 1,
    since: datetime.date | None = None,
    amount: Decimal = Decimal(1),
    reference: str = "",
) -> WaitingEntry:
    case = waiting_case(caseworker, severity, benefit, resources, reference=reference)
    return services.put_on_list(case, caseworker, service, urgency=urgency, amount=amount, waiting_since=since)
