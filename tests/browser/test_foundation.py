"""The web foundation as a person meets it: logging in, the dashboard, languages, accessibility."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.conf import settings
from playwright.sync_api import Page, expect

from prioritet.accounts.models import Role, User
from prioritet.accounts.testing import make_service_area

from .helpers import axe, screenshot


def test_login_with_wrong_then_right_password(page: Page, user_factory: Callable[..., User], password: str) -> None:
    user_factory(Role.CASEWORKER, username="kari", first_name="Kari")
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/$"))
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    expect(page.get_by_role("heading", level=1)).to_have_text("Logg inn i Prioritet")
    axe(page)
    screenshot(page, "login")

    page.get_by_label("Brukernavn", exact=True).fill("kari")
    page.get_by_label("Passord", exact=True).fill("feil-passord")
    page.get_by_role("button", name="Logg inn", exact=True).click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Feil brukernavn eller passord")
    axe(page)
    screenshot(page, "login-error")

    page.get_by_label("Passord", exact=True).fill(password)
    page.get_by_role("button", name="Logg inn", exact=True).click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Velkommen, Kari")
    expect(page.get_by_role("banner")).to_contain_text("Larvik kommune")
    expect(page.get_by_role("banner")).to_contain_text("Saksbehandler")


def test_dashboard_is_accessible(page: Page, login_as: Callable[..., User]) -> None:
    login_as(Role.MUNICIPAL_ADMIN, username="admin", first_name="Ada", last_name="Admin")
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Velkommen, Ada")
    nav = page.get_by_role("navigation", name="Hovedmeny")
    expect(nav.get_by_role("link", name="Forside")).to_have_attribute("aria-current", "page")
    expect(nav.get_by_role("link", name="Brukere")).to_be_visible()
    axe(page)
    screenshot(page, "dashboard")


def test_language_switch_to_nynorsk_english_and_back(page: Page) -> None:
    page.goto("/login/")
    page.get_by_role("button", name="Nynorsk").click()
    expect(page.locator("html")).to_have_attribute("lang", "nn")
    expect(page.get_by_text("Kva gir tiltaket personen i liv, funksjon og meistring?")).to_be_visible()
    expect(page.get_by_role("button", name="Nynorsk")).to_have_attribute("aria-current", "true")
    axe(page)

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in to Prioritet")
    expect(page.get_by_label("Username", exact=True)).to_be_visible()

    page.get_by_role("button", name="Bokmål").click()
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    expect(page.get_by_role("heading", level=1)).to_have_text("Logg inn i Prioritet")
    cookies = {cookie["name"]: cookie["value"] for cookie in page.context.cookies()}
    assert cookies[settings.LANGUAGE_COOKIE_NAME] == "nb"


def test_language_switch_keeps_the_page(page: Page, login_as: Callable[..., User]) -> None:
    login_as(Role.MUNICIPAL_ADMIN)
    page.goto("/municipality/service-areas/")
    page.get_by_role("button", name="English").click()
    expect(page).to_have_url(re.compile(r"/municipality/service-areas/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Service areas")


def test_skip_link_moves_focus_to_main(page: Page) -> None:
    page.goto("/login/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Hopp til hovedinnhold")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_admin_pages_are_accessible(page: Page, login_as: Callable[..., User]) -> None:
    admin = login_as(Role.MUNICIPAL_ADMIN, username="admin")
    make_service_area(admin.municipality, "Hjemmetjenester")  # type: ignore[arg-type]
    make_service_area(admin.municipality, "Sykehjem")  # type: ignore[arg-type]
    page.goto("/municipality/users/")
    expect(page.get_by_role("table")).to_contain_text("admin")
    axe(page)
    screenshot(page, "users")

    page.get_by_role("link", name="Legg til bruker").click()
    page.get_by_role("button", name="Legg til bruker").click()
    summary = page.locator(".ds-error-summary")
    expect(summary).to_be_focused()
    expect(page.get_by_label("Brukernavn", exact=True)).to_have_attribute("aria-invalid", "true")
    axe(page)
    screenshot(page, "user-form-errors")

    page.goto("/municipality/service-areas/")
    axe(page)


def test_national_admin_sees_municipalities_and_the_example_bank(page: Page, login_as: Callable[..., User]) -> None:
    """No municipality's cases: the municipalities, and the national example bank they moderate."""
    login_as(Role.NATIONAL_ADMIN, username="nasjonal", first_name="Nina")
    page.goto("/")
    nav_links = page.get_by_role("navigation", name="Hovedmeny").get_by_role("link")
    expect(nav_links).to_have_text(["Forside", "Eksempelbank", "Kommuner"])
    page.goto("/national/municipalities/")
    expect(page.get_by_role("table")).to_contain_text("Larvik kommune")
    axe(page)


def test_lockout_page_is_norwegian_and_accessible(page: Page, user_factory: Callable[..., User], password: str) -> None:
    user_factory(Role.LEADER, username="leder")
    page.goto("/login/")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.get_by_label("Brukernavn", exact=True).fill("leder")
        page.get_by_label("Passord", exact=True).fill("feil-passord")
        page.get_by_role("button", name="Logg inn", exact=True).click()
        page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text("Innloggingen er midlertidig sperret")
    axe(page)
    screenshot(page, "lockout")
