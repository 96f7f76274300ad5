"""The assessment form, completed with the keyboard alone.

Tab moves between controls, the arrow keys choose within a radio group (the standard keyboard
interaction of native radio buttons: Tab enters a group, arrows move the choice), Space ticks a
checkbox, typing fills a text area and Enter on the button saves. No mouse, no ``fill``/``check``.
"""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Locator, Page, expect

from prioritet.accounts.models import Role, User
from prioritet.cases.models import Assessment

from .seed import INSTITUTION, individual_case

MAX_TABS = 80


def tab_to(page: Page, target: Locator) -> int:
    """Press Tab until ``target`` has focus; returns the number of presses. Fails if it never gets it."""
    handle = target.element_handle()
    for presses in range(1, MAX_TABS + 1):
        page.keyboard.press("Tab")
        if page.evaluate("el => document.activeElement === el", handle):
            return presses
    raise AssertionError(f"Tab never reached {target}")


def has_visible_focus(locator: Locator) -> bool:
    """The focused control shows a focus indicator (an outline or a box shadow)."""
    return bool(
        locator.evaluate(
            "el => { const s = getComputedStyle(el);"
            " return el.matches(':focus-visible') && (s.outlineStyle !== 'none' || s.boxShadow !== 'none'); }"
        )
    )


def test_assessment_form_with_the_keyboard_only(page: Page, login_as: Callable[..., User]) -> None:
    user = login_as(Role.CASEWORKER, username="ingrid")
    case = individual_case(user, assessed=False)
    alternative = case.alternatives.get(title=INSTITUTION)
    page.goto(f"/cases/{case.pk}/alternatives/{alternative.pk}/assessment/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Din vurdering: {INSTITUTION}")

    # benefit 4, resources 4 (severity is the case's, issue 11): Tab into each group (focus lands on
    # «1»), three arrows down.
    for criterion, label, reason in (
        ("Nytte", "4 – stor", "Kan bli selvhjulpen igjen."),
        ("Ressurs", "4 – mye", "Døgnplass i tre uker."),
    ):
        group = page.get_by_role("group", name=criterion, exact=True)
        first = group.get_by_role("radio").first
        tab_to(page, first)
        expect(first).to_be_focused()
        assert has_visible_focus(first), f"no visible focus on the first radio of {criterion}"
        for _ in range(3):
            page.keyboard.press("ArrowDown")
        chosen = group.get_by_label(label, exact=True)
        expect(chosen).to_be_focused()
        expect(chosen).to_be_checked()
        page.keyboard.press("Tab")  # the next stop is the criterion's justification
        justification = group.get_by_label("Begrunnelse")
        expect(justification).to_be_focused()
        page.keyboard.type(reason)

    page.keyboard.press("Tab")
    research = page.get_by_label("Forskning", exact=True)
    expect(research).to_be_focused()
    page.keyboard.press("Tab")
    clinical = page.get_by_label("Klinisk erfaring", exact=True)
    expect(clinical).to_be_focused()
    page.keyboard.press("Space")
    expect(clinical).to_be_checked()
    expect(research).not_to_be_checked()

    # Certainty: Tab lands on the preselected «Middels»; one arrow down chooses «Høy».
    high = page.get_by_role("group", name="Sikkerhet").get_by_label("Høy", exact=True)
    tab_to(page, page.get_by_role("group", name="Sikkerhet").get_by_label("Middels", exact=True))
    page.keyboard.press("ArrowDown")
    expect(high).to_be_focused()
    expect(high).to_be_checked()

    save = page.get_by_role("button", name="Lagre vurderingen")
    page.keyboard.press("Tab")
    expect(save).to_be_focused()
    assert has_visible_focus(save)
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Vurderingen din er lagret.")

    assessment = Assessment.objects.get(alternative=alternative, assessor=user)
    assert (assessment.benefit, assessment.severity, assessment.resources) == (4, None, 4)
    assert assessment.benefit_justification == "Kan bli selvhjulpen igjen."
    assert assessment.resources_justification == "Døgnplass i tre uker."
    assert (assessment.basis_research, assessment.basis_clinical, assessment.basis_user) == (False, True, False)
    assert assessment.certainty == "high"


def test_assessment_errors_take_the_keyboard_user_to_them(page: Page, login_as: Callable[..., User]) -> None:
    """Saving an incomplete assessment (htmx) must not drop focus to <body> with nothing announced.

    The full-page forms move focus to their error summary (``.ds-error-summary``, focused by
    app.js on load and after an htmx swap); the assessment form must do the same.
    """
    user = login_as(Role.CASEWORKER, username="ingrid")
    case = individual_case(user, assessed=False)
    alternative = case.alternatives.get(title=INSTITUTION)
    page.goto(f"/cases/{case.pk}/alternatives/{alternative.pk}/assessment/")
    tab_to(page, page.get_by_role("button", name="Lagre vurderingen"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("group", name="Nytte", exact=True)).to_contain_text("Feltet er påkrevet.")
    summary = page.locator(".ds-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Nytte")
    assert not Assessment.objects.exists()
