"""The økonomiplan from the file to the public page, as issue 14 asks to show it.

The municipal director makes a political case an økonomiplan, imports its measures from the demo's
plan file (preview, then confirm), sets the yearly frames and computes the optimal plan. A party
group's politician builds an alternative from the director's proposal that starts two measures a
year later and submits it; a second alternative that does not balance is refused with the year and
the amount over the frame. A politician asks a budget question: a leader assigns it to a caseworker
with a due date, the caseworker answers, the director approves and the leader publishes it, and a
visitor without login reads it on the municipality's public page.

The case itself and the director's proposal (a start year per measure, as the demo's) are made with
the services in set-up; the party group is the municipal administrator's list. Every page is checked
with axe; screenshots at 1280 and 390 px go to test-artifacts/screenshots/okonomiplan-*.
"""

from __future__ import annotations

import datetime
import re

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from prioritet.accounts.models import Role
from prioritet.budgetplan import analysis, selectors
from prioritet.budgetplan import services as plan_services
from prioritet.budgetplan.demo import FRAMES, PROPOSAL
from prioritet.budgetplan.models import BudgetQuestion, EconomyPlan, PlanAlternative, QuestionStatus
from prioritet.cases import services as case_services
from prioritet.cases.models import Level
from prioritet.core import formatting
from prioritet.demo import PLAN

from .helpers import DESKTOP, PHONE, axe, screenshot

TITLE = "Økonomiplan 2027–2030 for helse og omsorg"
#: The party's alternative starts these two measures of the proposal a year later.
LATER = ("avlastning-barn", "hverdagsrehabilitering")
#: The budget columns by the names the pages give them (the default resource columns' words).
COLUMNS = {"cost_nok": "Kostnad (kr per år)", "fte": "Årsverk"}
QUESTION_TITLE = "Kostnad ved tidligere hverdagsrehabilitering"
QUESTION = "Hva ville det koste å starte hverdagsrehabilitering i 2027, og hvor mange får tilbudet?"
ANSWER = "Start i 2027 krever 2,0 millioner kroner i etablering; om lag 120 personer får tilbudet hvert år."


def _check(page: Page, name: str) -> None:
    axe(page)
    screenshot(page, f"okonomiplan-{name}")
    page.set_viewport_size(PHONE)
    try:  # a wide table scrolls in its own box; the page itself never sideways on a phone
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), f"{name} at 390 px"
    finally:
        page.set_viewport_size(DESKTOP)


