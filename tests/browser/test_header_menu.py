"""The header menu folds behind a menu button on a phone, works with the keyboard, and needs no JavaScript.

Designsystemet's header pattern: on a narrow screen a «Meny» button with ``aria-expanded`` and
``aria-controls`` shows and hides the main menu and the header's tools; on a wide screen the menu is
always there and the button is not. Without JavaScript the menu stays open. Screenshots:
test-artifacts/screenshots/header-menu-*.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from playwright.sync_api import Browser, Page, expect

from prioritet.accounts.models import Role, User
from prioritet.accounts.testing import session_cookie

from .helpers import DESKTOP, PHONE, SCREENSHOT_DIR, axe, screenshot


def test_the_menu_folds_behind_a_button_on_a_phone_and_opens_and_closes_with_the_keyboard(
    page: Page, login_as: Callable[..., User]
) -> None:
    login_as(Role.LEADER, first_name="Marte")
    page.set_viewport_size(PHONE)
    page.goto("/")
    button = page.get_by_role("button", name="Meny")
    menu = page.get_by_role("navigation", name="Hovedmeny")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_have_attribute("aria-controls", "pri-header-tools pri-menu")
    expect(menu).to_be_hidden()
    expect(page.get_by_role("button", name="Logg ut")).to_be_hidden()
    # The closed header is one row: the brand and the button.
    header_height = page.locator(".pri-header").bounding_box()["height"]  # type: ignore[index]
    assert header_height < 90, f"the closed header is {header_height} px high"
    axe(page)
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / "header-menu-closed-phone.png"))

    # Skip link, brand, then the button: Enter opens the menu.
    for _ in range(3):
        page.keyboard.press("Tab")
    expect(button).to_be_focused()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(menu).to_be_visible()
    expect(page.get_by_role("button", name="Logg ut")).to_be_visible()
    page.keyboard.press("Tab")  # into the opened menu: the first language button
    expect(page.get_by_role("button", name="Bokmål")).to_be_focused()
    axe(page)
    page.screenshot(path=str(SCREENSHOT_DIR / "header-menu-open-phone.png"), full_page=True)
    for link in ("Saker", "Forside"):
        expect(menu.get_by_role("link", name=link, exact=True)).to_be_visible()

    # Escape closes it and gives the focus back to the button.
    page.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_be_focused()
    expect(menu).to_be_hidden()

    # On a wide screen the menu is there and the button is not.
    page.set_viewport_size(DESKTOP)
    expect(button).to_be_hidden()
    expect(menu).to_be_visible()
    axe(page)
    screenshot(page, "header-menu")


def test_without_javascript_the_menu_stays_open_on_a_phone(
    browser: Browser, live_server: Any, user_factory: Callable[..., User]
) -> None:
    user = user_factory(Role.LEADER, first_name="Marte")
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, java_script_enabled=False)
    cookie = session_cookie(user)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    page = context.new_page()
    page.goto("/")
    expect(page.get_by_role("button", name="Meny")).to_be_hidden()
    menu = page.get_by_role("navigation", name="Hovedmeny")
    expect(menu.get_by_role("link", name="Saker", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Logg ut")).to_be_visible()
    page.screenshot(path=str(SCREENSHOT_DIR / "header-menu-no-javascript-phone.png"))
    context.close()
