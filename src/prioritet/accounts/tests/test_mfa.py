"""Two-factor sign-in: who is asked, setting it up, giving the code, recovery codes, resets, time-outs."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from prioritet.accounts.mfa import OIDC_BACKEND
from prioritet.accounts.middleware import LAST_SEEN_KEY, LOGIN_AT_KEY
from prioritet.accounts.models import Municipality, Role, User
from prioritet.accounts.testing import current_code, make_user, sign_in

from .test_oidc import OIDC_SETTINGS

pytestmark = pytest.mark.django_db

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def password_login(user: User) -> Client:
    """A client signed in with a password only: no second factor given yet."""
    client = Client()
    client.force_login(user, backend=MODEL_BACKEND)
    return client


def confirmed_device(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def test_a_leader_who_logged_in_with_a_password_is_sent_to_set_up_two_factor(leader: User) -> None:
    response = password_login(leader).get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:mfa_setup"))


@pytest.mark.parametrize("role", [Role.LEADER, Role.MUNICIPAL_ADMIN, Role.NATIONAL_ADMIN])
def test_roles_that_require_two_factor_reach_no_page_without_it(
    role: Role, user_factory: Callable[..., User], make_case: Callable[..., object]
) -> None:
    client = password_login(user_factory(role))
    for url in (reverse("home"), reverse("accounts:user_list"), "/django-admin/", "/cases/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:mfa_setup")), url


def test_a_caseworker_is_not_asked_for_a_second_factor(caseworker: User) -> None:
    assert password_login(caseworker).get(reverse("home")).status_code == 200


def test_a_municipality_can_require_two_factor_for_every_role(caseworker: User, municipality: Municipality) -> None:
    municipality.mfa_roles = [Role.CASEWORKER.value, Role.LEADER.value]
    municipality.save()
    response = password_login(caseworker).get(reverse("home"))
    assert response["Location"].startswith(reverse("accounts:mfa_setup"))


def test_a_municipality_can_leave_leaders_without_two_factor(leader: User, municipality: Municipality) -> None:
    municipality.mfa_roles = []
    municipality.save()
    assert password_login(leader).get(reverse("home")).status_code == 200


def test_a_login_through_the_municipalitys_login_service_is_not_asked(leader: User) -> None:
    client = password_login(leader)
    session = client.session
    session[BACKEND_SESSION_KEY] = OIDC_BACKEND
    session.save()
    with override_settings(AUTHENTICATION_BACKENDS=[MODEL_BACKEND, OIDC_BACKEND], **OIDC_SETTINGS):
        assert client.get(reverse("home")).status_code == 200


def test_setting_up_an_authenticator_shows_a_qr_code_and_then_recovery_codes_once(leader: User) -> None:
    client = password_login(leader)
    page = client.get(reverse("accounts:mfa_setup"))
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=leader, confirmed=False)
    done = client.post(reverse("accounts:mfa_setup"), {"token": current_code(device), "next": "/cases/"})
    assert done.status_code == 200
    codes = list(done.context["codes"])
    assert len(codes) == 10
    assert set(StaticToken.objects.filter(device__user=leader).values_list("token", flat=True)) == set(codes)
    assert client.get(reverse("home")).status_code == 200
    # The codes are not shown again.
    assert not any(code in client.get(reverse("accounts:security")).content.decode() for code in codes)


def test_a_wrong_code_sets_up_nothing(leader: User) -> None:
    client = password_login(leader)
    client.get(reverse("accounts:mfa_setup"))
    device = TOTPDevice.objects.get(user=leader, confirmed=False)
    wrong = "000000" if current_code(device) != "000000" else "111111"
    assert client.post(reverse("accounts:mfa_setup"), {"token": wrong}).status_code == 200
    assert not TOTPDevice.objects.filter(user=leader, confirmed=True).exists()
    assert client.get(reverse("home")).status_code == 302


def test_a_wrong_code_lets_no_one_in(leader: User) -> None:
    device = confirmed_device(leader)
    client = password_login(leader)
    wrong = "000000" if current_code(device) != "000000" else "111111"
    assert client.post(reverse("accounts:mfa_verify"), {"token": wrong}).status_code == 200
    assert client.get(reverse("home")).status_code == 302


def test_a_leader_with_an_authenticator_must_give_the_current_code(leader: User) -> None:
    device = confirmed_device(leader)
    client = password_login(leader)
    assert client.get(reverse("home"))["Location"].startswith(reverse("accounts:mfa_verify"))
    right = client.post(reverse("accounts:mfa_verify"), {"token": current_code(device), "next": "/cases/"})
    assert right.status_code == 302
    assert right["Location"] == "/cases/"
    assert client.get(reverse("home")).status_code == 200


def test_verify_refuses_to_send_the_user_to_another_site(leader: User) -> None:
    device = confirmed_device(leader)
    client = password_login(leader)
    response = client.post(
        reverse("accounts:mfa_verify"), {"token": current_code(device), "next": "https://evil.example"}
    )
    assert response["Location"] == reverse("home")


def test_a_recovery_code_works_once(leader: User) -> None:
    confirmed_device(leader)
    client = sign_in(Client(), leader)
    codes = client.post(reverse("accounts:recovery_codes_renew")).context["codes"]

    first = password_login(leader)
    assert first.post(reverse("accounts:mfa_verify"), {"token": codes[0]}).status_code == 302
    assert first.get(reverse("home")).status_code == 200
    again = password_login(leader)
    assert again.post(reverse("accounts:mfa_verify"), {"token": codes[0]}).status_code == 200
    assert again.get(reverse("home")).status_code == 302


def test_a_stolen_password_cannot_enrol_a_new_phone(leader: User) -> None:
    confirmed_device(leader)
    response = password_login(leader).get(reverse("accounts:mfa_setup"))
    assert response["Location"].startswith(reverse("accounts:mfa_verify"))
    assert not TOTPDevice.objects.filter(user=leader, confirmed=False).exists()


def test_a_user_who_chose_two_factor_is_asked_for_it_and_may_turn_it_off(caseworker: User) -> None:
    confirmed_device(caseworker)
    assert password_login(caseworker).get(reverse("home"))["Location"].startswith(reverse("accounts:mfa_verify"))
    client = sign_in(Client(), caseworker)
    assert client.post(reverse("accounts:mfa_turn_off")).status_code == 302
    assert not TOTPDevice.objects.filter(user=caseworker).exists()
    assert password_login(caseworker).get(reverse("home")).status_code == 200


def test_a_leader_cannot_turn_two_factor_off(leader: User) -> None:
    client = sign_in(Client(), leader)
    assert client.post(reverse("accounts:mfa_turn_off")).status_code == 403
    assert TOTPDevice.objects.filter(user=leader).exists()


def test_a_municipal_administrator_resets_a_users_two_factor(
    municipal_admin: User, leader: User, login_client: Callable[[User], Client]
) -> None:
    confirmed_device(leader)
    response = login_client(municipal_admin).post(reverse("accounts:user_mfa_reset", args=[leader.pk]))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=leader).exists()
    assert password_login(leader).get(reverse("home"))["Location"].startswith(reverse("accounts:mfa_setup"))


def test_another_municipalitys_administrator_cannot_reset_two_factor(
    leader: User, other_municipality: Municipality, login_client: Callable[[User], Client]
) -> None:
    confirmed_device(leader)
    stranger = make_user(Role.MUNICIPAL_ADMIN, municipality=other_municipality)
    assert login_client(stranger).post(reverse("accounts:user_mfa_reset", args=[leader.pk])).status_code == 404
    assert TOTPDevice.objects.filter(user=leader).exists()


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.LEADER])
def test_only_administrators_reset_two_factor(
    role: Role, leader: User, user_factory: Callable[..., User], login_client: Callable[[User], Client]
) -> None:
    confirmed_device(leader)
    client = login_client(user_factory(role))
    assert client.post(reverse("accounts:user_mfa_reset", args=[leader.pk])).status_code == 403
    assert TOTPDevice.objects.filter(user=leader).exists()


def test_the_national_administrator_resets_a_municipal_administrator_but_no_one_else(
    national_admin: User, municipal_admin: User, caseworker: User, login_client: Callable[[User], Client]
) -> None:
    confirmed_device(municipal_admin)
    confirmed_device(caseworker)
    client = login_client(national_admin)
    assert client.post(reverse("accounts:user_mfa_reset", args=[municipal_admin.pk])).status_code == 302
    assert client.post(reverse("accounts:user_mfa_reset", args=[caseworker.pk])).status_code == 404
    assert not TOTPDevice.objects.filter(user=municipal_admin).exists()
    assert TOTPDevice.objects.filter(user=caseworker).exists()


def test_the_national_administrator_sets_which_roles_need_two_factor(
    national_admin: User, municipality: Municipality, login_client: Callable[[User], Client]
) -> None:
    data = {"name": municipality.name, "population": "48000", "mfa_roles": [Role.CASEWORKER, Role.MUNICIPAL_ADMIN]}
    response = login_client(national_admin).post(reverse("accounts:municipality_edit", args=[municipality.pk]), data)
    assert response.status_code == 302
    municipality.refresh_from_db()
    assert municipality.mfa_roles == [Role.CASEWORKER.value, Role.MUNICIPAL_ADMIN.value]


def _age_session(client: Client, *, idle_minutes: float, since_login_hours: float) -> None:
    session = client.session
    now = time.time()
    session[LAST_SEEN_KEY] = now - idle_minutes * 60
    session[LOGIN_AT_KEY] = now - since_login_hours * 3600
    session.save()


def test_a_session_idle_for_more_than_thirty_minutes_ends(
    caseworker: User, login_client: Callable[[User], Client]
) -> None:
    client = login_client(caseworker)
    _age_session(client, idle_minutes=31, since_login_hours=1)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert client.get(reverse("home"))["Location"].startswith(reverse("login"))


def test_an_active_session_ends_after_the_working_day(caseworker: User, login_client: Callable[[User], Client]) -> None:
    client = login_client(caseworker)
    _age_session(client, idle_minutes=1, since_login_hours=10.1)
    assert client.get(reverse("home"))["Location"].startswith(reverse("login"))


def test_an_active_session_stays(caseworker: User, login_client: Callable[[User], Client]) -> None:
    client = login_client(caseworker)
    _age_session(client, idle_minutes=29, since_login_hours=9)
    assert client.get(reverse("home")).status_code == 200


@override_settings(SESSION_IDLE_TIMEOUT_MINUTES=5)
def test_the_idle_timeout_is_configurable(caseworker: User, login_client: Callable[[User], Client]) -> None:
    client = login_client(caseworker)
    _age_session(client, idle_minutes=6, since_login_hours=1)
    assert client.get(reverse("home"))["Location"].startswith(reverse("login"))
