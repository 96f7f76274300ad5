"""The API's innstilling and vedtak of a political case: the web pages' rules, roles and tenancy."""

from __future__ import annotations

import pytest

from prioritet.accounts.models import Role
from prioritet.accounts.testing import make_user
from prioritet.cases.models import Decision, Recommendation
from prioritet.cases.testing import body_of, future

from .conftest import new_case, scores


@pytest.fixture
def political_case(api_as, director):
    client = api_as(director)
    case = client.post("/cases", new_case(level="political", case_reference="", plan_process="annual_budget")).json()
    measures = [a["id"] for a in client.get(f"/cases/{case['id']}/alternatives").json()[1:]]
    for measure, (b, r) in zip(measures, [(4, 2), (3, 3)], strict=True):
        assert client.put(f"/alternatives/{measure}/assessments/mine", scores(b, r)).status_code == 201
    return case, measures


def innstilling(case, measure, **extra):
    body = {
        "version": case["version"],
        "alternative_id": measure,
        "priority": "high",
        "proposed_resolution": "Kommunestyret vedtar tiltaket.",
        "justification": "Størst nytte.",
    }
    body.update(extra)
    return body


def vedtak(case, measure, municipality, **facts):
    body = {
        "body_id": body_of(municipality).pk,
        "meeting_date": future(0),
        "saksnummer": "PS 45/26",
        "adopted_text": "Kommunestyret vedtar tiltaket.",
        "unanimous": True,
    }
    body.update(facts)
    return {
        "version": case["version"],
        "alternative_id": measure,
        "priority": "high",
        "reassessment_due": future(),
        "vedtak": body,
    }


def test_the_director_makes_the_innstilling_and_anyone_reading_sees_it(api_as, director, politician, political_case):
    case, (first, _) = political_case
    response = api_as(director).post(f"/cases/{case['id']}/recommendation", innstilling(case, first))
    assert response.status_code == 201, response.content
    read = api_as(politician).get(f"/cases/{case['id']}/recommendation")
    assert read.status_code == 200
    assert read.json()["proposed_resolution"] == "Kommunestyret vedtar tiltaket."


def test_a_politician_cannot_make_the_innstilling(api_as, politician, political_case):
    case, (first, _) = political_case
    assert api_as(politician).post(f"/cases/{case['id']}/recommendation", innstilling(case, first)).status_code == 403
    assert not Recommendation.objects.exists()


def test_another_municipality_cannot_reach_the_innstilling(api_as, director, other_municipality, political_case):
    case, (first, _) = political_case
    api_as(director).post(f"/cases/{case['id']}/recommendation", innstilling(case, first))
    outsider = api_as(make_user(Role.DIRECTOR, municipality=other_municipality))
    assert outsider.get(f"/cases/{case['id']}/recommendation").status_code == 404
    assert outsider.post(f"/cases/{case['id']}/recommendation", innstilling(case, first)).status_code == 404


def test_a_vedtak_before_the_innstilling_is_refused(api_as, politician, political_case):
    case, (first, _) = political_case
    response = api_as(politician).post(f"/cases/{case['id']}/decision", vedtak(case, first, politician.municipality))
    assert response.status_code == 422
    assert not Decision.objects.exists()


def test_a_departing_vedtak_with_amendments_is_recorded_and_read_back(api_as, director, politician, political_case):
    case, (first, second) = political_case
    api_as(director).post(f"/cases/{case['id']}/recommendation", innstilling(case, first))
    client = api_as(politician)
    body = vedtak(
        case,
        second,
        politician.municipality,
        adopted_text="Kommunestyret vedtar det andre tiltaket.",
        departure_description="Flertallet gikk for det andre tiltaket.",
        unanimous=False,
        votes_for=20,
        votes_against=15,
        amendments=[
            {"proposed_by": "Ap", "text": "Det andre tiltaket.", "adopted": True, "votes_for": 20, "votes_against": 15}
        ],
    )
    response = client.post(f"/cases/{case['id']}/decision", body)
    assert response.status_code == 201, response.content
    read = client.get(f"/cases/{case['id']}/decision").json()["vedtak"]
    assert read["departs_from_recommendation"] is True
    assert read["amendments"][0]["proposed_by"] == "Ap"
    assert (read["votes_for"], read["votes_against"]) == (20, 15)


def test_negative_votes_and_a_body_of_another_municipality_are_refused(
    api_as, director, politician, other_municipality, political_case
):
    case, (first, _) = political_case
    api_as(director).post(f"/cases/{case['id']}/recommendation", innstilling(case, first))
    client = api_as(politician)
    negative = vedtak(case, first, politician.municipality, unanimous=False, votes_for=-1, votes_against=2)
    assert client.post(f"/cases/{case['id']}/decision", negative).status_code == 422
    foreign = vedtak(case, first, politician.municipality, body_id=body_of(other_municipality, "Bystyret").pk)
    response = client.post(f"/cases/{case['id']}/decision", foreign)
    assert response.status_code == 422
    assert "body" in response.json()["errors"]
    assert not Decision.objects.exists()


def test_the_decision_bodies_are_the_municipalitys_own(api_as, politician, other_municipality):
    body_of(politician.municipality)
    body_of(other_municipality, "Bystyret")
    names = [b["name"] for b in api_as(politician).get("/decision-bodies").json()]
    assert names == ["Kommunestyret"]
