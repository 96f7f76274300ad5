"""Fixtures for the ethics tests: cases at each level made through the cases services."""

from __future__ import annotations

import pytest

from prioritet.accounts.models import Role
from prioritet.cases import services as case_services
from prioritet.cases.models import Level


@pytest.fixture
def director(user_factory):
    return user_factory(Role.DIRECTOR, username="direktor")


@pytest.fixture
def make_case():
    def make(user, level=Level.INDIVIDUAL, **fields):
        fields.setdefault("title", "Søknad om rehabiliteringsopphold")
        return case_services.create_case(
            user.municipality, user, no_action_consequence="Kan få varig nedsatt funksjon.", level=level, **fields
        )

    return make


@pytest.fixture
def individual_case(make_case, caseworker):
    return make_case(caseworker, case_reference="SAK-2025-0412")


@pytest.fixture
def service_case(make_case, leader):
    return make_case(leader, level=Level.SERVICE, title="Vurdere oppstart av Larvikshjelpa")
