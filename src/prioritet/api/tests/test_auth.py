"""Bearer tokens: who gets in, as whom, and what is stored."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from prioritet.api import services
from prioritet.api.models import ApiToken
from prioritet.api.testing import make_integration_token
from prioritet.cases.models import Case

from .conftest import ApiClient, new_case


def test_no_token_is_401(db):
    response = ApiClient(None).get("/cases")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "detail" in response.json()


@pytest.mark.parametrize(
    "header",
    [
        "Bearer",
        "Bearer ",
        "Bearer nonsense",
        "Bearer prt_",
        "Bearer prt_zzzzzzzz_" + "a" * 43,
        "Token prt_00000000_" + "a" * 43,
        "Basic dXNlcjpwYXNz",
    ],
)
def test_malformed_tokens_are_401(caseworker, header):
    from django.test import Client

    response = Client(headers={"Authorization": header}).get("/api/v1/cases")
    assert response.status_code == 401


def test_an_unknown_token_is_401(caseworker, make_token):
    token, raw = make_token(caseworker)
    # The right prefix with another secret, and a well-formed token nobody issued.
    wrong_secret = raw[: len("prt_12345678_")] + ("A" if raw[-43] != "A" else "B") + raw[-42:]
    assert ApiClient(wrong_secret).get("/cases").status_code == 401
    assert ApiClient("prt_0123abcd_" + "x" * 43).get("/cases").status_code == 401
    token.refresh_from_db()
    assert token.last_used_at is None


def test_a_valid_token_gets_in_and_stamps_last_used(caseworker, make_token):
    token, raw = make_token(caseworker)
    assert token.last_used_at is None
    assert ApiClient(raw).get("/cases").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert timezone.now() - token.last_used_at < datetime.timedelta(minutes=1)


def test_last_used_is_stamped_at_most_once_a_minute(caseworker, make_token):
    token, raw = make_token(caseworker)
    client = ApiClient(raw)
    client.get("/cases")
    token.refresh_from_db()
    first = token.last_used_at
    client.get("/cases")
    token.refresh_from_db()
    assert token.last_used_at == first  # within the minute: no write
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - datetime.timedelta(minutes=5))
    client.get("/cases")
    token.refresh_from_db()
    assert token.last_used_at > first - datetime.timedelta(minutes=5)


def test_a_revoked_token_is_401(caseworker, make_token, admin_factory):
    token, raw = make_token(caseworker)
    client = ApiClient(raw)
    assert client.get("/cases").status_code == 200
    services.revoke_token(token, admin_factory(caseworker.municipality))
    assert client.get("/cases").status_code == 401


def test_a_token_whose_system_user_was_deactivated_is_401(caseworker, make_token):
    token, raw = make_token(caseworker)
    system_user = token.integration.user
    system_user.is_active = False
    system_user.save()
    assert ApiClient(raw).get("/cases").status_code == 401


def test_a_token_whose_system_user_moved_to_another_municipality_is_401(caseworker, make_token, other_municipality):
    token, raw = make_token(caseworker)
    system_user = token.integration.user
    system_user.municipality = other_municipality
    system_user.save()
    assert ApiClient(raw).get("/cases").status_code == 401


def test_the_token_acts_as_its_integrations_system_user_not_a_person(caseworker, make_token):
    token, raw = make_token(caseworker)
    response = ApiClient(raw).post("/cases", new_case())
    assert response.status_code == 201
    case = Case.objects.get()
    assert case.created_by == token.integration.user != caseworker
    assert case.history.first().history_user == token.integration.user


def test_only_the_hash_is_stored(caseworker, make_token):
    token, raw = make_token(caseworker)
    assert services.TOKEN_PATTERN.match(raw)
    assert raw.startswith(f"prt_{token.prefix}_")
    assert token.secret_hash == services.hash_token(raw)
    secret = raw.rsplit("_", 1)[-1] if raw.count("_") == 2 else raw[len("prt_12345678_") :]
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert not any(isinstance(value, str) and secret in value for value in stored.values())
    history = token.history.values().get()
    assert not any(isinstance(value, str) and secret in value for value in history.values())


def test_a_session_does_not_open_the_api(caseworker, login_client):
    assert login_client(caseworker).get("/api/v1/cases").status_code == 401


def test_messages_follow_accept_language(caseworker, make_token):
    _token, raw = make_token(caseworker)
    norwegian = ApiClient(raw).post("/cases", new_case(title="")).json()
    english = ApiClient(raw, **{"Accept-Language": "en"}).post("/cases", new_case(no_action_consequence=" ")).json()
    assert norwegian["detail"] != "The request has errors. Nothing was saved."
    assert english["detail"] == "The request has errors. Nothing was saved."


def test_only_the_municipalitys_admin_makes_tokens_and_only_for_its_own_integrations(
    caseworker, other_municipality, admin_factory
):
    from django.core.exceptions import PermissionDenied, ValidationError

    municipality = caseworker.municipality
    own, _ = make_integration_token(municipality)
    foreign, _ = make_integration_token(other_municipality)
    admin = admin_factory(municipality)
    with pytest.raises(PermissionDenied):
        services.create_token(municipality, caseworker, integration=own.integration, name="x")
    with pytest.raises(PermissionDenied):
        services.create_token(municipality, admin_factory(other_municipality), integration=own.integration, name="x")
    with pytest.raises(ValidationError):
        services.create_token(municipality, admin, integration=foreign.integration, name="x")
    with pytest.raises(ValidationError):
        services.create_token(municipality, admin, integration=own.integration, name="")


def test_writes_need_no_csrf_token(caseworker, make_token):
    from django.test import Client

    _token, raw = make_token(caseworker)
    client = Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {raw}"})
    response = client.post("/api/v1/cases", new_case(), content_type="application/json")
    assert response.status_code == 201, response.content
