"""The role rules are the web application's (``prioritet.cases.policy``): refused operations are 403."""

from __future__ import annotations

import pytest

from prioritet.accounts.models import Role
from prioritet.cases.models import Case, CaseAccess, Decision
from prioritet.cases.testing import body_of, future

from .conftest import new_case, scores


@pytest.fixture
def political_case(api_as, director):
    client = api_as(director)
    case = client.post("/cases", new_case(level="political", case_reference="", plan_process="annual_budget")).json()
    measure = client.get(f"/cases/{case['id']}/alternatives").json()[1]["id"]
    assert client.put(f"/alternatives/{measure}/assessments/mine", scores(4, 2)).status_code == 201
    return case, measure


def test_a_caseworker_token_cannot_decide_a_political_case(api_as, caseworker, political_case):
    case, measure = political_case
    client = api_as(caseworker)
    assert client.get(f"/cases/{case['id']}").status_code == 200  # political cases are open to read
    response = client.post(
        f"/cases/{case['id']}/decision",
        {
            "version": case["version"],
            "alternative_id": measure,
            "priority": "high",
            "justification": "Begrunnelse",
            "reassessment_due": future(),
        },
    )
    assert response.status_code == 403
    assert response.json()["detail"]
    assert not Decision.objects.exists()


def _decide_political(client, political_case):
    case, measure = political_case
    return client.post(
        f"/cases/{case['id']}/decision",
        {
            "version": case["version"],
            "alternative_id": measure,
            "priority": "high",
            "justification": "Begrunnelse",
            "reassessment_due": future(),
        },
    )


def test_the_director_prepares_but_cannot_record_the_political_vedtak(api_as, director, political_case):
    response = _decide_political(api_as(director), political_case)
    assert response.status_code == 403
    assert not Decision.objects.exists()


def test_a_politician_records_the_political_vedtak_after_the_innstilling(api_as, director, politician, political_case):
    case, measure = political_case
    recommendation = {
        "version": case["version"],
        "alternative_id": measure,
        "priority": "high",
        "proposed_resolution": "Tiltaket gjennomføres.",
        "justification": "Begrunnelse",
    }
    assert api_as(director).post(f"/cases/{case['id']}/recommendation", recommendation).status_code == 201
    client = api_as(politician)
    vedtak = {
        "body_id": body_of(politician.municipality).pk,
        "meeting_date": future(0),
        "saksnummer": "PS 45/26",
        "adopted_text": "Tiltaket gjennomføres.",
        "unanimous": True,
    }
    response = client.post(
        f"/cases/{case['id']}/decision",
        {
            "version": case["version"],
            "alternative_id": measure,
            "priority": "high",
            "reassessment_due": future(),
            "vedtak": vedtak,
        },
    )
    assert response.status_code == 201, response.content
    assert Decision.objects.get().decided_by == client.token.integration.user
    assert response.json()["vedtak"]["saksnummer"] == "PS 45/26"


def test_a_political_decision_without_the_vedtak_facts_is_refused(api_as, politician, political_case):
    response = _decide_political(api_as(politician), political_case)
    assert response.status_code == 422
    assert "vedtak" in response.json()["errors"]
    assert not Decision.objects.exists()


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("patch", "/cases/{case}", {"version": 1, "title": "Endret"}),
        ("post", "/cases/{case}/alternatives", {"title": "Nytt"}),
        ("put", "/alternatives/{measure}/assessments/mine", scores(1, 1)),
    ],
)
def test_a_caseworker_cannot_change_a_political_case(api_as, caseworker, political_case, method, path, body):
    case, measure = political_case
    response = getattr(api_as(caseworker), method)(path.format(case=case["id"], measure=measure), body)
    assert response.status_code == 403
    assert Case.objects.get().title == case["title"]


def test_a_director_cannot_read_individual_cases(api_as, caseworker, director):
    case = api_as(caseworker).post("/cases", new_case()).json()
    reads = CaseAccess.objects.count()  # the access log cannot be emptied (audit rows), so count
    client = api_as(director)
    for path in ("/cases/{id}", "/cases/{id}/judgment", "/cases/{id}/alternatives", "/cases/{id}/decision"):
        assert client.get(path.format(id=case["id"])).status_code == 403
    assert CaseAccess.objects.count() == reads  # refused before anything is read


@pytest.mark.parametrize(
    ("role", "level", "status"),
    [
        (Role.CASEWORKER, "individual", 201),
        (Role.HEALTH_PERSONNEL, "individual", 201),
        (Role.CASEWORKER, "service", 403),
        (Role.LEADER, "service", 201),
        (Role.LEADER, "individual", 403),
        (Role.DIRECTOR, "political", 201),
        (Role.DIRECTOR, "individual", 403),
    ],
)
def test_who_creates_cases_at_which_level(api_as, user_factory, role, level, status):
    client = api_as(user_factory(role))
    body = new_case(level=level, case_reference="2026/1" if level == "individual" else "")
    assert client.post("/cases", body).status_code == status
    assert Case.objects.count() == (1 if status == 201 else 0)
