"""Fixtures for browser tests: headless Debian Chromium, a live server, logging in as a role.

Playwright's sync API runs an event loop in the test thread, which trips Django's async-safety
check on every ORM call from a test; the tests and the server are plain synchronous code, so the
check is switched off here (and only here).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.conf import settings
from django.urls import get_resolver
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, expect, sync_playwright

from prioritet.accounts.models import Municipality, Role, User
from prioritet.accounts.testing import TEST_PASSWORD, make_municipality, make_user, session_cookie
from prioritet.core.tasks import IMMEDIATE_TASKS

from .helpers import DESKTOP, SCREENSHOT_DIR

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("PRIORITET_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
# The same patience for ``expect`` as for actions (below): a loaded 2-core machine is slow, not broken.
expect.set_options(timeout=10_000)
_SESSION_START = time.time()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in this folder ``browser``, so ``-m 'not browser'`` skips them."""
    for item in items:
        if "tests/browser/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    """Say where this run's screenshots are (src/prioritet/conftest.py does the same for xdist runs)."""
    if getattr(config, "_prioritet_screenshots_reported", False):
        return
    if SCREENSHOT_DIR.is_dir() and any(p.stat().st_mtime >= _SESSION_START for p in SCREENSHOT_DIR.glob("*.png")):
        terminalreporter.write_line(f"Screenshots: {SCREENSHOT_DIR}")
        config._prioritet_screenshots_reported = True  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium per test process."""
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run scripts/setup.sh (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def live_server(live_server: Any) -> Any:
    """pytest-django's live server, answering one request at a time.

    The test database is SQLite in memory, so the server's request threads and the test share one
    connection (Django's live server hands it to every thread, and Django's documentation warns
    against using it from two threads at once). Two requests at once, such as the two posts of a
    double click, would run their transactions interleaved on that one connection: the second
    ``atomic`` is only a savepoint inside the first, so it takes no write lock, both can read "no
    answer yet" and insert, and the page shows a server error instead of the answer. In production
    every request has its own connection and SQLite's ``BEGIN IMMEDIATE`` orders them; here the
    requests queue for the one connection, so a double click is two posts in a row.
    """
    server = live_server.thread.httpd
    application = server.get_app()
    one_at_a_time = threading.Lock()

    def serialised(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        if environ.get("PATH_INFO", "").startswith(settings.STATIC_URL):
            return application(environ, start_response)  # files from disk: no database, no need to queue
        with one_at_a_time:
            return application(environ, start_response)

    server.set_app(serialised)
    # Import every view (the URLconf) now, in this process the server shares: otherwise the first
    # test's first page also pays for the server's start-up, which on a loaded machine outlasts a page's 10 s.
    get_resolver().url_patterns  # noqa: B018
    return live_server


@pytest.fixture
def context(browser: Browser, live_server: Any) -> Iterator[BrowserContext]:
    """A fresh browser profile (no cookies) at desktop size, with the live server as base URL."""
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP, locale="nb-NO")
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    """A tab that fails the test on any console error, such as a Content-Security-Policy refusal."""
    page = context.new_page()
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        # An error status of the page itself (403, 404, 429) is what some tests expect; they check
        # it on the page. Failing sub-resources (a missing stylesheet) and script errors still count.
        own_status = message.text.startswith("Failed to load resource") and message.location.get("url") == page.url
        if message.type == "error" and not own_status:
            errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    assert not errors, f"browser console errors: {errors}"


@pytest.fixture
def municipality(transactional_db: None) -> Municipality:
    """The municipality the browser-test users belong to."""
    return make_municipality("Larvik kommune", number="3909", population=48_000)


@pytest.fixture
def user_factory(transactional_db: None, municipality: Municipality) -> Callable[..., User]:
    """``user_factory(Role.LEADER, username=...)``: a user of ``municipality`` (password TEST_PASSWORD)."""

    def factory(role: str = Role.CASEWORKER, **kwargs: Any) -> User:
        if role != Role.NATIONAL_ADMIN:
            kwargs.setdefault("municipality", municipality)
        return make_user(role, **kwargs)

    return factory


@pytest.fixture
def login_as(context: BrowserContext, live_server: Any, user_factory: Callable[..., User]) -> Callable[..., User]:
    """``login_as(Role.CASEWORKER)`` (or ``login_as(user)``) signs the browser in without the form
    (second factor given).

    Makes the user if a role is given, then puts a session cookie into the browser, so tests of
    other pages do not pay for (or depend on) the login form.
    """

    def login(role_or_user: str | User = Role.CASEWORKER, **kwargs: Any) -> User:
        # The live server shares the test's SQLite connection: a request still being served (an htmx
        # load the page just started) and this thread's session write would collide ("cannot open
        # savepoint - SQL statements in progress"), so the open pages finish their requests first.
        for open_page in context.pages:
            open_page.wait_for_load_state("networkidle")
        user = role_or_user if isinstance(role_or_user, User) else user_factory(role_or_user, **kwargs)
        session = session_cookie(user)
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])
        return user

    return login


@pytest.fixture(autouse=True)
def immediate_tasks(settings: Any) -> None:
    """Background tasks run at once, in the test; a test that needs the queue sets ``DATABASE_TASKS``."""
    settings.TASKS = IMMEDIATE_TASKS


@pytest.fixture
def password() -> str:
    """The password of every user the fixtures make."""
    return TEST_PASSWORD
