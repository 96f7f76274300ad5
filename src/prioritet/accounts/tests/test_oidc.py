"""OpenID Connect maps an identity onto one existing municipal user, and never creates one.

No identity provider is involved: the backend's claim checks and user lookup are tested directly.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings

from prioritet.accounts.models import Municipality, Role, User
from prioritet.accounts.oidc import MunicipalOIDCBackend
from prioritet.accounts.testing import make_user

pytestmark = pytest.mark.django_db

OIDC_SETTINGS: dict[str, Any] = {
    "OIDC_OP_TOKEN_ENDPOINT": "https://idp.example.org/token",
    "OIDC_OP_USER_ENDPOINT": "https://idp.example.org/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": "https://idp.example.org/jwks",
    "OIDC_RP_CLIENT_ID": "prioritet",
    "OIDC_RP_CLIENT_SECRET": "hemmelig",
    "OIDC_RP_SIGN_ALGO": "RS256",
    "OIDC_CREATE_USER": False,
    "OIDC_MUNICIPALITY_CLAIM": "",
}


@pytest.fixture
def backend() -> MunicipalOIDCBackend:
    with override_settings(**OIDC_SETTINGS):
        return MunicipalOIDCBackend()


def test_maps_by_email_ignoring_case(backend: MunicipalOIDCBackend, municipality: Municipality) -> None:
    kari = make_user(Role.CASEWORKER, municipality=municipality, email="kari@larvik.kommune.no")
    assert list(backend.filter_users_by_claims({"email": "KARI@Larvik.kommune.no"})) == [kari]


def test_never_maps_to_a_national_admin(backend: MunicipalOIDCBackend) -> None:
    make_user(Role.NATIONAL_ADMIN, email="nasjonal@example.org")
    assert list(backend.filter_users_by_claims({"email": "nasjonal@example.org"})) == []


def test_never_maps_to_a_deactivated_user(backend: MunicipalOIDCBackend, municipality: Municipality) -> None:
    make_user(Role.LEADER, municipality=municipality, email="slutta@larvik.kommune.no", is_active=False)
    assert list(backend.filter_users_by_claims({"email": "slutta@larvik.kommune.no"})) == []


def test_no_email_maps_to_nobody(backend: MunicipalOIDCBackend, municipality: Municipality) -> None:
    make_user(Role.LEADER, municipality=municipality)
    assert list(backend.filter_users_by_claims({"sub": "123"})) == []
    assert list(backend.filter_users_by_claims({"email": ""})) == []


def test_municipality_claim_picks_the_right_municipality(
    municipality: Municipality, other_municipality: Municipality
) -> None:
    in_a = make_user(Role.CASEWORKER, municipality=municipality, email="kari@vestfold.no")
    in_b = make_user(Role.CASEWORKER, municipality=other_municipality, email="kari@vestfold.no")
    with override_settings(**{**OIDC_SETTINGS, "OIDC_MUNICIPALITY_CLAIM": "kommunenummer"}):
        backend = MunicipalOIDCBackend()
        claims = {"email": "kari@vestfold.no", "kommunenummer": municipality.number}
        assert list(backend.filter_users_by_claims(claims)) == [in_a]
        claims["kommunenummer"] = other_municipality.number
        assert list(backend.filter_users_by_claims(claims)) == [in_b]
        claims["kommunenummer"] = "0301"
        assert list(backend.filter_users_by_claims(claims)) == []
        assert not backend.verify_claims({"email": "kari@vestfold.no"})


def test_same_email_in_two_municipalities_without_claim_is_ambiguous(
    backend: MunicipalOIDCBackend, municipality: Municipality, other_municipality: Municipality
) -> None:
    make_user(Role.CASEWORKER, municipality=municipality, email="kari@vestfold.no")
    make_user(Role.CASEWORKER, municipality=other_municipality, email="kari@vestfold.no")
    # mozilla-django-oidc refuses the login when more than one user matches.
    assert backend.filter_users_by_claims({"email": "kari@vestfold.no"}).count() == 2


@pytest.mark.parametrize(
    ("claims", "accepted"),
    [
        ({"email": "kari@larvik.kommune.no"}, True),
        ({"email": "kari@larvik.kommune.no", "email_verified": True}, True),
        ({"email": "kari@larvik.kommune.no", "email_verified": False}, False),
        ({"sub": "123"}, False),
    ],
)
def test_verify_claims(backend: MunicipalOIDCBackend, claims: dict[str, Any], accepted: bool) -> None:
    assert backend.verify_claims(claims) is accepted


def test_never_creates_a_user(backend: MunicipalOIDCBackend) -> None:
    with pytest.raises(PermissionDenied):
        backend.create_user({"email": "ny@example.org"})
    assert not User.objects.filter(email="ny@example.org").exists()


def test_get_or_create_user_returns_none_for_unknown_identity(
    backend: MunicipalOIDCBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backend, "get_userinfo", lambda *args: {"email": "ukjent@example.org"})
    with override_settings(**OIDC_SETTINGS):
        assert backend.get_or_create_user("access", "id", {}) is None
    assert User.objects.count() == 0


def test_update_user_takes_names_but_not_role(backend: MunicipalOIDCBackend, municipality: Municipality) -> None:
    user = make_user(Role.CASEWORKER, municipality=municipality, email="kari@larvik.kommune.no")
    updated = backend.update_user(
        user, {"email": "kari@larvik.kommune.no", "given_name": "Kari Anne", "family_name": "Hansen", "role": "admin"}
    )
    updated.refresh_from_db()
    assert (updated.first_name, updated.last_name) == ("Kari Anne", "Hansen")
    assert updated.role == Role.CASEWORKER
    assert updated.municipality == municipality
