"""A case's district and its responsible caseworker through the API: the district read and written with the
web form's rules; a new individual case naming its responsible caseworker, a caseworker or health worker
of the same municipality, anyone else refused with a message on the field; by default the integration."""

from __future__ import annotations

import pytest

from prioritet.accounts.models import Role
from prioritet.cases.models import Case, CaseTeamMember
from prioritet.core.testing import FNR

from .conftest import new_case


@pytest.fixture
def client(api_as, caseworker):
    return api_as(caseworker)


def _team(case_id: int) -> dict[str, bool]:
    return {
        m.user.username: m.responsible for m in CaseTeamMember.objects.filter(case_id=case_id).select_related("user")
    }


def test_the_district_is_written_read_and_patched(client):
    created = client.post("/cases", new_case(district="  Bydel Nord ")).json()
    assert created["district"] == "Bydel Nord"
    assert Case.objects.get(pk=created["id"]).district == "Bydel Nord"
    read = client.get(f"/cases/{created['id']}").json()
    assert read["district"] == "Bydel Nord"
    patched = client.patch(f"/cases/{created['id']}", {"version": read["version"], "district": "Sone 2"})
    assert patched.status_code == 200
    assert patched.json()["district"] == "Sone 2"
    assert client.get("/cases").json()["items"][0].get("district") is None  # a list row shows no district


@pytest.mark.parametrize(
    "district", [f"Bydel {FNR}", "Nord\x07", "x" * 61], ids=["national id", "control character", "too long"]
)
def test_a_district_the_web_form_refuses_is_422_on_the_field(client, district):
    response = client.post("/cases", new_case(district=district))
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"district"}
    assert not Case.objects.exists()


def test_null_district_in_a_patch_is_refused(client):
    created = client.post("/cases", new_case()).json()
    response = client.patch(f"/cases/{created['id']}", {"version": created["version"], "district": None})
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"district"}


def test_a_service_case_has_no_district(api_as, leader):
    response = api_as(leader).post("/cases", new_case(level="service", case_reference="", district="Nord"))
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"district"}


def test_by_default_the_integration_is_responsible_as_before(client):
    created = client.post("/cases", new_case()).json()
    assert created["responsible"] == client.token.integration.user.username
    assert _team(created["id"]) == {client.token.integration.user.username: True}


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.HEALTH_PERSONNEL])
def test_a_new_case_names_its_responsible_caseworker(client, user_factory, role):
    person = user_factory(role, username=f"ansvarlig-{role}")
    created = client.post("/cases", new_case(responsible=person.username.upper())).json()
    assert created["responsible"] == person.username
    # The integration that created it stays on the team, as a member, so it reads what it made.
    assert _team(created["id"]) == {person.username: True, client.token.integration.user.username: False}
    assert client.get(f"/cases/{created['id']}").status_code == 200


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("leader", "aktiv saksbehandler"),
        ("director", "aktiv saksbehandler"),
        ("municipal_admin", "aktiv saksbehandler"),
        ("inactive", "aktiv saksbehandler"),
        ("integration", "aktiv saksbehandler"),
        ("elsewhere", "ingen bruker"),
        ("nobody", "ingen bruker"),
    ],
)
def test_anyone_else_named_responsible_is_refused_with_a_message_on_the_field(
    client, api_as, user_factory, leader, director, municipal_admin, other_municipality, who, message
):
    if who == "inactive":
        username = user_factory(Role.CASEWORKER, username="sluttet", is_active=False).username
    elif who == "integration":
        username = api_as(user_factory(Role.CASEWORKER, username="annen")).token.integration.user.username
    elif who == "elsewhere":
        username = user_factory(Role.CASEWORKER, username="i-annen-kommune", municipality=other_municipality).username
    elif who == "nobody":
        username = "finnes-ikke"
    else:
        username = {"leader": leader, "director": director, "municipal_admin": municipal_admin}[who].username
    response = client.post("/cases", new_case(responsible=username))
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert set(errors) == {"responsible"}
    assert message in errors["responsible"].lower()
    assert not Case.objects.exists()


def test_a_service_case_names_no_responsible_caseworker(api_as, leader, caseworker):
    response = api_as(leader).post(
        "/cases", new_case(level="service", case_reference="", responsible=caseworker.username)
    )
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"responsible"}


@pytest.mark.parametrize("username", [FNR, "ola\x00", "x" * 151, ""], ids=["national id", "control", "long", "empty"])
def test_a_responsible_username_follows_the_text_rules(client, username):
    response = client.post("/cases", new_case(responsible=username))
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"responsible"}


def test_the_schema_documents_district_and_responsible(client):
    from django.test import Client

    schema = Client().get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert {"district", "responsible"} <= set(schema["CaseIn"]["properties"])
    assert "district" in schema["CasePatch"]["properties"]
    assert "responsible" not in schema["CasePatch"]["properties"]  # the team page hands a case over
    assert {"district", "responsible"} <= set(schema["CaseOut"]["properties"])
    assert schema["CaseIn"]["properties"]["district"]["maxLength"] == 60
