"""Input validation: national identity numbers, sizes, scores, and the decision's rules (422, one message per field)."""

from __future__ import annotations

import pytest

from prioritet.cases.models import Alternative, Assessment, Case, Decision
from prioritet.cases.testing import future, on_team
from prioritet.core.testing import FNR

from .conftest import answer_children, join, new_case, scores


@pytest.fixture
def client(api_as, caseworker):
    return api_as(caseworker)


@pytest.fixture
def case(client):
    case = client.post("/cases", new_case()).json()
    answer_children(client, case["id"])
    return case


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (new_case(title=f"Søker {FNR}"), "title"),
        (new_case(description=f"Fnr. {FNR[:6]} {FNR[6:]}"), "description"),
        (new_case(no_action_consequence=f"Se {FNR}"), "no_action_consequence"),
        (new_case(case_reference=FNR), "case_reference"),
        (new_case(severity_justification=f"Pasient {FNR}"), "severity_justification"),
        (
            new_case(alternatives=[{"title": "Ok"}, {"title": "Hjemme", "description": FNR}]),
            "alternatives.1.description",
        ),
    ],
)
def test_a_national_id_in_a_new_case_is_422_naming_the_field(client, body, field):
    response = client.post("/cases", body)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert set(errors) == {field}
    assert "fødselsnummer" in errors[field]
    assert not Case.objects.exists()


def test_a_national_id_in_a_patch_alternative_assessment_and_decision_is_422(client, case):
    assert client.patch(f"/cases/{case['id']}", {"version": case["version"], "title": FNR}).json()["errors"].keys() == {
        "title"
    }
    response = client.post(f"/cases/{case['id']}/alternatives", {"title": "Tiltak", "description": FNR})
    assert (response.status_code, set(response.json()["errors"])) == (422, {"description"})
    alternative = client.get(f"/cases/{case['id']}/alternatives").json()[1]["id"]
    response = client.put(
        f"/alternatives/{alternative}/assessments/mine", scores(3, 3, benefit_justification=f"Pasient {FNR}")
    )
    assert (response.status_code, set(response.json()["errors"])) == (422, {"benefit_justification"})
    response = client.post(
        f"/cases/{case['id']}/decision",
        {"version": case["version"], "alternative_id": alternative, "justification": FNR, "priority": "low"},
    )
    assert (response.status_code, set(response.json()["errors"])) == (422, {"justification"})
    assert Case.objects.get().title == case["title"]
    assert Alternative.objects.count() == 3
    assert not Assessment.objects.exists()


@pytest.mark.parametrize("extra", [{"severity": 4}, {"severity_justification": "Høy."}])
def test_an_assessment_with_severity_is_422_saying_it_belongs_to_the_case(client, case, extra):
    alternative = client.get(f"/cases/{case['id']}/alternatives").json()[1]["id"]
    response = client.put(f"/alternatives/{alternative}/assessments/mine", scores(3, 3, **extra))
    assert response.status_code == 422
    assert "sett den på saken" in response.json()["errors"]["non_field_errors"]
    assert not Assessment.objects.exists()


def test_a_case_without_the_needs_severity_cannot_be_decided_until_it_is_patched(client):
    assert set(client.post("/cases", new_case(severity=6)).json()["errors"]) == {"severity"}
    case = client.post("/cases", new_case(severity=None, severity_justification="")).json()
    assert (case["severity"], case["severity_justification"]) == (None, "")
    answer_children(client, case["id"])
    alternative = client.get(f"/cases/{case['id']}/alternatives").json()[2]["id"]
    assert client.put(f"/alternatives/{alternative}/assessments/mine", scores(4, 3)).status_code == 201
    version = client.get(f"/cases/{case['id']}").json()["version"]
    body = {
        "version": version,
        "alternative_id": alternative,
        "justification": "Samlet vurdering.",
        "priority": "high",
        "reassessment_due": future().isoformat(),
    }
    response = client.post(f"/cases/{case['id']}/decision", body)
    assert response.status_code == 422
    assert "Vurder behovets alvorlighet" in response.json()["errors"]["non_field_errors"]
    patched = client.patch(f"/cases/{case['id']}", {"version": version, "severity": 4}).json()
    assert patched["severity"] == 4
    judgment = client.get(f"/cases/{case['id']}/judgment").json()
    assert {row["medians"]["severity"]["used"] for row in judgment["alternatives"] if row["medians"]} == {4}
    response = client.post(f"/cases/{case['id']}/decision", body | {"version": patched["version"]})
    assert response.status_code == 201


def test_a_date_in_the_case_reference_is_422(client):
    response = client.post("/cases", new_case(case_reference="Født 01.02.1950"))
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"case_reference"}


def test_a_case_reference_on_a_service_case_is_422_from_the_service(api_as, leader):
    response = api_as(leader).post("/cases", new_case(level="service"))
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"case_reference"}
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": "x" * 201}, "title"),
        ({"title": "   "}, "title"),
        ({"description": "x" * 10_001}, "description"),
        ({"case_reference": "x" * 51}, "case_reference"),
        ({"no_action_consequence": ""}, "no_action_consequence"),
        ({"level": "national"}, "level"),
        ({"alternatives": [{"title": "a"}] * 21}, "alternatives"),
        ({"service_area": "Finnes ikke"}, "service_area"),
    ],
)
def test_sizes_and_choices_are_checked(client, overrides, field):
    response = client.post("/cases", new_case(**overrides))
    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert not Case.objects.exists()


