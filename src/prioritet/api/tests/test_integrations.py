"""Integrations: system accounts with a role and a scope; tokens that expire; the record names the token."""

from __future__ import annotations

import datetime
import json

import pytest
from django.contrib.auth.backends import ModelBackend
from django.urls import reverse
from django.utils import timezone

from prioritet.accounts.models import Role
from prioritet.api.models import ApiToken, Integration
from prioritet.api.testing import make_integration_token
from prioritet.cases.models import Case, CaseAccess
from prioritet.cases.testing import on_team

from .conftest import ApiClient, new_case


@pytest.fixture
def admin_client(login_client, municipal_admin):
    return login_client(municipal_admin)


def test_the_admin_creates_an_integration_whose_system_user_cannot_sign_in(admin_client, municipal_admin):
    response = admin_client.post(
        reverse("api:integration_create"),
        {"name": "Sakssystem", "role": Role.CASEWORKER, "access": "read", "levels": ["individual", "service"]},
    )
    assert response.status_code == 302
    integration = Integration.objects.get()
    assert (integration.municipality, integration.created_by) == (municipal_admin.municipality, municipal_admin)
    assert (integration.access, integration.levels) == ("read", ["individual", "service"])
    user = integration.user
    assert (user.role, user.municipality) == (Role.CASEWORKER, municipal_admin.municipality)
    assert not user.has_usable_password()
    assert user.email == ""
    assert ModelBackend().authenticate(None, username=user.username, password="") is None
    assert "Sakssystem" in admin_client.get(reverse("api:token_list")).content.decode()


@pytest.mark.parametrize("role", [Role.MUNICIPAL_ADMIN, Role.NATIONAL_ADMIN, "superuser"])
def test_an_integration_never_gets_an_administrator_role(admin_client, role):
    response = admin_client.post(
        reverse("api:integration_create"), {"name": "Sakssystem", "role": role, "access": "read", "levels": ["service"]}
    )
    assert "role" in response.context["form"].errors
    assert not Integration.objects.exists()


def test_the_integration_page_refuses_national_ids_and_overlong_names(admin_client):
    for name in ("15076500565", "x" * 101):
        response = admin_client.post(
            reverse("api:integration_create"),
            {"name": name, "role": Role.LEADER, "access": "read", "levels": ["service"]},
        )
        assert "name" in response.context["form"].errors
    assert not Integration.objects.exists()


def test_an_admin_lists_only_their_own_municipalitys_integrations(admin_client, other_municipality):
    make_integration_token(other_municipality, name="Nabosystem")
    listing = admin_client.get(reverse("api:token_list")).content.decode()
    assert "Nabosystem" not in listing


def test_a_read_only_token_cannot_write(municipality):
    _token, raw = make_integration_token(municipality, access="read")
    client = ApiClient(raw)
    assert client.get("/cases").status_code == 200
    response = client.post("/cases", new_case())
    assert response.status_code == 403
    assert not Case.objects.exists()


def test_a_token_reads_and_writes_only_the_levels_in_its_scope(municipality):
    _token, caseworker_raw = make_integration_token(municipality, role=Role.CASEWORKER)
    individual = ApiClient(caseworker_raw).post("/cases", new_case()).json()["id"]
    _token, leader_raw = make_integration_token(municipality, role=Role.LEADER)
    leader = ApiClient(leader_raw)
    service = leader.post("/cases", new_case(level="service", case_reference="")).json()["id"]

    _token, raw = make_integration_token(municipality, role=Role.LEADER, levels=["service"])
    scoped = ApiClient(raw)
    assert scoped.get(f"/cases/{individual}").status_code in {403, 404}
    assert [case["id"] for case in scoped.get("/cases").json()["items"]] == [service]
    assert scoped.post("/cases", new_case()).status_code == 403
    assert scoped.get(f"/cases/{service}").status_code == 200
    assert Case.objects.count() == 2


def test_an_expired_token_is_401(municipality):
    token, raw = make_integration_token(municipality)
    assert ApiClient(raw).get("/cases").status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert ApiClient(raw).get("/cases").status_code == 401


def test_tokens_expire_after_the_configured_lifetime(municipality, settings):
    settings.API_TOKEN_LIFETIME_DAYS = 30
    token, _raw = make_integration_token(municipality)
    assert token.expires_at - token.created_at == pytest.approx(
        datetime.timedelta(days=30), abs=datetime.timedelta(seconds=5)
    )


