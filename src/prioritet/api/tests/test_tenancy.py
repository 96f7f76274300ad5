"""A token sees its own municipality only: another municipality's objects answer 404, as missing ones do."""

from __future__ import annotations

import pytest

from prioritet.accounts.models import Role
from prioritet.accounts.testing import make_service_area
from prioritet.cases.models import Alternative, Assessment, Case, CaseAccess, Decision
from prioritet.cases.testing import future

from .conftest import new_case, scores


@pytest.fixture
def theirs(api_as, user_factory, other_municipality):
    """A case of the other municipality with its alternatives, made through its own token."""
    outsider = user_factory(Role.CASEWORKER, municipality=other_municipality, username="sandefjord")
    client = api_as(outsider)
    case = client.post("/cases", new_case()).json()
    alternatives = client.get(f"/cases/{case['id']}/alternatives").json()
    return case, alternatives


@pytest.fixture
def ours(api_as, caseworker):
    return api_as(caseworker)


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", "/cases/{case}", None),
        ("patch", "/cases/{case}", {"version": 1, "title": "Kapret"}),
        ("get", "/cases/{case}/alternatives", None),
        ("post", "/cases/{case}/alternatives", {"title": "Kapret"}),
        ("get", "/cases/{case}/judgment", None),
        ("get", "/cases/{case}/decision", None),
        ("post", "/cases/{case}/decision", {"version": 1, "alternative_id": 1, "priority": "high"}),
        ("get", "/alternatives/{alternative}/assessments/mine", None),
        ("put", "/alternatives/{alternative}/assessments/mine", scores(5, 1)),
    ],
)
def test_another_municipalitys_objects_are_404(theirs, ours, method, path, body):
    case, alternatives = theirs
    url = path.format(case=case["id"], alternative=alternatives[1]["id"])
    reads = CaseAccess.objects.count()  # the access log cannot be emptied (audit rows), so count
    before = (Case.objects.get(pk=case["id"]).version, Alternative.objects.count(), Assessment.objects.count())
    response = getattr(ours, method)(url, body) if body is not None else ours.get(url)
    assert response.status_code == 404
    assert response.json() == {"detail": response.json()["detail"]}
    assert before == (Case.objects.get(pk=case["id"]).version, Alternative.objects.count(), Assessment.objects.count())
    assert not Decision.objects.exists()
    assert CaseAccess.objects.count() == reads


def test_a_missing_case_answers_the_same_404(theirs, ours):
    case, _ = theirs
    missing = ours.get("/cases/999999")
    other = ours.get(f"/cases/{case['id']}")
    assert (missing.status_code, missing.json()) == (other.status_code, other.json())


def test_the_list_shows_only_the_own_municipality(theirs, ours):
    case, _ = theirs
    own = ours.post("/cases", new_case(title="Vår sak"))
    assert own.status_code == 201
    assert [c["id"] for c in ours.get("/cases").json()["items"]] == [own.json()["id"]]
    assert [c["id"] for c in ours.get("/cases", case_reference=case["case_reference"]).json()["items"]] == [
        own.json()["id"]
    ]


def test_another_municipalitys_service_area_is_refused(ours, other_municipality):
    area = make_service_area(other_municipality, "Sykehjem")
    for ref in (area.pk, "Sykehjem"):
        response = ours.post("/cases", new_case(service_area=ref))
        assert response.status_code == 422
        assert set(response.json()["errors"]) == {"service_area"}
    assert not Case.objects.filter(municipality__number="3909").exists()


def test_a_decision_cannot_name_another_municipalitys_alternative(theirs, ours):
    _, alternatives = theirs
    case = ours.post("/cases", new_case()).json()
    response = ours.post(
        f"/cases/{case['id']}/decision",
        {
            "version": case["version"],
            "alternative_id": alternatives[1]["id"],
            "priority": "high",
            "justification": "Begrunnelse",
            "reassessment_due": future(),
        },
    )
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"alternative_id"}
    assert not Decision.objects.exists()