def _optional(page: Page, label: str):
    """An optional field, whose label ends in «(valgfritt)»."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)} \(valgfritt\)$"))


def _amount(text: str) -> str:
    """Spaces in amounts as the page writes them (no-break), as plain spaces."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def test_an_economic_plan_from_the_file_to_a_published_answer(page: Page, live_server, login_as, user_factory):
    director = user_factory(Role.DIRECTOR, username="direktor", first_name="Dag", last_name="Direktør")
    leader = user_factory(Role.LEADER, username="leder", first_name="Lise", last_name="Leder")
    adviser = user_factory(Role.CASEWORKER, username="radgiver", first_name="Rita", last_name="Rådgiver")
    politician = user_factory(Role.POLITICIAN, username="politiker", first_name="Pål", last_name="Politiker")
    admin = user_factory(Role.MUNICIPAL_ADMIN, username="admin")
    municipality = director.municipality
    group = plan_services.save_party_group(municipality, admin, "Senterpartiet", [politician])
    case = case_services.create_case(
        municipality,
        director,
        no_action_consequence="Uten prioritering går helse og omsorg over rammen fra 2028.",
        level=Level.POLITICAL,
        title=TITLE,
    )

    # The director makes the case an økonomiplan and imports the measures from the file.
    login_as(director)
    page.goto(reverse("budgetplan:for_case", args=[case.pk]))
    page.get_by_label("Første år", exact=True).fill("2027")
    page.get_by_label("Siste år", exact=True).fill("2030")
    page.get_by_role("button", name="Gjør saken til en økonomiplan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("2027–2030")
    page.get_by_role("link", name="Importer tiltakene fra en fil").click()
    page.get_by_label("Fil (CSV eller XLSX)").set_input_files(str(PLAN))
    page.get_by_role("button", name="Les filen og vis forhåndsvisningen").click()
    expect(page.get_by_text("Forsvarlig nattbemanning i sykehjem")).to_be_visible()
    _check(page, "1-import-preview")
    page.get_by_role("button", name="Lagre tiltakene").click()
    expect(page.get_by_text(re.compile(r"14 tiltak"))).to_be_visible()
    plan = EconomyPlan.objects.get(case=case)
    assert plan.measures.count() == 14

    # The frames per budget column and year, each field named by the municipality's name of the column.
    page.goto(reverse("budgetplan:edit", args=[case.pk]))
    for column, amounts in FRAMES.items():
        for year, amount in zip(plan.years, amounts, strict=True):
            page.get_by_label(f"{COLUMNS[column]} {year}", exact=True).fill(str(int(amount)))
    _check(page, "2-frames")
    page.get_by_role("button", name="Lagre", exact=True).click()
    expect(page.get_by_text("Planperioden og rammene er lagret.")).to_be_visible()
    plan.refresh_from_db()
    assert plan.frames == FRAMES

    # The director's proposal (set-up), then the optimal plan, computed by the task.
    plan.case = case
    for measure in plan.measures.filter(code__in=PROPOSAL):
        measure.plan = plan
        plan_services.edit_measure(measure, measure.version, director, {"proposed_start": PROPOSAL[measure.code]})
    page.reload()
    page.get_by_role("button", name="Beregn den optimale planen").click()
    expect(page.get_by_text(re.compile("Verdien av den optimale planen"))).to_be_visible()
    optimum = plan.optimisations.get()
    assert optimum.result["optimal"]
    # The chart of frames against use per year is drawn, not shown as markup.
    expect(page.locator("figure svg.pri-svg-chart").first).to_be_visible()
    _check(page, "3-optimum")

    # A party builds an alternative from the proposal that starts two measures a year later.
    page.context.clear_cookies()
    login_as(politician)
    page.goto(reverse("budgetplan:for_case", args=[case.pk]))
    page.get_by_label("Navn på alternativet", exact=True).fill("Senterpartiets forslag")
    page.get_by_label("Partigruppe", exact=True).select_option(label=group.name)
    page.get_by_role("button", name="Lag et alternativ ut fra forslaget").click()
    names = {m.code: m.name for m in plan.measures.all()}
    for code in LATER:
        _optional(page, names[code]).select_option(str(PROPOSAL[code] + 1))
    page.get_by_role("button", name="Lagre", exact=True).click()
    expect(page.get_by_text("Alternativet er lagret.")).to_be_visible()
    amendments = page.locator("#amendments li")
    expect(amendments).to_have_count(2)
    for code in LATER:
        expect(amendments.filter(has_text=names[code])).to_contain_text(str(PROPOSAL[code] + 1))
    _check(page, "4-alternative")
    page.get_by_role("button", name="Lever alternativet").click()
    expect(page.get_by_text("Alternativet er levert.")).to_be_visible()
    submitted = PlanAlternative.objects.get(name="Senterpartiets forslag")
    assert submitted.submitted
    assert {code: submitted.starts[code] for code in LATER} == {code: PROPOSAL[code] + 1 for code in LATER}

    # An alternative that does not balance is refused, with the year and the amount over the frame.
    page.goto(reverse("budgetplan:for_case", args=[case.pk]))
    page.get_by_label("Navn på alternativet", exact=True).fill("For dyrt")
    page.get_by_label("Partigruppe", exact=True).select_option(label=group.name)
    page.get_by_role("button", name="Lag et alternativ ut fra forslaget").click()
    dear = {"korttid-2": "", "korttid-4": "2029", "dagaktivitet-4": "2027", "hverdagsrehabilitering": "2027"}
    for code, year in dear.items():
        _optional(page, names[code]).select_option(year)
    page.get_by_role("button", name="Lagre", exact=True).click()
    expect(page.get_by_text("Alternativet er lagret.")).to_be_visible()
    page.get_by_role("button", name="Lever alternativet").click()
    refused = PlanAlternative.objects.get(name="For dyrt")
    refused.plan = plan
    assert not refused.submitted
    rows = selectors.measures(plan)
    values = analysis.measure_values(rows, analysis.weights_of(selectors.plan_weights(plan)))
    shortfalls = analysis.evaluate(plan, rows, refused.starts, values).shortfalls
    assert shortfalls
    alert = page.locator(".ds-alert", has_text="14-4").first
    expect(alert).to_be_visible()
    shown = _amount(alert.inner_text())
    for shortfall in shortfalls:
        assert f"{shortfall.year}, {COLUMNS[shortfall.column]}" in shown
        assert _amount(formatting.amount(shortfall.over)) in shown
    _check(page, "5-refused")

    # A budget question: asked, assigned, answered, approved, published.
    page.goto(reverse("budgetplan:for_case", args=[case.pk]))
    page.get_by_role("link", name="Budsjettspørsmål og svar").click()
    page.get_by_role("link", name="Still et budsjettspørsmål").click()
    page.get_by_label("Tittel", exact=True).fill(QUESTION_TITLE)
    page.get_by_label("Spørsmål", exact=True).fill(QUESTION)
    _optional(page, "Stilt for partigruppen").select_option(label=group.name)
    _check(page, "6-ask")
    page.get_by_role("button", name="Still spørsmålet").click()
    expect(page.get_by_text("Spørsmålet er stilt.", exact=False)).to_be_visible()
    question = BudgetQuestion.objects.get(plan=plan)

    page.context.clear_cookies()
    login_as(leader)
    page.goto(reverse("budgetplan:questions", args=[case.pk]))
    page.get_by_role("link", name=QUESTION_TITLE).click()
    due = timezone.localdate() + datetime.timedelta(days=10)
    page.get_by_label("Besvares av", exact=True).select_option(label="Rita Rådgiver")
    page.get_by_label("Svarfrist", exact=True).fill(due.isoformat())
    page.get_by_role("button", name="Fordel", exact=True).click()
    expect(page.get_by_text("Spørsmålet er fordelt.")).to_be_visible()
    page.goto(reverse("budgetplan:questions", args=[case.pk]))
    expect(page.locator("#questions")).to_contain_text("Rita Rådgiver")
    _check(page, "7-questions")

    page.context.clear_cookies()
    login_as(adviser)
    page.goto(reverse("budgetplan:question", args=[case.pk, question.pk]))
    page.get_by_role("textbox", name="Svar", exact=True).fill(ANSWER)
    _check(page, "8-answer")
    page.get_by_role("button", name="Lagre svaret").click()
    expect(page.locator("#answer-text")).to_contain_text(ANSWER)

    page.context.clear_cookies()
    login_as(director)
    page.goto(reverse("budgetplan:question", args=[case.pk, question.pk]))
    page.get_by_role("button", name="Godkjenn svaret").click()
    expect(page.get_by_text("Svaret er godkjent.")).to_be_visible()

    page.context.clear_cookies()
    login_as(leader)
    page.goto(reverse("budgetplan:question", args=[case.pk, question.pk]))
    page.get_by_role("button", name="Publiser på den offentlige siden").click()
    expect(page.get_by_text("Spørsmålet og svaret er publisert", exact=False)).to_be_visible()
    _check(page, "9-published")
    question.refresh_from_db()
    assert question.status == QuestionStatus.APPROVED
    assert question.published

    # A visitor without login reads the question and the answer on the public page.
    page.context.clear_cookies()
    page.goto(reverse("public:municipality", args=[municipality.slug]))
    listing = page.get_by_test_id("budget-questions")
    expect(listing).to_contain_text(QUESTION)
    expect(listing).to_contain_text(ANSWER)
    _check(page, "10-public")
