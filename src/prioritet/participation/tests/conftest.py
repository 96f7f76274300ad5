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


def answer_post(
    case, *, key: str, action: str = "submit", views=(4, 4, 2), why="", text="", speaks_for="", severity_why=""
) -> dict:
    """The POST data of the answer form: ``views`` is (benefit, severity, resources): the severity of the
    need once, the same benefit and resources on every alternative."""
    benefit, severity, resources = ("unknown" if value is None else str(value) for value in views)
    data = {"key": key, "action": action, "free_text": text, "speaks_for": speaks_for}
    data.update(severity=severity, severity_why=severity_why)
    for alternative in case.alternatives.filter(archived=False):
        data.update({f"a{alternative.pk}_benefit": benefit, f"a{alternative.pk}_resources": resources})
        data[f"a{alternative.pk}_why"] = why
    return data


def answer_data(case, views=(4, 4, 2), why="", **extra) -> services.AnswerData:
    """An answer: ``views`` is (benefit, severity, resources): the need's severity once, the same benefit and
    resources on every active alternative."""
    benefit, severity, resources = views
    scores = {a.pk: services.ScoreData(benefit, resources, why) for a in case.alternatives.filter(archived=False)}
    return services.AnswerData(scores=scores, severity=severity, **extra)