def test_history_rows_written_through_the_api_name_the_token_and_its_creator(municipality):
    token, raw = make_integration_token(municipality)
    case_id = ApiClient(raw).post("/cases", new_case()).json()["id"]
    case = Case.objects.get(pk=case_id)
    rows = list(case.history.all()) + [row for alt in case.alternatives.all() for row in alt.history.all()]
    assert rows
    for row in rows:
        assert (row.api_token_id, row.api_token_name, row.api_token_created_by_id) == (
            token.pk,
            token.name,
            token.created_by_id,
        )
        assert row.history_user_id == token.integration.user_id


def test_web_rows_name_no_token_even_after_an_api_request_on_the_same_thread(municipality, login_client, user_factory):
    _token, raw = make_integration_token(municipality)
    case_id = ApiClient(raw).post("/cases", new_case()).json()["id"]
    caseworker = user_factory(Role.CASEWORKER)
    on_team(Case.objects.get(pk=case_id), caseworker)  # the case system's case, given to a caseworker
    assert login_client(caseworker).get(reverse("cases:detail", args=[case_id])).status_code == 200
    web_read = CaseAccess.objects.filter(user=caseworker).get()
    assert (web_read.api_token_id, web_read.api_token_name, web_read.api_token_created_by_id) == (None, "", None)


def test_idempotency_key_replays_the_first_answer(municipality):
    _token, raw = make_integration_token(municipality)
    client = ApiClient(raw, **{"Idempotency-Key": "sak-2026-1234"})
    first = client.post("/cases", new_case())
    again = client.post("/cases", new_case())
    assert first.status_code == again.status_code == 201
    assert json.loads(again.content) == json.loads(first.content)
    assert again["Idempotent-Replayed"] == "true"
    assert Case.objects.count() == 1


def test_the_same_idempotency_key_with_another_body_is_422(municipality):
    _token, raw = make_integration_token(municipality)
    client = ApiClient(raw, **{"Idempotency-Key": "k1"})
    assert client.post("/cases", new_case()).status_code == 201
    assert client.post("/cases", new_case(title="Noe annet")).status_code == 422
    assert Case.objects.count() == 1


def test_a_failed_request_does_not_use_up_its_idempotency_key(municipality):
    _token, raw = make_integration_token(municipality)
    client = ApiClient(raw, **{"Idempotency-Key": "k2"})
    assert client.post("/cases", new_case(title="")).status_code == 422
    assert client.post("/cases", new_case(title="")).status_code == 422
    assert Case.objects.count() == 0


def test_idempotency_keys_of_different_tokens_do_not_collide(municipality, other_municipality):
    _t1, raw1 = make_integration_token(municipality)
    _t2, raw2 = make_integration_token(other_municipality)
    assert ApiClient(raw1, **{"Idempotency-Key": "same"}).post("/cases", new_case()).status_code == 201
    response = ApiClient(raw2, **{"Idempotency-Key": "same"}).post("/cases", new_case())
    assert response.status_code == 201
    assert "Idempotent-Replayed" not in response
    assert Case.objects.count() == 2


@pytest.mark.parametrize("key", ["x" * 256, "has space", "bell\x07"])
def test_an_invalid_idempotency_key_is_422(municipality, key):
    _token, raw = make_integration_token(municipality)
    response = ApiClient(raw, **{"Idempotency-Key": key}).post("/cases", new_case())
    assert response.status_code == 422
    assert not Case.objects.exists()


def test_idempotency_keys_are_forgotten_after_24_hours(municipality):
    from prioritet.core import idempotency
    from prioritet.core.models import IdempotencyKey

    _token, raw = make_integration_token(municipality)
    ApiClient(raw, **{"Idempotency-Key": "k3"}).post("/cases", new_case())
    assert idempotency.purge_expired() == 0
    assert idempotency.purge_expired(now=timezone.now() + datetime.timedelta(hours=25)) == 1
    assert not IdempotencyKey.objects.exists()


def test_an_integrations_system_user_cannot_be_given_an_email_on_the_users_page(municipality, municipal_admin):
    from django.core.exceptions import ValidationError

    from prioritet.accounts import services as account_services

    token, _raw = make_integration_token(municipality, created_by=municipal_admin)
    system_user = token.integration.user
    with pytest.raises(ValidationError):
        account_services.update_municipal_user(
            system_user,
            by=municipal_admin,
            role=Role.CASEWORKER,
            is_active=True,
            email="admin@example.no",
            first_name="",
            last_name="",
        )
    system_user.refresh_from_db()
    assert system_user.email == ""


def test_system_users_are_marked_on_the_users_page_and_not_offered_for_calibration(
    login_client, municipal_admin, municipality
):
    from prioritet.calibration.selectors import eligible_participants

    token, _raw = make_integration_token(municipality, created_by=municipal_admin)
    page = login_client(municipal_admin).get(reverse("accounts:user_list")).content.decode()
    assert "System user (API integration)" in page or "Systembruker" in page
    assert token.integration.user not in eligible_participants(municipality)
