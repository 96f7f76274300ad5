"""Fixtures for the cases tests, on top of ``src/prioritet/conftest.py``."""

from __future__ import annotations

import pytest

from prioritet.accounts.models import Role
from prioritet.accounts.testing import make_service_area
from prioritet.cases import services
from prioritet.cases.models import AlternativeKind, Level
from prioritet.cases.testing import answer_children, on_team
from prioritet.cases.testing import assess as assess_with_scores


@pytest.fixture
def health_personnel(user_factory):
    return user_factory(Role.HEALTH_PERSONNEL, username="helsepersonell")


@pytest.fixture
def area(municipality):
    return make_service_area(municipality, "Hjemmetjenester")


@pytest.fixture
def make_case(area):
    """``make_case(user, level=..., **fields)``: a case through the service, as the views make them; the
    need's severity is 3 unless ``severity`` says otherwise (``None``: not assessed yet)."""

    def make(user, level=Level.INDIVIDUAL, consequence="Funksjonstap uten tiltak.", answered=True, **fields):
        fields.setdefault("title", "Søknad om rehabilitering")
        fields.setdefault("severity", 3)
        fields.setdefault("service_area", area if area.municipality_id == user.municipality_id else None)
        case = services.create_case(user.municipality, user, no_action_consequence=consequence, level=level, **fields)
        if case.is_individual and answered:
            # The question every individual case answers before its decision (issue 13 §4).
            answer_children(case, user)
        return case

    return make


@pytest.fixture
def assess():
    """``assess(alternative, user, b, r)``: create or update the user's assessment (benefit, resources)."""

    return assess_with_scores


@pytest.fixture
def seed_case(make_case, caseworker, health_personnel, assess):
    """The seed's hip-fracture case: severity of the need 4; institution benefit 4 resources 4, home team
    4/3, no action 1/1; two assessors (the health worker on the case team the caseworker leads)."""
    case = make_case(caseworker, title="Person på 75 år med lårhalsbrudd", severity=4)
    on_team(case, health_personnel)
    institution = services.add_alternative(case, caseworker, title="Rehabiliteringsopphold i institusjon")
    home = services.add_alternative(case, caseworker, title="Rehabiliteringsteam i hjemmet")
    no_action = case.alternatives.get(kind=AlternativeKind.NO_ACTION)
    for user in (caseworker, health_personnel):
        assess(institution, user, 4, 4)
        assess(home, user, 4, 3)
        assess(no_action, user, 1, 1)
    case.refresh_from_db()
    return case, institution, home, no_action
