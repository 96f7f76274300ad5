"""A leader logs in with a password, sets up an authenticator app, and logs in again with its code."""

from __future__ import annotations

import re
from collections.abc import Callable

from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from prioritet.accounts.models import Role, User
from prioritet.accounts.testing import current_code

from .helpers import axe, screenshot


def _log_in(page: Page, username: str, password: str) -> None:
    page.goto("/login/")
    page.get_by_label("Brukernavn", exact=True).fill(username)
    page.get_by_label("Passord", exact=True).fill(password)
    page.get_by_role("button", name="Logg inn", exact=True).click()


def test_a_leader_sets_up_an_authenticator_and_logs_in_with_its_code(
    page: Page, user_factory: Callable[..., User], password: str
) -> None:
    leader = user_factory(Role.LEADER, username="marte", first_name="Marte")

    _log_in(page, "marte", password)
    expect(page.get_by_role("heading", level=1)).to_have_text("Sett opp tofaktorinnlogging")
    expect(page.locator("svg.segno")).to_be_visible()
    axe(page)
    screenshot(page, "mfa-setup")
    device = TOTPDevice.objects.get(user=leader, confirmed=False)
    page.get_by_label("Kode", exact=True).fill(current_code(device))
    page.get_by_role("button", name="Slå på", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Gjenopprettingskodene dine")
    codes = page.get_by_test_id("recovery-codes").get_by_role("listitem")
    expect(codes).to_have_count(10)
    axe(page)
    page.get_by_role("link", name="Jeg har tatt vare på kodene").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Velkommen, Marte")

    # Log out, then in again: the password alone is not enough.
    page.get_by_role("button", name="Logg ut").click()
    _log_in(page, "marte", password)
    expect(page.get_by_role("heading", level=1)).to_have_text("Oppgi koden din")
    expect(page).to_have_url(re.compile(r"/account/security/verify/"))
    page.goto("/cases/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Oppgi koden din")
    axe(page)
    device.refresh_from_db()
    page.get_by_label("Kode", exact=True).fill(current_code(device, steps_ahead=1))
    page.get_by_role("button", name="Fortsett", exact=True).click()
    expect(page).to_have_url(re.compile(r"/cases/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Prioriteringssaker")
