"""The sign-in configuration checks, and PASSWORD_LOGIN=0 with OpenID Connect."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from prioritet.accounts.checks import oidc_configuration
from prioritet.accounts.models import User
from prioritet.accounts.testing import TEST_PASSWORD

ALL = (
    "OIDC_RP_CLIENT_ID",
    "OIDC_RP_CLIENT_SECRET",
    "OIDC_OP_AUTHORIZATION_ENDPOINT",
    "OIDC_OP_TOKEN_ENDPOINT",
    "OIDC_OP_USER_ENDPOINT",
    "OIDC_OP_JWKS_ENDPOINT",
)


@pytest.mark.parametrize("present", [ALL[:1], ALL[:5], ALL[1:]])
def test_a_partial_oidc_configuration_is_an_error(present: tuple[str, ...]) -> None:
    with override_settings(OIDC_VARIABLES_SET=present, OIDC_REQUIRED_VARIABLES=ALL, OIDC_ENABLED=False):
        errors = oidc_configuration()
    assert [error.id for error in errors] == ["prioritet.E001"]
    assert all(name in errors[0].msg for name in ALL if name not in present)


def test_no_oidc_configuration_is_fine() -> None:
    with override_settings(OIDC_VARIABLES_SET=(), OIDC_REQUIRED_VARIABLES=ALL, OIDC_ENABLED=False):
        assert oidc_configuration() == []


def test_switching_password_login_off_without_oidc_is_an_error() -> None:
    with override_settings(OIDC_VARIABLES_SET=(), OIDC_ENABLED=False, PASSWORD_LOGIN_WANTED=False):
        assert [error.id for error in oidc_configuration()] == ["prioritet.E002"]


password_login_off = override_settings(
    PASSWORD_LOGIN=False, OIDC_ENABLED=True, ROOT_URLCONF="prioritet.accounts.tests.oidc_urls"
)


@password_login_off
def test_with_password_login_off_the_login_page_offers_only_the_login_service(db: None) -> None:
    page = Client().get(reverse("login")).content.decode()
    assert 'name="password"' not in page
    assert reverse("oidc_authentication_init") in page


@password_login_off
def test_with_password_login_off_a_password_post_is_refused(caseworker: User) -> None:
    client = Client()
    response = client.post(reverse("login"), {"username": caseworker.username, "password": TEST_PASSWORD})
    assert response.status_code == 403
    assert client.get(reverse("home")).status_code == 302
