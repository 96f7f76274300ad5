"""Optimistic concurrency: a stale ``version`` (or judgment ``signature``) is 409 and nothing is written."""

from __future__ import annotations

from prioritet.cases.models import Assessment, Case, Decision
from prioritet.cases.testing import future

from .conftest import answer_children, join, new_case, scores


def test_a_stale_case_version_is_409_and_the_data_is_intact(api_as, caseworker, health_personnel):
    first, second = api_as(caseworker), api_as(health_personnel)
    case = first.post("/cases", new_case()).json()
    join(case["id"], second)

    assert (
        second.patch(f"/cases/{case['id']}", {"version": case["version"], "title": "Andres tittel"}).status_code == 200
    )
    response = first.patch(f"/cases/{case['id']}", {"version": case["version"], "title": "Min tittel", "phase": "plan"})

    assert response.status_code == 409
    body = response.json()
    assert body["detail"]
    assert body["current_version"] == case["version"] + 1
    stored = Case.objects.get()
    assert (stored.title, stored.phase, stored.version) == ("Andres tittel", "prepare", case["version"] + 1)
    # Read again, send again: now it is saved.
    response = first.patch(f"/cases/{case['id']}", {"version": body["current_version"], "title": "Min tittel"})
    assert response.status_code == 200
    assert response.json()["title"] == "Min tittel"


def test_a_stale_version_without_changes_is_409_too(api_as, caseworker):
    client = api_as(caseworker)
    case = client.post("/cases", new_case()).json()
    client.patch(f"/cases/{case['id']}", {"version": case["version"], "title": "Endret"})
    assert client.patch(f"/cases/{case['id']}", {"version": case["version"]}).status_code == 409


def test_a_failed_step_of_a_patch_rolls_back_the_others(api_as, caseworker, monkeypatch):
    from django.core.exceptions import ValidationError

    from prioritet.cases import services as case_services

    client = api_as(caseworker)
    case = client.post("/cases", new_case()).json()

    def refuse(*args, **kwargs):
        raise ValidationError({"to_phase": "Nei."})

    # The new title is saved first, then the phase change fails: neither is kept.
    monkeypatch.setattr(case_services, "change_phase", refuse)
    response = client.patch(f"/cases/{case['id']}", {"version": case["version"], "title": "Ny", "phase": "plan"})
    assert response.status_code == 422
    assert response.json()["errors"] == {"phase": "Nei."}
    stored = Case.objects.get()
    assert (stored.title, stored.phase, stored.version) == (case["title"], "prepare", case["version"])


def test_a_level_the_role_does_not_work_at_is_403_and_nothing_changes(api_as, caseworker):
    client = api_as(caseworker)
    case = client.post("/cases", new_case()).json()
    response = client.patch(f"/cases/{case['id']}", {"version": case["version"], "title": "Ny", "level": "service"})
    assert response.status_code == 403
    stored = Case.objects.get()
    assert (stored.title, stored.level, stored.version) == (case["title"], "individual", case["version"])


def test_a_stale_assessment_version_is_409(api_as, caseworker):
    client = api_as(caseworker)
    case = client.post("/cases", new_case()).json()
    alternative = client.get(f"/cases/{case['id']}/alternatives").json()[1]["id"]
    url = f"/alternatives/{alternative}/assessments/mine"
    created = client.put(url, scores(3, 3)).json()
    assert client.put(url, scores(4, 4, version=created["version"])).status_code == 200

    stale = client.put(url, scores(5, 5, version=created["version"]))
    assert stale.status_code == 409
    assert stale.json()["current_version"] == created["version"] + 1
    # Creating again (no version) while one exists is a conflict too.
    assert client.put(url, scores(5, 5)).status_code == 409
    assert Assessment.objects.get().benefit == 4


