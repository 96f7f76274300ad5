"""The case page (issue 15) with the keyboard only, at phone and desktop width: the compact header stays
in view with the phase's next action, the phase's panel folds to one line on a phone, the sections are
tabs (arrow keys, Home, End), the history loads when its tab opens, a link to a part in a hidden section
opens that section, coming back reopens the section last opened, and axe finds nothing serious or
critical at either width."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from prioritet.accounts.models import Role, User

from . import seed
from .helpers import axe, screenshot

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _tab_to(page: Page, role: str, limit: int = 80) -> None:
    """Press Tab until the focused element has ``role`` (the keyboard's way onto the tab list)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.getAttribute('role')") == role:
            return
    raise AssertionError(f"no element with role {role} reached with the Tab key")


def _selected(page: Page) -> str:
    return page.get_by_role("tab", selected=True).inner_text()


def test_the_case_page_works_with_the_keyboard_at_phone_and_desktop_width(
    page: Page, login_as: Callable[..., User]
) -> None:
    caseworker = login_as(Role.CASEWORKER)
    case = seed.individual_case(caseworker)
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        page.goto(f"/cases/{case.pk}/")
        page.evaluate("window.sessionStorage.clear()")
        page.reload()
        expect(page.get_by_test_id("case-header")).to_contain_text(case.title)
        meta = page.get_by_test_id("case-meta")
        expect(meta).to_contain_text("SAK-2025-0412")
        expect(meta).to_contain_text("Forberede")
        # The phase's next action: the missing medvirkning plan, fixed on the case form.
        next_action = page.get_by_test_id("case-next-action")
        expect(next_action).to_contain_text("Hvem som berøres og hvordan de involveres")

        # The phase's panel: open on a desktop; on a phone folded to one line (the phase, what is
        # missing), which the keyboard opens, so the sections start near the top.
        details = page.get_by_test_id("phase-details")
        summary = details.locator("summary")
        expect(summary).to_contain_text("Fase: Forberede")
        expect(summary).to_contain_text("1 punkt mangler")
        checklist = page.get_by_test_id("phase-checklist")
        if viewport is PHONE:
            expect(checklist).to_be_hidden()
            folded = page.get_by_role("tablist").bounding_box()
            assert folded is not None
            assert folded["y"] < PHONE["height"], f"the tabs start below the first screen: {folded}"
            screenshot(page, "case-page-phase-folded")
            summary.focus()
            page.keyboard.press("Enter")
            expect(checklist).to_be_visible()
            # Opened, the panel pushes the tabs down by its checklist (after Designsystemet's 0.4 s height transition).
            page.wait_for_function(
                "y => document.querySelector('[role=tablist]').getBoundingClientRect().top > y + 300", arg=folded["y"]
            )
            axe(page)
            page.keyboard.press("Enter")
            expect(checklist).to_be_hidden()
        else:
            expect(checklist).to_be_visible()

        # The sections are tabs; the page opens on the one where the missing item is fixed.
        tabs = page.get_by_role("tab")
        expect(tabs).to_have_count(6)  # need, alternatives, judgment, decision, evaluation, history
        assert "Behov og alvorlighet" in _selected(page)
        expect(page.get_by_role("tabpanel")).to_have_count(1)
        expect(page.get_by_role("region", name="Oversikt")).to_be_visible()
        expect(page.get_by_role("region", name="Alternativer og vurderinger")).to_be_hidden()
        expect(page.get_by_role("tab", name="Alternativer og vurderinger")).to_contain_text("3")

        _tab_to(page, "tab")
        assert "Behov og alvorlighet" in page.evaluate("document.activeElement.innerText")
        page.keyboard.press("ArrowRight")
        assert "Alternativer og vurderinger" in _selected(page)
        expect(page.get_by_role("region", name="Alternativer og vurderinger")).to_be_visible()
        expect(page.get_by_role("region", name="Oversikt")).to_be_hidden()
        axe(page)

        # End: the history, which loads only now.
        page.keyboard.press("End")
        assert "Historikk" in _selected(page)
        expect(page.get_by_role("region", name="Faseendringer")).to_be_visible()
        expect(page.get_by_role("link", name="Vis alle endringer i saken")).to_have_count(0)
        axe(page)
        page.keyboard.press("Home")
        assert "Behov og alvorlighet" in _selected(page)
        page.keyboard.press("ArrowLeft")
        assert "Historikk" in _selected(page)

        # Tab leaves the tab list for the open panel.
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.getAttribute('role')") == "tabpanel"

        # The bar with the next action stays in view when the page scrolls: on a desktop with where
        # the case is, on a phone only the title and the next action, in a small strip at the top.
        page.mouse.wheel(0, 2000)
        bar = page.get_by_test_id("case-header")
        expect(next_action).to_be_in_viewport()
        box = bar.bounding_box()
        assert box is not None
        if viewport is PHONE:
            expect(meta).not_to_be_in_viewport()
            assert 0 < box["y"] + box["height"] < 110, box
        else:
            expect(meta).to_be_in_viewport()
            assert abs(box["y"]) < 2
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]

    # Coming back to the page reopens the section last opened (the history, left with ArrowLeft).
    page.set_viewport_size(DESKTOP)
    page.goto(f"/cases/{case.pk}/")
    assert "Historikk" in _selected(page)
    screenshot(page, "case-page-history")
    page.goto(f"/cases/{case.pk}/?tab=need")
    assert "Behov og alvorlighet" in _selected(page)
    screenshot(page, "case-page-prepare")
    # A link to a part in a hidden section (the checklist's, or #history) opens that section.
    page.goto(f"/cases/{case.pk}/#judgment")
    assert "Samlet vurdering" in _selected(page)
    expect(page.get_by_role("region", name="Samlet vurdering")).to_be_visible()
    screenshot(page, "case-page-judgment")

    # The next action is one key press away: Enter on it opens the case form.
    page.goto(f"/cases/{case.pk}/")
    page.get_by_test_id("case-next-action").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Hvem som berøres og hvordan de involveres")).to_be_visible()


def test_a_decided_case_names_its_status_in_the_header_and_shows_the_decision(
    page: Page, login_as: Callable[..., User]
) -> None:
    caseworker = login_as(Role.CASEWORKER)
    case = seed.individual_case(caseworker)
    seed.decide_top(case, caseworker)
    page.goto(f"/cases/{case.pk}/")
    expect(page.get_by_test_id("case-meta")).to_contain_text("Besluttet")
    expect(page.get_by_role("region", name="Beslutning")).to_contain_text("Besluttet av")
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        axe(page)
    screenshot(page, "case-page-decided")
