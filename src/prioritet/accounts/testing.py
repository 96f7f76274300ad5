"""Test helpers that make municipalities and users with valid, known data.

Shared by the apps' pytest fixtures (``src/prioritet/conftest.py``) and the browser tests, and
meant for the apps that build on accounts: ``make_user(role=Role.LEADER, municipality=m)``.
"""

from __future__ import annotations

import itertools

from django.conf import settings
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from prioritet.accounts.models import Municipality, Role, ServiceArea, User

#: The password every test user gets; long enough for the password rules.
TEST_PASSWORD = "riktig-hest-batteri-stift"

_numbers = itertools.count(9001)  # no real kommunenummer starts with 9


def make_municipality(
    name: str | None = None, *, number: str | None = None, population: int | None = 20_000
) -> Municipality:
    """A municipality with a unique four-digit number and slug."""
    number = number or f"{next(_numbers) % 10000:04d}"
    name = name or f"Testkommune {number}"
    slug = f"{name.lower().replace(' ', '-')}-{number}"
    return Municipality.objects.create(name=name, number=number, slug=slug, population=population)


def make_user(
    role: str = Role.CASEWORKER,
    *,
    municipality: Municipality | None = None,
    username: str | None = None,
    password: str = TEST_PASSWORD,
    email: str = "",
    first_name: str = "Kari",
    last_name: str = "Nordmann",
    is_active: bool = True,
) -> User:
    """A user with ``role``; a municipal role gets a new municipality unless one is given."""
    if role != Role.NATIONAL_ADMIN and municipality is None:
        municipality = make_municipality()
    if role == Role.NATIONAL_ADMIN:
        municipality = None
    username = username or f"{role}-{User.objects.count() + 1}-{next(_numbers)}"
    user = User(
        username=username,
        role=role,
        municipality=municipality,
        email=email,
        first_name=first_name,
        last_name=last_name,
        is_active=is_active,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


def make_service_area(municipality: Municipality, name: str = "Hjemmetjenester") -> ServiceArea:
    """A service area of ``municipality``."""
    return ServiceArea.objects.create(municipality=municipality, name=name)


def lead(user: User, *areas: ServiceArea) -> User:
    """Tie ``user`` to service ``areas`` (as the municipal administrator does on the user's page): a
    leader is then on the team of their areas' individual cases and reviews their emergency accesses."""
    user.service_areas.add(*areas)
    return user


def sign_in(client: Client, user: User) -> Client:
    """Sign ``client`` in as ``user`` by password login with the second factor already given.

    Gives the user a confirmed authenticator if they have none, so pages behind the two-factor step
    open as they do for a real user who has typed their code. Returns the client.
    """
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def session_cookie(user: User) -> str:
    """The value of a session cookie signed in as ``user`` (second factor given), for a browser."""
    client = sign_in(Client(), user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def current_code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The six digits an authenticator app with ``device``'s secret shows now (or ``steps_ahead`` later;
    the server accepts the next step too, and never the same step twice)."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_ahead):06d}"
