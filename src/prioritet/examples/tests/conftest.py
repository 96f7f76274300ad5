"""Fixtures for the example bank's tests, on top of ``src/prioritet/conftest.py``."""

from __future__ import annotations

import pytest

from prioritet.accounts.models import Role
from prioritet.accounts.testing import make_service_area, make_user
from prioritet.cases.models import Level
from prioritet.cases.testing import decided_case, on_team
from prioritet.examples.models import Example

REFERENCE = "SAK-2025-0042"


@pytest.fixture
def empty_bank(db):
    """No examples at all (the migration's worked cases removed), so a test sees only its own."""
    Example.objects.all().delete()


@pytest.fixture
def area(municipality):
    return make_service_area(municipality, "Hjemmetjenester")


@pytest.fixture
def service_case(leader, area):
    """Larvik's service case: start «Larvikshjelpa» (severity 4, benefit 4, resources 2) or wait."""
    return decided_case(
        leader,
        [("Starte Larvikshjelpa", (4, 2)), ("Vente et år", (2, 1))],
        severity=4,
        title="Oppstart av Larvikshjelpa",
        description="Økende pågang fra innbyggere.",
        service_area=area,
        justification="Ventetid er en betydelig risikofaktor.",
    )


@pytest.fixture
def political_case(director):
    return decided_case(
        director,
        [("Utvide dagaktivitetstilbudet", (4, 2)), ("Videreføre dagens tilbud", (2, 1))],
        severity=4,
        level=Level.POLITICAL,
        title="Dagaktivitet for personer med demens",
    )


@pytest.fixture
def individual_case(caseworker, leader):
    """The hip-fracture case, decided by the caseworker, with a case reference that must never be shared;
    the leader who shares it de-identified is on its case team."""
    case, decision = decided_case(
        caseworker,
        [("Rehabiliteringsopphold i institusjon", (4, 4)), ("Rehabiliteringsteam i hjemmet", (4, 3))],
        severity=4,
        level=Level.INDIVIDUAL,
        title="Rehabilitering etter lårhalsbrudd",
        description=f"Søknad {REFERENCE} om rehabiliteringsopphold.",
        case_reference=REFERENCE,
        justification="Hjemmerehabilitering gir samme nytte med lavere ressursbruk.",
    )
    on_team(case, leader)
    return case, decision


@pytest.fixture
def other_leader(other_municipality):
    return make_user(Role.LEADER, municipality=other_municipality, username="leder-b")
