"""A user's language is stored on the user; password reset by e-mail that never tells whether an address exists."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.core import mail
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from prioritet.accounts.models import Role, User

PASSWORD = "Solsikke-Fjord-2026!"


@pytest.fixture(autouse=True)
def _fresh_limits(db: None) -> None:
    """The rate limits' counts live in a database table shared by the tests: start each test at zero."""
    caches["ratelimit"].clear()


def _language(client: Client, path: str) -> str:
    html = client.get(path, follow=True).content.decode()
    found = re.search(r'<html lang="(\w+)"', html)
    assert found is not None
    return found.group(1)


def test_a_signed_in_users_choice_is_stored_on_the_user_and_follows_them(
    login_client: Callable[[User], Client], leader: User
) -> None:
    client = login_client(leader)
    client.post(reverse("set_language"), {"language": "nn", "next": "/"})
    leader.refresh_from_db()
    assert leader.language == "nn"
    # Another browser, without the cookie: the user's language, not the default.
    other = login_client(leader)
    assert "django_language" not in other.cookies
    assert _language(other, "/") == "nn"
    # The user's language wins over a cookie left by someone else on a shared PC.
    other.cookies["django_language"] = "en"
    assert _language(other, "/") == "nn"


def test_an_anonymous_visitors_choice_lives_in_the_cookie_only(client: Client, leader: User) -> None:
    response = client.post(reverse("set_language"), {"language": "en", "next": "/login/"})
    assert response.cookies["django_language"].value == "en"
    assert _language(client, "/login/") == "en"
    assert User.objects.exclude(language="").count() == 0


def test_the_language_chosen_on_the_login_page_is_stored_at_login_and_applied_after(
    client: Client, user_factory: Callable[..., User], password: str
) -> None:
    user = user_factory(Role.CASEWORKER, username="kari")
    client.post(reverse("set_language"), {"language": "en", "next": "/login/"})
    client.post(reverse("login"), {"username": "kari", "password": password})
    user.refresh_from_db()
    assert user.language == "en"
    # Stored: a later login from a Norwegian browser keeps English, and sets the cookie to it.
    fresh = Client()
    fresh.cookies["django_language"] = "nb"
    response = fresh.post(reverse("login"), {"username": "kari", "password": password})
    assert response.cookies["django_language"].value == "en"


def test_an_unknown_language_is_not_stored(login_client: Callable[[User], Client], leader: User) -> None:
    login_client(leader).post(reverse("set_language"), {"language": "de", "next": "/"})
    leader.refresh_from_db()
    assert leader.language == ""


def test_password_reset_by_email(client: Client, user_factory: Callable[..., User]) -> None:
    user = user_factory(Role.CASEWORKER, username="ola", email="Ola.Nordmann@kommune.no")
    user.must_change_password = True
    user.save()
    login = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("password_reset")}"' in login
    response = client.post(reverse("password_reset"), {"email": "ola.nordmann@kommune.no"})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    (message,) = mail.outbox
    assert message.to == ["Ola.Nordmann@kommune.no"]
    assert "Velg nytt passord" in message.subject
    assert "Brukernavnet ditt er ola." in message.body
    found = re.search(r"http://127\.0\.0\.1:8000(/password/reset/[^/\s]+/[^/\s]+/)", message.body)
    assert found is not None, message.body
    link = found.group(1)
    form = client.get(link, follow=True)
    assert "Velg nytt passord" in form.content.decode()
    assert 'data-testid="reset-invalid"' not in form.content.decode()
    # The password rules apply here too.
    weak = client.post(form.redirect_chain[-1][0], {"new_password1": "passord123", "new_password2": "passord123"})
    assert weak.status_code == 200
    done = client.post(form.redirect_chain[-1][0], {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert done["Location"] == reverse("password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert not user.must_change_password
    # The link works once.
    again = client.get(link, follow=True).content.decode()
    assert 'data-testid="reset-invalid"' in again


def test_password_reset_never_tells_whether_an_address_exists(
    client: Client, user_factory: Callable[..., User]
) -> None:
    user_factory(Role.CASEWORKER, username="ola", email="ola@kommune.no")
    known = client.post(reverse("password_reset"), {"email": "ola@kommune.no"}, follow=True)
    unknown = Client().post(reverse("password_reset"), {"email": "ingen@kommune.no"}, follow=True)
    assert known.status_code == unknown.status_code == 200
    assert known.redirect_chain == unknown.redirect_chain

    def main(response) -> str:
        return response.content.decode().split("<main")[1].split("</main>")[0]

    assert main(known) == main(unknown)
    assert len(mail.outbox) == 1


def test_password_reset_is_rate_limited(client: Client, user_factory: Callable[..., User]) -> None:
    user_factory(Role.CASEWORKER, username="ola", email="ola@kommune.no")
    statuses = [client.post(reverse("password_reset"), {"email": "ola@kommune.no"}).status_code for _ in range(4)]
    assert statuses == [302, 302, 302, 429]
    assert len(mail.outbox) == 3
    assert (
        "For mange forespørsler" in client.post(reverse("password_reset"), {"email": "ola@kommune.no"}).content.decode()
    )


def test_the_reset_email_is_sent_by_a_task(client: Client, user_factory: Callable[..., User], queued_tasks) -> None:
    from prioritet.core.tasks import run_queued_tasks

    user_factory(Role.CASEWORKER, username="ola", email="ola@kommune.no")
    client.post(reverse("password_reset"), {"email": "ola@kommune.no"})
    assert mail.outbox == []
    run_queued_tasks()
    assert len(mail.outbox) == 1
