"""Every page a role can reach, checked with axe at phone and desktop width and for sideways scrolling.

The page list comes from the URL resolver (as the attack test's does, ``prioritet.web.tests``), its
path parameters filled with one municipality's objects from the attack tests' world, so a page
added tomorrow is crawled tomorrow. A pattern is kept for the first role (or no one, signed out)
that gets an HTML page from it — one instance per pattern keeps the crawl within minutes; the
home page and the case pages are kept for more than one role or level, since they differ most.

Each page is checked at 1280 and 390 px with axe (``helpers.axe``: WCAG 2.1 A/AA, serious and
critical findings fail) and at 320 px for horizontal overflow (WCAG 1.4.10 Reflow). Every problem
is collected and the test fails once, listing them all.

A few pages are photographed on every run (``PHOTOGRAPHED``); ``PRIORITET_SCREENSHOTS=all`` photographs
every crawled page at 1280 and 390 px, as the user sees it before the check opens its ``<details>``, to
``test-artifacts/screenshots/crawl/ROLE--NAME[--LEVEL]-WIDTH.png`` (``scripts/contact_sheets.py`` puts
them on sheets to look through). It roughly doubles the crawl's time, so it is for people, not for CI.
"""

from __future__ import annotations

import os
import re
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, Page

from prioritet.accounts.models import Role, User
from prioritet.accounts.testing import make_user, session_cookie, sign_in
from prioritet.web.tests.test_attack_urls import Pattern, build_path, patterns, value_of
from prioritet.web.tests.world import Tenant, build_world

from .helpers import DESKTOP, PHONE, SCREENSHOT_DIR, axe, screenshot

NARROWEST = {"width": 320, "height": 720}
#: The roles in the order they are tried: the widest readers first, so most patterns go to them.
ROLE_ORDER = ("leader", "director", "municipal_admin", "caseworker", "health_personnel", "politician", "national_admin")
#: Patterns that are not pages to look at: the Django admin (staff only), signing out, the language switch,
#: the JSON API (its docs page is added by name below).
SKIPPED_NAMESPACES = ("admin", "api-v1")
SKIPPED_NAMES = {"logout", "set_language", "public:language", "healthz"}
#: Pages worth more than one instance: each role's home page, and the case pages at every level.
EVERY_ROLE = {"home"}
EVERY_LEVEL = {"cases:detail", "reports:saksframlegg"}
EXTRA_PATHS = [("/api/v1/docs", None)]
#: Pages photographed at both widths (test-artifacts/screenshots/crawl-*), to look at what the crawl guards.
PHOTOGRAPHED = {"reports:saksframlegg", "weighting:swing", "calibration:detail", "calibration:results", "/api/v1/docs"}
#: Every crawled page photographed too (opt-in: PRIORITET_SCREENSHOTS=all), into the folder ``crawl``.
EVERY_PAGE_PHOTOGRAPHED = os.environ.get("PRIORITET_SCREENSHOTS", "") == "all"
CRAWL_SHOTS = SCREENSHOT_DIR / "crawl"
#: Pages under redesign in another piece of work when this crawl came (issue 15): their problems are
#: reported as warnings, each naming the work that owns the page, and fail the crawl once removed here.
ELSEWHERE: dict[str, str] = {}
#: axe rules a page is exempt from, each with the reason the accessibility statement gives.
EXEMPT = {
    # Swagger UI nests buttons in its operation rows; the docs are for developers, and the same
    # description is the file /api/v1/openapi.json (the statement's "Known gaps").
    "/api/v1/docs": ["nested-interactive"],
}


@dataclass(frozen=True)
class Visit:
    """One page to check: its path and who looks at it (``None``: signed out)."""

    path: str
    name: str
    role: str | None
    #: The case level, for the pages checked at every level.
    level: str = ""

    @property
    def key(self) -> str:
        return f"{self.name} {self.level}".strip()


def is_html_page(response: Any) -> bool:
    """A whole page to look at (not an htmx fragment), or a server error (the browser check reports it)."""
    if response.status_code == 500:
        return True
    html = response.status_code == 200 and response.get("Content-Type", "").startswith("text/html")
    return html and b"<html" in response.content[:500]


def crawl_list(tenant: Tenant) -> list[Visit]:
    """One visit per URL pattern that gives somebody an HTML page, plus the pages that differ by role or level."""
    # A page that fails with a server error is reported by the browser check, not raised here.
    clients: list[tuple[str | None, Client]] = [(None, Client(raise_request_exception=False))]
    clients += [(role, sign_in(Client(raise_request_exception=False), tenant.users[role])) for role in ROLE_ORDER]
    visits: list[Visit] = []
    for pattern in patterns():
        if pattern.namespace in SKIPPED_NAMESPACES or pattern.name in SKIPPED_NAMES or not wanted(pattern.name):
            continue
        visits += visits_of(pattern, tenant, clients)
    visits += [Visit(path, path, role) for path, role in EXTRA_PATHS if wanted(path)]
    return visits


def visits_of(pattern: Pattern, tenant: Tenant, clients: list[tuple[str | None, Client]]) -> Iterator[Visit]:
    paths = [(build_path(pattern, [value_of(pattern, p, tenant) for p in pattern.parameters]), "")]
    if pattern.name in EVERY_LEVEL:
        paths = [(build_path(pattern, [case.pk]), str(case.level)) for case in tenant.cases]
    for path, level in paths:
        for role, client in clients:
            if is_html_page(client.get(path)):
                yield Visit(path, pattern.name, role, level)
                if pattern.name not in EVERY_ROLE:
                    break


OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
#: The innermost elements that stick out of the page, to say in the failure what to fix.
WIDEST = """() => {
  const edge = document.documentElement.clientWidth + 1;
  const scrolls = e => e.parentElement && e.parentElement.closest('body *') && [...ancestors(e)].some(
    a => getComputedStyle(a).overflowX !== 'visible');
  function* ancestors(e) { for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) yield a; }
  const out = [...document.querySelectorAll('body *')].filter(
    e => e.getBoundingClientRect().right > edge && !scrolls(e));
  const all = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > edge);
  return (out.length ? out.filter(e => !out.some(o => o !== e && e.contains(o))) : all).slice(0, 3)
    .map(e => e.tagName.toLowerCase() + (e.classList.length ? '.' + e.classList[0] : '')
         + ' «' + (e.textContent || '').trim().slice(0, 30) + '»');
}"""
#: Only the patterns whose name contains one of these (to work on a few pages: PRIORITET_CRAWL_ONLY=cases:,reports:).
ONLY = [part for part in os.environ.get("PRIORITET_CRAWL_ONLY", "").split(",") if part]


def wanted(name: str) -> bool:
    return not ONLY or any(part in name for part in ONLY)


def check(page: Page, visit: Visit) -> list[str]:
    """The problems of one page: axe at both widths, sideways scrolling at 320 px."""
    where = f"{visit.path} ({visit.name}, {visit.role or 'signed out'})"
    problems = []
    response = page.goto(visit.path)
    if response is None or response.status != 200:
        return [f"{where}: status {response.status if response else 'none'}"]
    if EVERY_PAGE_PHOTOGRAPHED:
        photograph(page, visit)
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    for label, viewport in (("1280", DESKTOP), ("390", PHONE)):
        page.set_viewport_size(viewport)
        try:
            axe(page, disable_rules=EXEMPT.get(visit.name))
        except AssertionError as error:
            problems.append(f"{where} at {label} px: {error}")
    page.set_viewport_size(NARROWEST)
    overflow = page.evaluate(OVERFLOW)
    if overflow > 0:
        problems.append(f"{where}: scrolls {overflow} px sideways at 320 px ({', '.join(page.evaluate(WIDEST))})")
    page.set_viewport_size(DESKTOP)
    if visit.name in PHOTOGRAPHED:
        screenshot(page, "crawl-" + re.sub(r"\W+", "-", f"{visit.name}-{visit.path}").strip("-"))
    return problems


def photograph(page: Page, visit: Visit) -> None:
    """Full-page screenshots of the page at 1280 and 390 px, named by role, URL name, level and width.

    The page is loaded again at phone width, as a phone loads it (a script may lay it out for the width).
    """
    CRAWL_SHOTS.mkdir(parents=True, exist_ok=True)
    parts = [visit.role or "signed-out", visit.name, visit.level]
    stem = "--".join(re.sub(r"[^\w:.-]+", "-", part).replace(":", ".").strip("-") for part in parts if part)
    for label, viewport in (("1280", DESKTOP), ("390", PHONE)):
        if viewport is PHONE:
            page.set_viewport_size(viewport)
            page.reload()
        page.wait_for_load_state("networkidle")  # pages drawn by a script (the API docs) finish first
        # caret="initial" as in helpers.screenshot (htmx would copy Playwright's empty style attribute).
        path = CRAWL_SHOTS / f"{stem}-{label}.png"
        page.screenshot(path=str(path), full_page=True, animations="disabled", caret="initial")
    page.set_viewport_size(DESKTOP)


@pytest.fixture
def tenant(transactional_db: None) -> Tenant:
    own, _other = build_world()
    own.users[Role.NATIONAL_ADMIN] = make_user(Role.NATIONAL_ADMIN, username="nasjonal")
    return own


def test_every_reachable_page_passes_axe_at_both_widths_and_reflows_at_320_px(
    browser: Browser, live_server: Any, tenant: Tenant
) -> None:
    started = time.monotonic()
    visits = crawl_list(tenant)
    print(f"{len(visits)} pages found in {time.monotonic() - started:.0f} s")
    assert ONLY or len({v.name for v in visits}) > 100, "the crawl found too few pages: the sign-in or the world broke"
    problems: list[str] = []
    users: dict[str | None, User | None] = {None: None, **{role: tenant.users[role] for role in ROLE_ORDER}}
    for role, user in users.items():
        mine = [v for v in visits if v.role == role]
        if not mine:
            continue
        context = browser.new_context(base_url=live_server.url, viewport=DESKTOP, locale="nb-NO")
        context.set_default_timeout(20_000)
        if user is not None:
            cookie = session_cookie(user)
            context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
        page = context.new_page()
        for visit in mine:
            found = check(page, visit)
            if visit.key in ELSEWHERE and found:
                warnings.warn(f"{ELSEWHERE[visit.key]}: " + "\n".join(found), stacklevel=1)
            else:
                problems += found
        context.close()
    print(f"checked in {time.monotonic() - started:.0f} s")
    assert problems == [], f"{len(problems)} problems on {len(visits)} pages:\n" + "\n".join(problems)
