"""Signing in and out, login throttling, password change and the language switch."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from prioritet.accounts.models import User

pytestmark = pytest.mark.django_db


def _login(client: Client, username: str, password: str) -> HttpResponse:
    return client.post(reverse("login"), {"username": username, "password": password})


def test_login_page_is_norwegian_and_accessible(client: Client) -> None:
    response = client.get(reverse("login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="nb"' in html
    assert 'for="id_username"' in html
    assert 'autocomplete="current-password"' in html
    assert "Logg inn" in html
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_right_password_reaches_the_dashboard(client: Client, caseworker: User, password: str) -> None:
    response = _login(client, caseworker.username, password)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200


def test_wrong_password_shows_a_clear_error(client: Client, caseworker: User) -> None:
    response = _login(client, caseworker.username, "feil-passord")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in html
    assert "Feil brukernavn eller passord" in html


def test_deactivated_user_cannot_log_in(client: Client, caseworker: User, password: str) -> None:
    caseworker.is_active = False
    caseworker.save()
    response = _login(client, caseworker.username, password)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_login_is_blocked_after_repeated_failures(client: Client, caseworker: User, password: str) -> None:
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        assert _login(client, caseworker.username, "feil-passord").status_code == 200
    locked = _login(client, caseworker.username, "feil-passord")
    assert locked.status_code == 429
    assert "Innloggingen er midlertidig sperret" in locked.content.decode()
    # Now even the right password is refused.
    refused = _login(client, caseworker.username, password)
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_username(client: Client, caseworker: User, leader: User, password: str) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, caseworker.username, "feil-passord")
    assert _login(client, leader.username, password).status_code == 302


def test_success_resets_the_failure_count(client: Client, caseworker: User, password: str) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, caseworker.username, "feil-passord")
    assert _login(client, caseworker.username, password).status_code == 302
    client.post(reverse("logout"))
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, caseworker.username, "feil-passord").status_code == 200


def test_logout_is_post_only(caseworker: User, login_client: Callable[[User], Client]) -> None:
    client = login_client(caseworker)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"), follow=True)
    assert "_auth_user_id" not in client.session
    assert "Du er logget ut." in response.content.decode()


def test_password_change(client: Client, caseworker: User, password: str) -> None:
    _login(client, caseworker.username, password)
    new_password = "et-nytt-og-langt-passord"
    response = client.post(
        reverse("password_change"),
        {"old_password": password, "new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("password_change_done")
    caseworker.refresh_from_db()
    assert caseworker.check_password(new_password)
    # Still signed in after the change.
    assert client.get(reverse("home")).status_code == 200


def test_password_change_refuses_a_wrong_old_password(client: Client, caseworker: User, password: str) -> None:
    _login(client, caseworker.username, password)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "feil",
            "new_password1": "et-nytt-og-langt-passord",
            "new_password2": "et-nytt-og-langt-passord",
        },
    )
    assert response.status_code == 200
    caseworker.refresh_from_db()
    assert caseworker.check_password(password)


@pytest.mark.parametrize(
    ("language", "text"),
    [("nn", "Logg inn i Prioritet"), ("en", "Log in to Prioritet"), ("nb", "Logg inn i Prioritet")],
)
def test_language_switch(client: Client, language: str, text: str) -> None:
    response = client.post(reverse("set_language"), {"language": language, "next": reverse("login")})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == language
    html = client.get(reverse("login")).content.decode()
    assert f'<html lang="{language}"' in html
    assert text in html


def test_nynorsk_differs_from_bokmal(client: Client) -> None:
    client.post(reverse("set_language"), {"language": "nn", "next": "/"})
    html = client.get(reverse("login")).content.decode()
    assert "Kva gir tiltaket personen" in html


def test_browser_language_is_ignored(client: Client) -> None:
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="nb"' in html


def test_unknown_language_cookie_falls_back_to_bokmal(client: Client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    assert '<html lang="nb"' in client.get(reverse("login")).content.decode()


def test_healthz(client: Client) -> None:
    assert client.get(reverse("healthz")).json() == {"status": "ok"}


def test_failed_oidc_login_is_explained(client: Client) -> None:
    html = client.get(reverse("login") + "?oidc=failed").content.decode()
    assert "kommunens innloggingstjeneste" in html
    assert "kommunens innloggingstjeneste" not in client.get(reverse("login")).content.decode()


def test_csrf_failure_page_is_norwegian(caseworker: User, password: str) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": caseworker.username, "password": password})
    assert response.status_code == 403
    assert "Skjemaet er utløpt" in response.content.decode()