def test_missing_fields_are_422_and_bad_json_is_400(client):
    response = client.post("/cases", {"title": "Bare tittel"})
    assert response.status_code == 422
    assert {"level", "no_action_consequence"} <= set(response.json()["errors"])
    response = client.client.post("/api/v1/cases", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"]


@pytest.mark.parametrize("bad", [0, 6, "høy", None])
def test_scores_are_1_to_5(client, case, bad):
    alternative = client.get(f"/cases/{case['id']}/alternatives").json()[1]["id"]
    response = client.put(f"/alternatives/{alternative}/assessments/mine", scores(bad, 3))
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"benefit"}


def test_an_archived_alternative_cannot_be_assessed(client, case, caseworker):
    from prioritet.cases import services as case_services

    alternative = Alternative.objects.filter(case_id=case["id"], kind="measure").first()
    on_team(alternative.case, caseworker)  # a caseworker on the team archives it on the web
    case_services.set_alternative_archived(alternative, caseworker, alternative.version, True)
    response = client.put(f"/alternatives/{alternative.pk}/assessments/mine", scores(3, 3))
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"non_field_errors"}


# The decision's rules: the same service function as the web page --------------------------------------


@pytest.fixture
def assessed(client):
    """A case affecting a child, with the home team suggested first; returns (case, no_action, institution, home)."""
    case = client.post("/cases", new_case(child_affected=True)).json()
    answer_children(client, case["id"], affected=True)
    no_action, institution, home = (a["id"] for a in client.get(f"/cases/{case['id']}/alternatives").json())
    for alternative, (b, r) in {institution: (4, 4), home: (4, 3), no_action: (1, 1)}.items():
        assert client.put(f"/alternatives/{alternative}/assessments/mine", scores(b, r)).status_code == 201
    return case, no_action, institution, home


def test_every_broken_rule_of_a_decision_has_its_message(client, assessed):
    case, no_action, _institution, _home = assessed
    response = client.post(f"/cases/{case['id']}/decision", {"version": case["version"], "alternative_id": no_action})
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert set(errors) == {
        "departure_reason",
        "forsvarlighet_confirmed",
        "forsvarlighet_justification",
        "child_best_interest",
        "justification",
        "reassessment_due",
    }
    assert all(isinstance(message, str) and message for message in errors.values())
    assert not Decision.objects.exists()


def test_a_measure_needs_a_priority_and_the_reference_gets_none(client, assessed):
    """«No action» is the reference (issue 11): choosing a measure needs a priority, choosing it does not."""
    case, _no_action, _institution, home = assessed
    response = client.post(f"/cases/{case['id']}/decision", {"version": case["version"], "alternative_id": home})
    assert response.status_code == 422
    assert "priority" in response.json()["errors"]


def test_the_reassessment_date_must_be_after_today(client, assessed):
    case, _no_action, _institution, home = assessed
    body = {
        "version": case["version"],
        "alternative_id": home,
        "priority": "high",
        "justification": "Begrunnelse",
        "child_best_interest": "Barnet bor hjemme.",
        "reassessment_due": future(0),
    }
    response = client.post(f"/cases/{case['id']}/decision", body)
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"reassessment_due"}


@pytest.mark.parametrize("missing", [{}, {"reassessment_due": None}], ids=["left-out", "null"])
def test_a_decision_without_a_reassessment_date_is_422_with_the_services_message(
    client, assessed, missing, api_as, caseworker
):
    """Every decision needs a date for reassessment, an individual vedtak too: the schema takes a missing
    or null date so that the service reports it, in the request's language, with any other broken rule."""
    case, _no_action, _institution, home = assessed
    body = {
        "version": case["version"],
        "alternative_id": home,
        "priority": "high",
        "justification": "Begrunnelse",
        "child_best_interest": "Barnet bor hjemme.",
        **missing,
    }
    response = client.post(f"/cases/{case['id']}/decision", body)
    assert response.status_code == 422
    assert response.json()["errors"] == {"reassessment_due": "Sett en dato for revurdering."}
    assert not Decision.objects.exists()
    english_client = api_as(caseworker, **{"Accept-Language": "en"})
    join(case["id"], english_client)
    english = english_client.post(f"/cases/{case['id']}/decision", body)
    assert english.json()["errors"] == {"reassessment_due": "Set a date for reassessment."}


def test_a_decision_for_no_action_with_all_it_needs_is_recorded(client, assessed):
    case, no_action, _institution, _home = assessed
    body = {
        "version": case["version"],
        "alternative_id": no_action,
        "priority": "low",
        "justification": "Tilbudet er ikke nødvendig nå.",
        "departure_reason": "Bruker ønsker å vente.",
        "forsvarlighet_confirmed": True,
        "forsvarlighet_justification": "Hjemmetjenesten følger opp ukentlig.",
        "child_best_interest": "Ingen barn berøres direkte.",
        "reassessment_due": future(30),
    }
    response = client.post(f"/cases/{case['id']}/decision", body)
    assert response.status_code == 201, response.content
    decision = Decision.objects.get()
    assert decision.forsvarlighet_confirmed
    assert decision.departure_reason == "Bruker ønsker å vente."
    assert decision.priority == ""  # the reference gets no priority, whatever was sent
    assert response.json()["priority"] is None


def test_no_decision_yet_is_404(client, case):
    response = client.get(f"/cases/{case['id']}/decision")
    assert response.status_code == 404
    assert response.json()["detail"]


@pytest.mark.parametrize("field", ["level", "title", "phase", "archived", "case_reference"])
def test_null_is_refused_where_a_field_cannot_be_empty(client, case, field):
    response = client.patch(f"/cases/{case['id']}", {"version": case["version"], field: None})
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {field}
    assert Case.objects.get().version == case["version"]
