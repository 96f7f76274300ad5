"""Password rules (Norwegian favourites, the municipality's name, 12 characters) and the forced change
of a password an administrator chose."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from prioritet.accounts.models import Municipality, Role, User
from prioritet.accounts.testing import TEST_PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "blå-fjord-sykkel-lampe"


@pytest.mark.parametrize(
    "password",
    [
        "prioritet123",
        "Prioritet2025!",
        "passord123",
        "Passord-12345",
        "sommer2025",
        "Sommer2025!!",
        "velkommen123",
        "kort-ord-1",  # 10 characters
    ],
)
def test_common_norwegian_and_short_passwords_are_refused(password: str) -> None:
    with pytest.raises(ValidationError):
        validate_password(password)


@pytest.mark.parametrize("password", ["Larvik2025!!!", "larvikkommune1", "LARVIK-kommune-2025", "Larvik Kommune 12"])
def test_the_municipalitys_name_is_refused(password: str, caseworker: User) -> None:
    with pytest.raises(ValidationError):
        validate_password(password, caseworker)


def test_a_passphrase_that_mentions_the_municipality_is_allowed(caseworker: User) -> None:
    validate_password("jeg bor i larvik ved havet", caseworker)


def test_a_good_passphrase_passes(caseworker: User) -> None:
    validate_password(TEST_PASSWORD, caseworker)


def test_an_administrator_cannot_give_a_user_the_municipalitys_name_as_password(
    municipal_admin: User, login_client: Callable[[User], Client]
) -> None:
    data = {"username": "ny", "role": Role.CASEWORKER, "password1": "Larvik2025!!!", "password2": "Larvik2025!!!"}
    response = login_client(municipal_admin).post(reverse("accounts:user_create"), data)
    assert response.status_code == 200
    assert not User.objects.filter(username="ny").exists()


def _log_in(username: str, password: str) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": password})
    assert response.status_code == 302
    return client


def test_a_user_created_with_a_password_must_change_it_at_first_login(
    municipal_admin: User, municipality: Municipality, login_client: Callable[[User], Client]
) -> None:
    data = {"username": "ny", "role": Role.CASEWORKER, "password1": TEST_PASSWORD, "password2": TEST_PASSWORD}
    assert login_client(municipal_admin).post(reverse("accounts:user_create"), data).status_code == 302
    assert User.objects.get(username="ny").must_change_password

    client = _log_in("ny", TEST_PASSWORD)
    for url in (reverse("home"), "/cases/"):
        assert client.get(url)["Location"].startswith(reverse("password_change")), url
    assert client.get(reverse("password_change")).status_code == 200
    changed = client.post(
        reverse("password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert changed.status_code == 302
    assert not User.objects.get(username="ny").must_change_password
    assert client.get(reverse("home")).status_code == 200


def test_a_password_set_by_the_administrator_must_be_changed(
    municipal_admin: User, caseworker: User, login_client: Callable[[User], Client]
) -> None:
    data = {
        "role": Role.CASEWORKER,
        "is_active": "on",
        "first_name": "Kari",
        "last_name": "Nordmann",
        "email": "",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }
    response = login_client(municipal_admin).post(reverse("accounts:user_edit", args=[caseworker.pk]), data)
    assert response.status_code == 302
    caseworker.refresh_from_db()
    assert caseworker.must_change_password
    assert caseworker.check_password(NEW_PASSWORD)
    assert (
        _log_in(caseworker.username, NEW_PASSWORD)
        .get(reverse("home"))["Location"]
        .startswith(reverse("password_change"))
    )


def test_the_new_password_must_follow_the_rules(caseworker: User) -> None:
    client = _log_in(caseworker.username, TEST_PASSWORD)
    response = client.post(
        reverse("password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": "Sommer2025!!", "new_password2": "Sommer2025!!"},
    )
    assert response.status_code == 200
    caseworker.refresh_from_db()
    assert caseworker.check_password(TEST_PASSWORD)
