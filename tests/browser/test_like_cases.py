"""Issue 13 §3 in the browser: the similar decided cases on the decision page, at phone (390 px) and
desktop (1280 px) width, by keyboard, checked with axe (serious or critical violations fail) and
photographed."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from prioritet.accounts.models import Municipality, Role, User
from prioritet.accounts.testing import make_service_area
from prioritet.cases.models import Case, CaseAccess
from prioritet.cases.similar import ACCESS_PAGE

from .helpers import DESKTOP, PHONE, axe, screenshot
from .seed import decide_top, individual_case
from .test_keyboard import tab_to


def _at_both_widths(page: Page) -> None:
    """axe at the phone's width and at the desktop's; the page is left at the desktop's."""
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        axe(page)


def test_the_similar_cases_beside_the_decision(
    page: Page, login_as: Callable[..., User], user_factory: Callable[..., User], municipality: Municipality
) -> None:
    area = make_service_area(municipality, "Rehabilitering")
    caseworker = user_factory(Role.CASEWORKER, username="ingrid", first_name="Ingrid", last_name="Berg")
    for i in range(6):
        earlier = individual_case(caseworker, title=f"Tidligere søknad {i}", reference=f"SAK-2025-010{i}")
        Case.objects.filter(pk=earlier.pk).update(service_area=area)
        decide_top(earlier, caseworker, due_in_days=60)
    case = individual_case(caseworker)
    Case.objects.filter(pk=case.pk).update(service_area=area)
    login_as(caseworker)

    page.goto(f"/cases/{case.pk}/decide/")
    similar = page.get_by_role("region", name="Lignende avgjorte saker")
    expect(similar).to_be_visible()
    rows = similar.get_by_role("table").locator("tbody tr")
    expect(rows).to_have_count(6)
    for i in range(6):
        expect(similar).to_contain_text(f"SAK-2025-010{i}")
    expect(similar).not_to_contain_text("Tidligere søknad")  # pseudonymous: no free text of another case
    expect(similar.get_by_role("link")).to_have_count(0)  # not opened from here
    assert CaseAccess.objects.filter(page=ACCESS_PAGE, user=caseworker).count() == 6

    # The explanation opens from the keyboard.
    summary = similar.locator("summary")
    tab_to(page, summary)
    page.keyboard.press("Enter")
    expect(similar.get_by_text("Hver sak plasseres etter behovets alvorlighet")).to_be_visible()
    _at_both_widths(page)
    screenshot(page, "like-cases-decision")