def test_a_decision_on_a_stale_judgment_is_409(api_as, caseworker, health_personnel):
    client, colleague = api_as(caseworker), api_as(health_personnel)
    case = client.post("/cases", new_case()).json()
    join(case["id"], colleague)
    alternatives = client.get(f"/cases/{case['id']}/alternatives").json()
    home = alternatives[2]["id"]
    client.put(f"/alternatives/{home}/assessments/mine", scores(4, 3))
    judgment = client.get(f"/cases/{case['id']}/judgment").json()
    # A colleague assesses meanwhile: the judgment the decision was to rest on is gone.
    colleague.put(f"/alternatives/{alternatives[1]['id']}/assessments/mine", scores(5, 1))
    body = {
        "version": judgment["case_version"],
        "signature": judgment["signature"],
        "alternative_id": home,
        "priority": "high",
        "justification": "Begrunnelse",
        "departure_reason": "Hjemme er best for henne.",
        "reassessment_due": future(),
    }
    response = client.post(f"/cases/{case['id']}/decision", body)
    assert response.status_code == 409
    assert not Decision.objects.exists()


def _decided(client):
    """A new case decided through the API (home rehabilitation): the case as created, the chosen
    alternative's id and the decision's body."""
    case = client.post("/cases", new_case()).json()
    home = client.get(f"/cases/{case['id']}/alternatives").json()[2]["id"]
    client.put(f"/alternatives/{home}/assessments/mine", scores(4, 3))
    answer_children(client, case["id"])
    body = {
        "version": case["version"],
        "alternative_id": home,
        "priority": "high",
        "justification": "Begrunnelse",
        "reassessment_due": future(),
    }
    assert client.post(f"/cases/{case['id']}/decision", body).status_code == 201
    return case, home, body


def test_a_decided_case_is_409_for_changes_until_reassessed(api_as, caseworker):
    client = api_as(caseworker)
    case, home, body = _decided(client)
    version = Case.objects.get().version

    assert client.patch(f"/cases/{case['id']}", {"version": version, "title": "Endret"}).status_code == 409
    assert client.post(f"/cases/{case['id']}/alternatives", {"title": "Sent"}).status_code == 409
    assert client.put(f"/alternatives/{home}/assessments/mine", scores(1, 1, version=1)).status_code == 409
    assert client.post(f"/cases/{case['id']}/decision", {**body, "version": version}).status_code == 409
    # The phase still follows the process.
    response = client.patch(f"/cases/{case['id']}", {"version": version, "phase": "evaluate"})
    assert response.status_code == 200
    assert Case.objects.get().title == case["title"]


def test_a_reassessment_reopens_the_decided_case(api_as, caseworker):
    client = api_as(caseworker)
    case, _, _ = _decided(client)
    version = Case.objects.get().version

    assert (
        client.post(f"/cases/{case['id']}/reassessment", {"version": version - 1, "reason": "Ny info"}).status_code
        == 409
    )
    assert client.post(f"/cases/{case['id']}/reassessment", {"version": version, "reason": " "}).status_code == 422
    response = client.post(f"/cases/{case['id']}/reassessment", {"version": version, "reason": "Ny informasjon"})
    assert response.status_code == 200, response.content
    reopened = response.json()
    assert reopened["status"] == "open"
    assert client.get(f"/cases/{case['id']}/decision").status_code == 404
    assert Decision.objects.count() == 1  # the earlier decision is kept
    response = client.patch(f"/cases/{case['id']}", {"version": reopened["version"], "title": "Endret"})
    assert response.status_code == 200
    # Reassessing an open case is refused.
    response = client.post(f"/cases/{case['id']}/reassessment", {"version": response.json()["version"], "reason": "x"})
    assert response.status_code == 422


def test_moving_a_case_back_without_a_reason_is_422_naming_phase_note(api_as, caseworker):
    client = api_as(caseworker)
    case = client.post("/cases", new_case()).json()
    moved = client.patch(f"/cases/{case['id']}", {"version": case["version"], "phase": "plan"}).json()
    response = client.patch(f"/cases/{case['id']}", {"version": moved["version"], "phase": "prepare"})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["phase_note"]
    assert Case.objects.get().phase == "plan"
    back = {"version": moved["version"], "phase": "prepare", "phase_note": "Behovet må kartlegges på nytt."}
    assert client.patch(f"/cases/{case['id']}", back).status_code == 200
