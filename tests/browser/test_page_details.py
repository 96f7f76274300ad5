"""Details of single pages seen in a real browser: the menu marks one entry, a list's heading keeps its
distance from the form above it, and a large saksframlegg's pages (the robustness still to compute, the
offer to make its PDF and the page that waits for it) are axe-clean and drawn at 390 and 1280 px in
bokmål and English."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from playwright.sync_api import BrowserContext, Page, expect

from prioritet.accounts.models import Role, User
from prioritet.cases import services as case_services
from prioritet.cases.models import Level
from prioritet.core.tasks import DATABASE_TASKS
from prioritet.reports.tests.portfolio_data import demo_rows, make_portfolio

from .helpers import axe, screenshot

#: Designsystemet's --ds-size-6 at the default font size: the least room between a form and the next section.
SECTION_GAP_PX = 24


def choose_language(context: BrowserContext, live_server: Any, language: str) -> None:
    context.add_cookies([{"name": django_settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])


def test_the_corrections_page_marks_only_its_own_menu_entry_and_spaces_its_list(
    page: Page, context: BrowserContext, live_server: Any, login_as: Callable[..., User]
) -> None:
    login_as(Role.MUNICIPAL_ADMIN)
    choose_language(context, live_server, "nn")
    page.goto("/cases/corrections/")
    menu = page.get_by_role("navigation", name="Hovudmeny")
    expect(menu.locator("[aria-current]")).to_have_count(1)
    expect(menu.get_by_role("link", name="Rettingar")).to_have_attribute("aria-current", "page")
    expect(menu.get_by_role("link", name="Saker")).not_to_have_attribute("aria-current", "page")
    button = page.get_by_role("button", name="Registrer rettinga")
    heading = page.get_by_role("heading", name="Registrerte rettingar", level=2)
    button_box, heading_box = button.bounding_box(), heading.bounding_box()
    assert button_box is not None
    assert heading_box is not None
    gap = heading_box["y"] - (button_box["y"] + button_box["height"])
    assert gap >= SECTION_GAP_PX, f"the list's heading sits {gap:.0f} px under the button"


@pytest.mark.parametrize("language", ["nb", "en"])
def test_a_large_saksframlegg_offers_its_robustness_and_its_pdf_by_post_and_waits_for_them(
    page: Page,
    context: BrowserContext,
    live_server: Any,
    login_as: Callable[..., User],
    settings: Any,
    language: str,
) -> None:
    """The page says the robustness is not stored yet and asks for it (a POST, as in the workspace);
    the PDF's GET offers «Make the PDF», whose POST leads to the page that waits for it."""
    cache.clear()  # an earlier test's analysis of the same measures is cached
    settings.REPORTS_PDF_INLINE_MEASURES = 2
    settings.PORTFOLIO_ROBUSTNESS_INLINE_LIMIT = 10  # the 32 measures are analysed in the background
    settings.TASKS = DATABASE_TASKS  # the analysis and the PDF wait in the queue, so the pages keep waiting
    director = login_as(Role.DIRECTOR)
    case = case_services.create_case(
        director.municipality, director, no_action_consequence="Ingen.", level=Level.POLITICAL, title="Økonomiplan"
    )
    make_portfolio(case, director, demo_rows(), budget_nok=20_000_000)
    choose_language(context, live_server, language)
    words = {
        "nb": ("Start analysen, eller se på nytt", "Lag PDF"),
        "en": ("Start the analysis, or look again", "Make the PDF"),
    }[language]

    with page.expect_response(lambda r: r.url.endswith(f"/cases/{case.pk}/report/analyse/")) as polled:
        page.goto(f"/cases/{case.pk}/report/")
    assert polled.value.request.method == "POST"  # the page's poll starts the analysis, not its GET
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("button", name=words[0])).to_be_visible()
    axe(page)
    screenshot(page, f"report-robustness-pending-{language}")

    response = page.goto(f"/cases/{case.pk}/report/saksframlegg.pdf")
    assert response is not None
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    axe(page)
    screenshot(page, f"report-pdf-make-{language}")
    page.get_by_role("button", name=words[1]).click()
    expect(page).to_have_url(re.compile(rf"/cases/{case.pk}/report/saksframlegg\.pdf/\d+/$"))
    expect(page.get_by_role("button", name=words[1])).to_have_count(0)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    axe(page)
    screenshot(page, f"report-pdf-waiting-{language}")
