"""pytest fixtures for the Django apps' tests (``src/prioritet/*/tests``).

Every fixture that touches the database requests ``db`` itself, so tests need no marker for them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from prioritet.accounts.models import Municipality, Role, User
from prioritet.accounts.testing import TEST_PASSWORD, make_municipality, make_user, sign_in
from prioritet.cases import services as case_services
from prioritet.cases.models import Case, Level
from prioritet.core.tasks import DATABASE_TASKS, IMMEDIATE_TASKS

_SESSION_START = time.time()
_SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    """Say where the browser tests' screenshots are.

    Here too, because with pytest-xdist the main process never loads tests/browser/conftest.py
    (only the workers collect), and this conftest is the one it loads for the whole run.
    """
    if getattr(config, "_prioritet_screenshots_reported", False):
        return
    if _SCREENSHOT_DIR.is_dir() and any(p.stat().st_mtime >= _SESSION_START for p in _SCREENSHOT_DIR.glob("*.png")):
        terminalreporter.write_line(f"Screenshots: {_SCREENSHOT_DIR}")
        config._prioritet_screenshots_reported = True  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def immediate_tasks(settings: Any) -> None:
    """Background tasks run at once, in the test; a test that needs the queue sets ``DATABASE_TASKS``."""
    settings.TASKS = IMMEDIATE_TASKS


@pytest.fixture
def queued_tasks(settings: Any) -> None:
    """Background tasks wait in the database queue, as in production, until ``run_queued_tasks()``."""
    settings.TASKS = DATABASE_TASKS


@pytest.fixture
def password() -> str:
    """The password of every user the fixtures make."""
    return TEST_PASSWORD


@pytest.fixture
def municipality(db: None) -> Municipality:
    """Municipality A (Larvik)."""
    return make_municipality("Larvik kommune", number="3909", population=48_000)


@pytest.fixture
def other_municipality(db: None) -> Municipality:
    """Municipality B (Sandefjord), whose data A's users must never see."""
    return make_municipality("Sandefjord kommune", number="3907", population=65_000)


@pytest.fixture
def user_factory(db: None, municipality: Municipality) -> Callable[..., User]:
    """Make a user: ``user_factory(Role.LEADER)``; municipal roles default to municipality A."""

    def factory(role: str = Role.CASEWORKER, **kwargs: Any) -> User:
        if role != Role.NATIONAL_ADMIN:
            kwargs.setdefault("municipality", municipality)
        return make_user(role, **kwargs)

    return factory


@pytest.fixture
def caseworker(user_factory: Callable[..., User]) -> User:
    return user_factory(Role.CASEWORKER, username="saksbehandler")


@pytest.fixture
def leader(user_factory: Callable[..., User]) -> User:
    return user_factory(Role.LEADER, username="leder")


@pytest.fixture
def director(user_factory: Callable[..., User]) -> User:
    return user_factory(Role.DIRECTOR, username="direktor")


@pytest.fixture
def politician(user_factory: Callable[..., User]) -> User:
    return user_factory(Role.POLITICIAN, username="politiker")


@pytest.fixture
def municipal_admin(user_factory: Callable[..., User]) -> User:
    return user_factory(Role.MUNICIPAL_ADMIN, username="kommuneadmin")


@pytest.fixture
def national_admin(user_factory: Callable[..., User]) -> User:
    return user_factory(Role.NATIONAL_ADMIN, username="nasjonaladmin")


@pytest.fixture
def make_case() -> Callable[..., Case]:
    """``make_case(user, level=..., **fields)``: a case made through the cases services, as the pages do;
    the need's severity is 3 unless ``severity`` says otherwise (``None``: not assessed yet)."""

    def make(user: User, level: str = Level.INDIVIDUAL, **fields: Any) -> Case:
        fields.setdefault("title", "Søknad om rehabiliteringsopphold")
        fields.setdefault("severity", 3)
        return case_services.create_case(
            user.municipality, user, no_action_consequence="Kan få varig nedsatt funksjon.", level=level, **fields
        )

    return make


@pytest.fixture
def login_client() -> Callable[[User], Client]:
    """``login_client(user)`` gives a test client signed in as ``user`` (no password check, second
    factor given)."""

    def make(user: User) -> Client:
        return sign_in(Client(), user)

    return make


@pytest.fixture
def app_database_role(db: None) -> Iterator[str | None]:
    """Run the test's queries as an ordinary PostgreSQL role, as the application runs in production.

    Superusers (the test database's owner) bypass row-level security, ``FORCE`` or not. The role is
    made for this test database (roles are per server; xdist workers have their own databases), and
    it, its grants and the ``SET ROLE`` vanish with the test's transaction. ``None`` on SQLite.
    """
    if connection.vendor != "postgresql":
        yield None
        return
    role = f"{connection.settings_dict['NAME']}_app"[:63]
    quoted = connection.ops.quote_name(role)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DO $$ BEGIN CREATE ROLE {quoted} NOLOGIN NOSUPERUSER NOBYPASSRLS; "
            "EXCEPTION WHEN duplicate_object THEN NULL; END $$"
        )
        cursor.execute(f"GRANT USAGE ON SCHEMA public TO {quoted}")
        cursor.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted}")
        cursor.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted}")
        cursor.execute(f"SET ROLE {quoted}")
    yield role
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")
