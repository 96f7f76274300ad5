"""A calibration exercise end to end: a leader sets it up, three colleagues rate blind, the leader sees the result.

The leader creates an exercise with two examples of the bank and three participants through the
form. Each participant rates the severity of each example's need once and every alternative on benefit
and resources in keyboard-usable radio groups
(the first participant by keyboard only) and submits; the rating page never shows the example's own
scores, decision or anyone else's ratings. The leader sees who has submitted while it is open,
closes it and sees Krippendorff's alpha and each person's distance by name; a participant sees
their own distance. axe checks every page. Screenshots go to test-artifacts/screenshots/calibration-*.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from playwright.sync_api import BrowserContext, Page, expect

from prioritet.accounts.models import Role, User
from prioritet.accounts.testing import make_municipality, make_user
from prioritet.calibration import selectors
from prioritet.calibration.agreement import ordinal_alpha
from prioritet.calibration.models import Exercise
from prioritet.calibration.services import close_exercise
from prioritet.calibration.testing import (
    SECRET_CONCLUSION,
    SECRET_DECISION,
    SECRET_JUSTIFICATION,
    THREE_ALTERNATIVES,
    make_example,
    make_exercise,
    submit_matrix,
)

from .helpers import axe, screenshot

TITLE = "Kalibrering av hjemmetjenester"
#: Each participant's score per unit, in page order: per example its need's severity, then each alternative's
#: benefit and resources (an example with two alternatives, then one with three: 5 + 7 units).
#: Three colleagues in another municipality, on the same examples (page order of our exercise).
THEIRS = [
    [4, 4, 3, 2, 3, 2, 4, 4, 3, 2, 3, 2],
    [3, 4, 3, 2, 2, 2, 4, 4, 3, 2, 3, 3],
    [4, 5, 3, 2, 3, 2, 4, 3, 3, 2, 3, 2],
]
SCORES = {
    "anna": [2, 4, 3, 2, 3, 2, 4, 4, 3, 2, 3, 2],
    "bjorn": [4, 4, 3, 2, 3, 2, 4, 5, 3, 2, 3, 2],
    "cecilie": [4, 4, 3, 2, 4, 2, 4, 4, 3, 1, 3, 2],
}


def _page_order(their: Exercise, ours: Exercise, row: list[int]) -> list[int]:
    """A row given in the page order of ``ours``, rearranged to the unit order of ``their`` exercise."""
    by_key = dict(zip((u.key for u in selectors.units_of(ours)), row, strict=True))
    return [by_key[u.key] for u in selectors.units_of(their)]


def _steps(value: float) -> str:
    """One decimal, rounded half up, with a decimal comma: as the page shows it."""
    return str(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)).replace(".", ",")


def _switch(context: BrowserContext, login_as: Callable[..., User], user: User) -> None:
    context.clear_cookies()
    login_as(user)


def _rate_by_keyboard(page: Page, scores: list[int]) -> None:
    """Reach each radio group with Tab, choose with the arrow keys: no mouse."""
    groups = page.locator(".pri-calibration-criteria fieldset")
    expect(groups).to_have_count(len(scores))
    page.locator("#main").focus()
    for n, score in enumerate(scores):
        first = groups.nth(n).locator("input[type=radio]").first
        # Tab until the group's first radio button has focus (nothing is checked yet, so Tab lands on it).
        for _ in range(30):
            if first.evaluate("el => el === document.activeElement"):
                break
            page.keyboard.press("Tab")
        expect(first).to_be_focused()
        page.keyboard.press("Space")
        for _ in range(score - 1):
            page.keyboard.press("ArrowDown")
        expect(groups.nth(n).locator(f"input[value='{score}']")).to_be_checked()


def _rate_by_label(page: Page, scores: list[int]) -> None:
    groups = page.locator(".pri-calibration-criteria fieldset")
    for n, score in enumerate(scores):
        groups.nth(n).get_by_role("radio", name=re.compile(rf"^{score} – ")).check()


def test_leader_runs_a_blind_calibration_and_sees_alpha_and_distances(
    page: Page, context: BrowserContext, login_as: Callable[..., User], user_factory: Callable[..., User]
) -> None:
    examples = [
        make_example("Trygghetsalarm eller tilsyn", alternatives=THREE_ALTERNATIVES),
        make_example("Dagaktivitet for hjemmeboende"),
    ]
    make_example("Et eksempel som ikke velges")
    people = {
        "anna": user_factory(Role.CASEWORKER, username="anna", first_name="Anna", last_name="Aas"),
        "bjorn": user_factory(Role.HEALTH_PERSONNEL, username="bjorn", first_name="Bjørn", last_name="Berg"),
        "cecilie": user_factory(Role.CASEWORKER, username="cecilie", first_name="Cecilie", last_name="Dahl"),
    }
    leader = login_as(Role.LEADER, username="lene", first_name="Lene", last_name="Lie")

    # The leader creates the exercise ----------------------------------------------------------------
    page.goto("/calibration/")
    axe(page)
    page.get_by_role("link", name="Ny kalibreringsøvelse").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny kalibreringsøvelse")
    page.get_by_label("Tittel").fill(TITLE)
    page.get_by_label("Instruksjoner").fill("Vurder før fagmøtet på torsdag.")
    for example in examples:
        page.get_by_label(re.compile(re.escape(example.title))).check()
    for person in people.values():
        page.get_by_label(re.compile(person.first_name)).check()
    axe(page)
    screenshot(page, "calibration-01-create")
    page.get_by_role("button", name="Opprett øvelsen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    exercise = Exercise.objects.get(title=TITLE)
    # The examples come in the order the bank lists them (by title).
    assert [e.title for e in selectors.examples_of(exercise)] == sorted(e.title for e in examples)
    progress = page.get_by_role("table", name="Hvem som har levert")
    expect(progress.locator("tbody tr")).to_have_count(3)
    expect(progress).to_contain_text("Ikke levert ennå")
    axe(page)

    # Each participant rates blind and submits ---------------------------------------------------------
    for n, (key, person) in enumerate(people.items()):
        _switch(context, login_as, person)
        page.goto("/calibration/")
        page.get_by_role("link", name=re.compile("Vurder eksemplene")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Vurder eksemplene")
        html = page.content()
        for secret in (SECRET_DECISION, SECRET_JUSTIFICATION, SECRET_CONCLUSION):
            assert secret not in html
        expect(page.locator("input[type=radio]:checked")).to_have_count(0)
        # Severity is the need's: one radio group per example, none per alternative.
        expect(page.get_by_test_id("need")).to_have_count(2)
        expect(page.get_by_role("group", name="Behovets alvorlighet")).to_have_count(2)
        expect(page.get_by_role("group", name="Alvorlighet", exact=True)).to_have_count(0)
        if n == 0:
            axe(page)
            screenshot(page, "calibration-02-rate")
            _rate_by_keyboard(page, SCORES[key])
            # Save a draft first, then submit.
            page.get_by_role("button", name="Lagre og fortsett senere").click()
            expect(page.get_by_role("status").first).to_contain_text("Vurderingene dine er lagret")
            expect(page.locator("input[type=radio]:checked")).to_have_count(12)
        else:
            # Submitting with a score missing names it in an error summary.
            _rate_by_label(page, SCORES[key][:-1])
            page.get_by_role("button", name="Lever vurderingene mine").click()
            summary = page.locator(".ds-error-summary")
            expect(summary).to_be_visible()
            expect(summary.get_by_role("link")).to_have_count(1)
            axe(page)
            _rate_by_label(page, SCORES[key])
        page.get_by_role("button", name="Lever vurderingene mine").click()
        expect(page.get_by_role("status").first).to_contain_text("Takk. Vurderingene dine er levert.")
        expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
        axe(page)

    # Another municipality has run the same examples: its alpha is shown, its name is not -------------
    elsewhere = make_municipality("Nabokommune", number="3911")
    their_leader = make_user(Role.LEADER, municipality=elsewhere)
    theirs = [make_user(Role.CASEWORKER, municipality=elsewhere) for _ in THEIRS]
    their_exercise = make_exercise(elsewhere, their_leader, theirs, examples)
    submit_matrix(their_exercise, theirs, [_page_order(their_exercise, exercise, row) for row in THEIRS])
    close_exercise(their_exercise, their_leader, their_exercise.version)

    # The leader sees who has submitted, closes, and sees alpha and distances ----------------------------
    _switch(context, login_as, leader)
    page.goto(f"/calibration/{exercise.pk}/")
    expect(progress.locator(".ds-tag[data-color=success]")).to_have_count(3)
    page.get_by_role("button", name="Avslutt øvelsen og vis resultatene").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Resultater: {TITLE}")
    result = selectors.results(selectors.get_exercise(exercise.municipality, exercise.pk))
    assert result.overall.value is not None
    expect(page.get_by_test_id("alpha-overall")).to_have_text(f"{result.overall.value:.3f}".replace(".", ","))
    distances = page.get_by_role("table", name="Hver deltakers avstand fra gruppen")
    for person_result in result.people:
        user = person_result.participant.user
        row = distances.get_by_role("row").filter(has_text=user.get_full_name())
        expect(row.locator("td").first).to_have_text(_steps(person_result.distance.mean))
    their_alpha = ordinal_alpha(THEIRS).value
    expect(page.get_by_test_id("other-alphas")).to_contain_text(f"{their_alpha:.3f}".replace(".", ","))
    assert "Nabokommune" not in page.content()
    axe(page)
    screenshot(page, "calibration-03-results-leader")

    # A participant sees their own distance and no one else's name --------------------------------------
    _switch(context, login_as, people["anna"])
    page.goto(f"/calibration/{exercise.pk}/results/")
    own = result.person(people["anna"])
    expect(page.get_by_test_id("own-distance")).to_have_text(_steps(own.distance.mean))
    expect(page.get_by_role("table", name="Der du skilte deg mest fra de andre")).to_be_visible()
    assert "Bjørn Berg" not in page.content()
    assert "Cecilie Dahl" not in page.content()
    axe(page)
    screenshot(page, "calibration-04-results-participant")
