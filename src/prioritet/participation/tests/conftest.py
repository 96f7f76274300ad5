"""Fixtures for the participation tests: a decided service case and a director's political case."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from prioritet.cases.models import Level
from prioritet.cases.testing import decided_case
from prioritet.participation import services
from prioritet.participation.models import Group


@pytest.fixture
def service_case(leader):
    case, _ = decided_case(leader, [("Starte Larvikshjelpa", (4, 2)), ("Vente et år", (2, 1))], severity=4)
    return case


@pytest.fixture
def political_case(director):
    case, _ = decided_case(
        director, [("Utvide dagaktivitet", (4, 2))], severity=4, level=Level.POLITICAL, title="Demens"
    )
    return case


@pytest.fixture
def opened(service_case, leader):
    """A round on the service case with three invitations and a public link: (round, links)."""
    return services.open_round(
        service_case,
        leader,
        question="Hvordan ser dere alternativene?",
        deadline=timezone.now() + datetime.timedelta(days=7),
        public_enabled=True,
        invitations=[
            (Group.ELDERLY_COUNCIL, "Eldrerådet"),
            (Group.USER_ORGANISATION, "Mental Helse"),
            (Group.UNION, "Fagforbundet"),
        ],
    )


def answer_post(case, *, key: str, action: str = "submit", views=(4, 4, 2), why="", text="", speaks_for="") -> dict:
    """The POST data of the answer form: the same views on every alternative."""
    data = {"key": key, "action": action, "free_text": text, "speaks_for": speaks_for}
    for alternative in case.alternatives.filter(archived=False):
        for name, value in zip(("benefit", "severity", "resources"), views, strict=True):
            data[f"a{alternative.pk}_{name}"] = "unknown" if value is None else str(value)
        data[f"a{alternative.pk}_why"] = why
    return data
