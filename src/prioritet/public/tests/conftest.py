"""Fixtures for the public pages' tests, on top of ``src/prioritet/conftest.py``."""

from __future__ import annotations

import pytest

from prioritet.accounts.models import Role
from prioritet.cases.models import Level
from prioritet.cases.testing import decided_case
from prioritet.public import services

#: Assessors with names that must never appear on a public page.
ASSESSOR_NAMES = ("Ingrid Vurdersen", "Ola Skårsen")


@pytest.fixture
def director(user_factory):
    return user_factory(Role.DIRECTOR, username="direktor", first_name="Dina", last_name="Direktørsen")


@pytest.fixture
def leader(user_factory):
    return user_factory(Role.LEADER, username="ingrid.vurdersen", first_name="Ingrid", last_name="Vurdersen")


@pytest.fixture
def second_leader(user_factory):
    return user_factory(Role.LEADER, username="ola.skarsen", first_name="Ola", last_name="Skårsen")


@pytest.fixture
def service_case(leader, second_leader):
    """The seed's service case: start «Larvikshjelpa» (severity 4, benefit 4, resources 2) or wait."""
    return decided_case(
        leader,
        [("Starte Larvikshjelpa", (4, 2)), ("Vente et år", (2, 1))],
        severity=4,
        title="Oppstart av Larvikshjelpa",
        assessors=[leader, second_leader],
        justification="Intern begrunnelse som ikke skal publiseres.",
    )


@pytest.fixture
def political_case(director):
    """The seed's political case: more day activities for people with dementia."""
    return decided_case(
        director,
        [("Utvide dagaktivitetstilbudet", (4, 2)), ("Videreføre dagens tilbud", (2, 1))],
        severity=4,
        level=Level.POLITICAL,
        title="Dagaktivitet for personer med demens",
    )


@pytest.fixture
def published(service_case, leader):
    case, _ = service_case
    return services.publish(
        case, leader, decided_by_body="Virksomhetsleder hjemmetjenesten", summary="Larvikshjelpa startes i 2026."
    )
