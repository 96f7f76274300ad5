"""The budget workspace, keyboard only, at 1280 and 390 px: «what do we get for this budget?».

The budget control and its summary stay at the top, the frontier chart's marked point follows the
slider, the measures' tabs, filter and table region are reached and used with the keyboard alone,
and axe finds nothing serious or critical at either width. Screenshots go to
test-artifacts/screenshots/workspace-*.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from prioritet.accounts.models import Role, User
from prioritet.cases import services as case_services
from prioritet.cases.models import Level
from prioritet.reports.tests.portfolio_data import demo_rows, make_portfolio

from .helpers import DESKTOP, PHONE, axe, screenshot

#: Tab presses allowed to reach a control from the top of the page (the header's links come first).
MAX_TABS = 150
#: The sticky bar on a phone: small enough to leave most of an 844 px screen to the page.
PHONE_BAR_MAX_PX = 260


def tab_to(page: Page, selector: str) -> None:
    """Press Tab until the element ``selector`` has focus (keyboard only: no clicks, no focus())."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} cannot be reached with Tab")


#: The elements that stick out past the right edge of the screen, innermost last.
WIDE_ELEMENTS = """() => [...document.querySelectorAll('body *')]
  .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .filter((e) => !e.closest('[role=region]'))
  .map((e) => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().width))
  .slice(-8)"""


def assert_no_sideways_scroll(page: Page, viewport: dict[str, int]) -> None:
    """The page fits the screen: wide tables scroll inside their own region, the page never sideways."""
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= viewport["width"], f"the page is {wide} px wide: {page.evaluate(WIDE_ELEMENTS)}"


def marked_x(page: Page) -> str:
    return page.locator(".pri-frontier-chosen").get_attribute("data-x") or ""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_the_workspace_by_keyboard_moves_the_marked_point_and_filters_the_measures(
    page: Page, login_as: Callable[..., User], viewport: dict[str, int]
) -> None:
    director = login_as(Role.DIRECTOR)
    case = case_services.create_case(
        director.municipality, director, no_action_consequence="Ingen.", level=Level.POLITICAL, title="Økonomiplan"
    )
    portfolio = make_portfolio(case, director, demo_rows(), budget_nok=20_000_000)
    page.set_viewport_size(viewport)
    page.goto(f"/portfolio/{portfolio.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Økonomiplan")
    summary = page.get_by_test_id("budget-summary")
    expect(summary).to_contain_text("Verdi")
    expect(summary).to_contain_text("Ikke med")
    chart = page.locator("#answer svg.pri-svg-chart")
    expect(chart).to_be_visible()
    assert_no_sideways_scroll(page, viewport)
    # Every tab is on the screen: at 390 px the rows wrap instead of hiding the last tabs past the edge.
    for tab in page.locator(".pri-ws-tabs a").all():
        box = tab.bounding_box()
        assert box is not None
        assert box["x"] >= 0, tab.inner_text()
        assert box["x"] + box["width"] <= viewport["width"], tab.inner_text()
    axe(page)
    if viewport == DESKTOP:
        screenshot(page, "workspace-01-budget")  # both widths, whole page
        page.set_viewport_size(viewport)

    # The slider, by keyboard: the marked point, the level and the summary follow -----------------
    tab_to(page, "#budget-slider")
    slider = page.locator("#budget-slider")
    start, before_x, before_summary = int(slider.input_value()), marked_x(page), summary.inner_text()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    expect(slider).to_have_value(str(start - 2))
    expect(page.locator("#frontier-point-heading")).to_contain_text(f"Budsjettnivå {start - 1} av ")
    expect(page.locator(".pri-frontier-chosen")).not_to_have_attribute("data-x", before_x)
    expect(summary).not_to_have_text(before_summary)
    expect(page.get_by_test_id("step-up")).to_contain_text("Ett steg opp")
    expect(page.locator("#frontier-status")).to_contain_text("Budsjett ")
    assert float(marked_x(page)) < float(before_x), "a lower budget marks a point further left"
    assert_no_sideways_scroll(page, viewport)
    axe(page)
    if viewport == PHONE:
        screenshot(page, "workspace-02-lower-level")
        page.set_viewport_size(viewport)

    # The sticky bar stays in view while the measures are read ------------------------------------
    page.locator("#measures").scroll_into_view_if_needed()
    bar = page.locator("#budget-bar").bounding_box()
    assert bar is not None
    assert -1 <= bar["y"] <= 1, f"the budget bar left the top of the screen: {bar}"
    if viewport == PHONE:
        assert bar["height"] <= PHONE_BAR_MAX_PX, f"the sticky bar takes {bar['height']} px of a phone"

    # The measures: tabs, filter and the table's own scrolling region, by keyboard ---------------
    tab_to(page, "a[data-tab=left]")
    page.keyboard.press("Enter")
    expect(page.locator("a[data-tab=left]")).to_have_attribute("aria-current", "page")
    expect(slider).to_have_value(str(start - 2))  # the level is kept
    region = page.get_by_role("region", name=re.compile(r"^Tiltak: Ikke med"))
    expect(region).to_be_visible()
    expect(region.locator("thead")).to_contain_text("Konsekvens hvis utelatt")
    wanted = region.locator("tbody th .pri-ws-code").first.inner_text()
    tab_to(page, "#measure-filter")
    page.keyboard.type(wanted)
    page.keyboard.press("Enter")
    expect(page.locator("#measure-filter")).to_have_value(wanted)
    codes = page.get_by_role("region", name=re.compile(r"^Tiltak: Ikke med")).locator("tbody th .pri-ws-code")
    expect(codes.first).to_have_text(wanted)
    for code in codes.all_inner_texts():
        assert wanted in code, code
    tab_to(page, "[role=region][aria-labelledby=measure-table-caption]")
    page.keyboard.press("End")  # the region scrolls by keyboard
    tab_to(page, "a[data-tab=all]")
    page.keyboard.press("Enter")
    badges = page.get_by_test_id("robustness")
    expect(badges.first).to_be_visible()
    box = badges.first.bounding_box()
    assert box is not None
    if viewport == DESKTOP:
        assert box["x"] + box["width"] <= DESKTOP["width"], "the robustness badge is off-screen at 1280 px"
    axe(page)

    # Scenarios have their own tab ---------------------------------------------------------------
    tab_to(page, "a[href$='?view=scenarios#scenarios']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Scenarioer", level=2)).to_be_visible()
    expect(page.locator("#measure-table")).to_have_count(0)
    axe(page)
    if viewport == PHONE:
        screenshot(page, "workspace-03-scenarios")
