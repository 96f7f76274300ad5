"""The demo municipality's waiting lists (made-up people, pseudonymous references): ``load_demo``.

Two services with capacity and a list each — long-term place in a nursing home and home
rehabilitation (hours per week) — plus short-stay and day activity with capacity and no one
waiting. Every waiting person is an individual case decided for a place, with scores, urgency and a
waiting date of its own; one place in the nursing home is free, so the list suggests who gets it.
Idempotent: a municipality with any waiting-list service is left as it is.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal

from django.utils import timezone

from prioritet.accounts.models import Municipality, ServiceArea, User
from prioritet.cases import services as case_services
from prioritet.cases import voice
from prioritet.cases.judgment import combined_judgment
from prioritet.cases.models import Level

from . import services
from .models import Unit, WaitingService

CASEWORKER, HEALTH, LEADER = "demo-saksbehandler", "demo-helsepersonell", "demo-leder"

#: name, unit, service area, capacity, in use outside the list.
SERVICES = (
    ("Langtidsplass i sykehjem", Unit.PLACES, "Sykehjem og institusjon", 24, 23),
    ("Korttidsopphold", Unit.PLACES, "Sykehjem og institusjon", 8, 6),
    ("Dagaktivitet for personer med demens", Unit.PLACES, "Demensomsorg og dagaktivitet", 15, 13),
    ("Hverdagsrehabilitering", Unit.HOURS, "Rehabilitering", 60, 52),
)

#: service, reference, severity, benefit, resources, urgency, days waited, hours granted
WAITING = (
    ("Langtidsplass i sykehjem", "DEMO-VL-101", 5, 4, 4, 3, 12, None),
    ("Langtidsplass i sykehjem", "DEMO-VL-102", 4, 4, 4, 2, 64, None),
    ("Langtidsplass i sykehjem", "DEMO-VL-103", 4, 3, 4, 1, 120, None),
    ("Langtidsplass i sykehjem", "DEMO-VL-104", 3, 4, 3, 1, 35, None),
    ("Langtidsplass i sykehjem", "DEMO-VL-105", 5, 3, 5, 2, 20, None),
    ("Langtidsplass i sykehjem", "DEMO-VL-106", 3, 3, 4, 1, 150, None),
    ("Langtidsplass i sykehjem", "DEMO-VL-107", 4, 4, 3, 1, 48, None),
    ("Hverdagsrehabilitering", "DEMO-VL-201", 3, 5, 2, 2, 9, "6"),
    ("Hverdagsrehabilitering", "DEMO-VL-202", 4, 4, 2, 1, 21, "8"),
    ("Hverdagsrehabilitering", "DEMO-VL-203", 2, 4, 1, 1, 40, "4"),
)


def _decided_case(municipality: Municipality, users: Mapping[str, User], area: ServiceArea | None, spec: tuple):
    service_name, reference, severity, benefit, resources = spec[:5]
    caseworker = users[CASEWORKER]
    case = case_services.create_case(
        municipality,
        caseworker,
        no_action_consequence="Behovet blir ikke dekket; pårørende bærer mer av omsorgen.",
        level=Level.INDIVIDUAL,
        title=f"Søknad: {service_name.lower()} (demo)",
        service_area=area,
        case_reference=reference,
        severity=severity,
        severity_justification="Kartlagt i hjemmebesøk (oppdiktet demosak).",
    )
    # The caseworker puts the health worker who assesses with them on the case team.
    case_services.add_team_member(case, caseworker, users[HEALTH])
    alternative = case_services.add_alternative(case, caseworker, title=service_name)
    for assessor in (caseworker, users[HEALTH]):
        case_services.save_assessment(
            alternative,
            assessor,
            None,
            {"benefit": benefit, "resources": resources, "basis_clinical": True, "certainty": "medium"},
        )
    # Every individual case answers the children question before its decision (issue 13 §4).
    voice.save_voice(case, caseworker, None, {"children": "none"})
    case.refresh_from_db()
    top = combined_judgment(case).top
    assert top is not None
    case_services.decide(
        case,
        caseworker,
        case.version,
        alternative=top.alternative,
        priority="high",
        justification="Vilkårene for tjenesten er oppfylt; personen settes på venteliste.",
        reassessment_due=timezone.localdate() + datetime.timedelta(days=180),
    )
    case.refresh_from_db()
    return case


def add_demo_waiting_lists(municipality: Municipality, users: Mapping[str, User]) -> None:
    if WaitingService.objects.for_municipality(municipality).exists():
        return
    leader = users[LEADER]
    today = timezone.localdate()
    areas = {area.name: area for area in ServiceArea.objects.filter(municipality=municipality)}
    made: dict[str, WaitingService] = {}
    for name, unit, area, capacity, other_use in SERVICES:
        service = services.create_service(municipality, leader, name=name, unit=unit, service_area=areas.get(area))
        services.change_capacity(
            service,
            leader,
            amount=Decimal(capacity - 1 if unit == Unit.PLACES else capacity - 8),
            other_use=Decimal(other_use),
            valid_from=today - datetime.timedelta(days=200),
            note="Oppdiktet demokapasitet.",
        )
        services.change_capacity(
            service,
            leader,
            amount=Decimal(capacity),
            other_use=Decimal(other_use),
            valid_from=today - datetime.timedelta(days=30),
            note="Ny plass åpnet (oppdiktet demokapasitet).",
        )
        made[name] = service
    for spec in WAITING:
        service = made[spec[0]]
        case = _decided_case(municipality, users, service.service_area, spec)
        services.put_on_list(
            case,
            users[CASEWORKER],
            service,
            urgency=spec[5],
            amount=Decimal(spec[7] or 1),
            waiting_since=today - datetime.timedelta(days=spec[6]),
        )
