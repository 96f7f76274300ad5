"""The caseworker's whole flow through one individual case, as the issue describes it.

Log in, create the case (a national identity number is refused on the way), add alternatives,
assess all three, read the suggested order, decide against it (the departure reason and the
forsvarlighet confirmation are demanded), set the reassessment date and read the history.
Screenshots of each main step go to test-artifacts/screenshots/flow-*.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from prioritet.accounts.models import Municipality, Role, User
from prioritet.accounts.testing import make_service_area
from prioritet.cases import services
from prioritet.cases.models import Alternative, AlternativeKind, Assessment, Case, Decision, Level, Status
from prioritet.engine import Measures, Weights, rank

from .helpers import open_case_section, screenshot
from .seed import HOME_TEAM, INSTITUTION, NO_ACTION, decide_top, individual_case, national_id

TITLE = "Søknad om korttidsopphold etter lårhalsbrudd"
REFERENCE = "SAK-2025-0412"

#: The need's severity, assessed once on the case (the same for every alternative), and why.
SEVERITY = (4, "Høy – kan få varig nedsatt funksjon uten oppfølging.")
#: benefit and resources per alternative (benefit: the gain compared with no action) and their justifications.
ASSESSMENTS = {
    NO_ACTION: (
        (1, 1),
        ("Ingen forventet bedring uten oppfølging.", "Ingen ressurser nå, men økt behov for varig hjelp senere."),
    ),
    INSTITUTION: (
        (4, 4),
        ("Stor – kan bli selvhjulpen og utsette behov for varig hjelp.", "Høy ved institusjon: døgnplass i tre uker."),
    ),
    HOME_TEAM: (
        (4, 3),
        ("Stor – kan bli selvhjulpen og utsette behov for varig hjelp.", "Moderat ved hjemmerehabilitering."),
    ),
}
#: The guideline's scale words, as the assessment form labels its radio buttons.
SCALE = {
    "Nytte": ("svært liten", "liten", "moderat", "stor", "svært stor"),
    "Alvorlighet": ("svært lav", "lav", "moderat", "høy", "svært høy"),
    "Ressurs": ("svært lite", "lite", "moderat", "mye", "svært ressurskrevende"),
}


#: The English default verbose names Django gives a field without ``verbose_name``.
ENGLISH_LABELS = {"Alternative", "Assessor", "Previous decision", "Started by", "Kind", "Case", "Municipality"}


def alternative_card(page: Page, title: str) -> Locator:
    return page.get_by_role("article").filter(has=page.get_by_role("heading", name=title))


def assess(page: Page, title: str) -> None:
    """Open the alternative's assessment form from the case page, fill it in and save it."""
    given, reasons = ASSESSMENTS[title]
    alternative_card(page, title).get_by_role("link", name="Vurder", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Din vurdering: {title}")
    expect(page.get_by_role("group", name="Alvorlighet", exact=True)).to_have_count(0)  # the need's, on the case
    for criterion, score, reason in zip(("Nytte", "Ressurs"), given, reasons, strict=True):
        group = page.get_by_role("group", name=criterion, exact=True)
        group.get_by_label(f"{score} – {SCALE[criterion][score - 1]}", exact=True).check()
        group.get_by_label("Begrunnelse").fill(reason)
    page.get_by_label("Klinisk erfaring", exact=True).check()
    page.get_by_role("button", name="Lagre vurderingen").click()
    expect(page.get_by_role("status")).to_contain_text("Vurderingen din er lagret.")


def engine_order(case: Case) -> list[str]:
    """The engine's order of the alternatives for the scores the test entered, equal weights; «no action»
    is the reference and never ranked."""
    alternatives = list(case.alternatives.filter(kind=AlternativeKind.MEASURE).order_by("id"))
    measures = Measures.build(
        [f"{a.pk:012d}" for a in alternatives],
        [a.title for a in alternatives],
        [[ASSESSMENTS[a.title][0][0], SEVERITY[0], ASSESSMENTS[a.title][0][1]] for a in alternatives],
    )
    ranking = rank(measures, Weights.equal())
    return [alternatives[i].title for i in ranking.order]


def test_caseworker_creates_assesses_and_decides_against_the_suggestion(
    page: Page, user_factory: Callable[..., User], municipality: Municipality, password: str
) -> None:
    user_factory(Role.CASEWORKER, username="ingrid", first_name="Ingrid", last_name="Berg")
    make_service_area(municipality, "Rehabilitering")

    # Log in ---------------------------------------------------------------------------------------
    page.goto("/")
    page.get_by_label("Brukernavn", exact=True).fill("ingrid")
    page.get_by_label("Passord", exact=True).fill(password)
    page.get_by_role("button", name="Logg inn", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Velkommen, Ingrid")
    screenshot(page, "flow-01-dashboard")

    # Create the case; a fødselsnummer in the description is refused and nothing is saved -----------
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Saker", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Prioriteringssaker")
    page.get_by_role("link", name="Ny sak", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny sak")
    page.get_by_label("Nivå").select_option(label="Individ")
    page.get_by_label("Tittel").fill(TITLE)
    fnr = national_id()
    page.get_by_label("Beskrivelse").fill(f"Søker ({fnr}) bor alene og var selvhjulpen før bruddet.")
    page.get_by_label("Tjenesteområde").select_option(label="Rehabilitering")
    page.get_by_label("Saksreferanse").fill(REFERENCE)
    expect(page.get_by_label("Berører barn")).not_to_be_checked()
    page.get_by_label("Konsekvens av å ikke starte, utsette eller avslutte").fill(
        "Høy alvorlighet: kan få varig nedsatt funksjon uten oppfølging, og behov for varig hjelp."
    )
    # Severity belongs to the need: assessed once here, with the guideline's sub-dimensions beside it.
    need = page.get_by_role("group", name="Behovets alvorlighet")
    expect(need).to_contain_text("hastegrad")
    need.get_by_label(f"{SEVERITY[0]} – høy", exact=True).check()
    page.get_by_label("Begrunnelse for alvorligheten").fill(SEVERITY[1])
    page.get_by_role("button", name="Opprett sak").click()

    summary = page.locator(".ds-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Dette ser ut som et fødselsnummer")
    description = page.get_by_label("Beskrivelse")
    expect(description).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_description_error")).to_have_text(re.compile(r"Dette ser ut som et fødselsnummer"))
    expect(page.get_by_label("Tittel")).to_have_value(TITLE)  # the rest of the input is kept
    assert Case.objects.count() == 0
    assert Alternative.objects.count() == 0
    screenshot(page, "flow-02-national-id-refused")

    description.fill("Bor alene og var selvhjulpen før bruddet.")
    page.get_by_role("button", name="Opprett sak").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_role("status").first).to_contain_text("Saken er opprettet.")
    case = Case.objects.get()
    assert (case.level, case.case_reference, case.child_affected) == (Level.INDIVIDUAL, REFERENCE, False)
    assert (case.severity, case.severity_justification) == SEVERITY
    assert fnr not in case.description
    overview = page.get_by_role("region", name="Oversikt")
    expect(overview).to_contain_text(REFERENCE)
    expect(overview.locator("dd").filter(has_text=re.compile(r"^Nei$"))).to_have_count(1)
    expect(overview.get_by_test_id("case-severity")).to_contain_text("4 – høy")
    expect(overview.get_by_test_id("case-severity")).to_contain_text(SEVERITY[1])
    screenshot(page, "flow-03-case-created")

    # Add two alternatives beside the always-present no-action alternative ------------------------
    open_case_section(page, "Alternativer og vurderinger")
    alternatives = page.get_by_role("region", name="Alternativer og vurderinger")
    expect(alternative_card(page, NO_ACTION)).to_contain_text("Referanse (ingen tiltak)")
    for title, text in (
        (INSTITUTION, "Tre uker på korttidsplass med fysioterapi hver dag."),
        (HOME_TEAM, "Hverdagsrehabilitering med ergo- og fysioterapeut i hjemmet, fem dager i uka."),
    ):
        alternatives.get_by_label("Tittel").fill(title)
        alternatives.get_by_label("Beskrivelse").fill(text)
        alternatives.get_by_role("button", name="Legg til alternativ").click()
        expect(alternative_card(page, title)).to_contain_text(text)
    expect(page.get_by_role("article")).to_have_count(3)
    screenshot(page, "flow-04-alternatives")

    # Assess all three ---------------------------------------------------------------------------------
    for title in (NO_ACTION, INSTITUTION, HOME_TEAM):
        assess(page, title)
        if title == NO_ACTION:
            screenshot(page, "flow-05-assessment")
        page.get_by_role("link", name=TITLE).click()
    assert Assessment.objects.filter(alternative__case=case).count() == 3

    # Change one assessment, so the history has a change to show ---------------------------------------
    alternative_card(page, INSTITUTION).get_by_role("link", name="Endre din vurdering").click()
    resources = page.get_by_role("group", name="Ressurs", exact=True)
    expect(resources.get_by_label("4 – mye", exact=True)).to_be_checked()
    resources.get_by_label("Begrunnelse").fill("Høy ved institusjon: døgnplass og daglig fysioterapi.")
    page.get_by_role("button", name="Lagre vurderingen").click()
    expect(page.get_by_role("status")).to_contain_text("Vurderingen din er lagret.")
    page.get_by_role("link", name=TITLE).click()

    # The suggested order equals the engine's order for these scores -------------------------------------
    expected = engine_order(case)
    open_case_section(page, "Samlet vurdering")
    judgment = page.get_by_role("region", name="Samlet vurdering")
    expect(judgment.get_by_role("rowheader")).to_have_text(expected)
    for position, title in enumerate(expected, start=1):
        row = judgment.get_by_role("row").filter(has=page.get_by_role("rowheader", name=title, exact=True))
        expect(row).to_contain_text(f"Forslag nr. {position}")
    suggested = expected[0]
    assert expected == [HOME_TEAM, INSTITUTION]  # the worked example's conclusion, as a sanity check of the scores
    reference = judgment.get_by_test_id("reference")
    expect(reference).to_contain_text(f"Referanse: {NO_ACTION}")
    expect(reference).not_to_contain_text("Forslag nr.")
    screenshot(page, "flow-06-judgment")

    # The person's voice and the children question (issue 13 §4): answered before the decision --------
    page.get_by_role("link", name="Registrer personens stemme og spørsmålet om barn").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Personens og pårørendes stemme")
    page.get_by_label("Hva er viktig for personen").fill("Å vente til etter sommeren, da er datteren hjemme.")
    page.get_by_label(f"Personens syn på «{NO_ACTION}»").fill("Vil vente.")
    children = page.get_by_role("group", name="Berører vedtaket barn, også som pårørende til personen?")
    children.get_by_label("Ingen barn berøres, heller ikke som pårørende", exact=True).check()
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("status").first).to_contain_text("Personens stemme er lagret.")
    expect(page.get_by_test_id("voice")).to_contain_text("«Å vente til etter sommeren, da er datteren hjemme.»")
    expect(page.get_by_test_id("voice")).to_contain_text("Ingen barn berøres, heller ikke som pårørende")

    # Decide against the suggestion: postpone (the no-action alternative) -------------------------------
    open_case_section(page, "Beslutning")
    page.get_by_role("link", name="Registrer beslutningen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Registrer beslutningen")
    chosen = page.get_by_role("group", name="Valgt alternativ")
    expect(chosen.get_by_label(suggested, exact=True)).to_be_checked()  # the suggestion is preselected
    chosen.get_by_label(NO_ACTION, exact=True).check()
    # A priority ticked for the reference is not stored: «no action» never gets one.
    page.get_by_role("group", name="Prioritet").get_by_label("Middels", exact=True).check()
    page.get_by_label("Begrunnelse", exact=True).fill("Søker ønsker å vente med rehabilitering til etter sommeren.")
    due = timezone.localdate() + datetime.timedelta(days=90)
    page.get_by_label("Revurderes innen").fill(due.isoformat())

    # 1. Without a departure reason and without the forsvarlighet confirmation: refused, both asked for.
    page.get_by_role("button", name="Registrer beslutningen").click()
    summary = page.locator(".ds-error-summary")
    expect(summary).to_be_focused()
    departure_error = f"Du valgte et annet alternativ enn det foreslåtte «{suggested}». Begrunn hvorfor."
    expect(summary).to_contain_text(departure_error)
    expect(summary).to_contain_text("bekreft at tjenestene fortsatt er forsvarlige")
    expect(page.get_by_label("Begrunnelse for å avvike fra den foreslåtte rekkefølgen")).to_have_attribute(
        "aria-invalid", "true"
    )
    expect(page.get_by_role("group", name="Valgt alternativ").get_by_label(NO_ACTION, exact=True)).to_be_checked()
    assert not Decision.objects.exists()
    screenshot(page, "flow-07-decision-refused")

    # 2. With the departure reason, still without forsvarlighet: refused, only forsvarlighet asked for.
    page.get_by_label("Begrunnelse for å avvike fra den foreslåtte rekkefølgen").fill(
        "Søker har takket nei til rehabilitering nå og ønsker å vente; vi respekterer ønsket og ser på saken igjen."
    )
    page.get_by_role("button", name="Registrer beslutningen").click()
    summary = page.locator(".ds-error-summary")
    expect(summary).to_be_focused()
    expect(summary).not_to_contain_text(departure_error)
    expect(summary).to_contain_text("bekreft at tjenestene fortsatt er forsvarlige")
    expect(summary).to_contain_text("Begrunn hvorfor tjenestene fortsatt er forsvarlige.")
    confirm = page.get_by_label("Jeg bekrefter at tjenestene fortsatt er forsvarlige")
    expect(confirm).to_have_attribute("aria-invalid", "true")
    assert not Decision.objects.exists()

    # 3. With the confirmation and its justification: recorded.
    confirm.check()
    page.get_by_label("Begrunnelse for forsvarlighet").fill(
        "Hjemmesykepleien følger opp daglig, og fysioterapeut vurderer gangfunksjonen om fire uker."
    )
    page.get_by_role("button", name="Registrer beslutningen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_role("status").first).to_contain_text("Beslutningen er registrert.")
    decision_section = page.get_by_role("region", name="Beslutning")
    expect(decision_section).to_contain_text(NO_ACTION)
    expect(decision_section).to_contain_text("Søker har takket nei til rehabilitering nå")
    expect(decision_section).to_contain_text("Bekreftet: Hjemmesykepleien følger opp daglig")
    expect(decision_section).to_contain_text(due.strftime("%d.%m.%Y"))
    screenshot(page, "flow-08-decided")

    decision = Decision.objects.get()
    assert decision.alternative.kind == AlternativeKind.NO_ACTION
    assert decision.priority == ""
    expect(decision_section).not_to_contain_text("Middels")
    assert decision.departure_reason.startswith("Søker har takket nei")
    assert decision.forsvarlighet_confirmed
    assert decision.reassessment_due == due
    assert [row["title"] for row in decision.suggestion] == expected
    case.refresh_from_db()
    assert (case.status, case.reassessment_due) == (Status.DECIDED, due)

    # The history timeline shows the decision and the changes ---------------------------------------------
    open_case_section(page, "Historikk")
    history = page.get_by_role("region", name="Historikk")
    entries = history.get_by_role("listitem").filter(has=page.locator("time"))
    decision_entry = entries.filter(has_text="Beslutning opprettet")
    expect(decision_entry).to_have_count(1)
    expect(decision_entry).to_contain_text("Ingrid Berg")
    expect(decision_entry).to_contain_text(f"Valgt alternativ: {NO_ACTION}")
    case_change = entries.filter(has_text=re.compile(r"Saken endret"))
    expect(case_change.filter(has_text="Status:").first).to_contain_text("Status: Åpen → Besluttet")
    # Deciding moved the case on to «utføre» (issue 11), recorded as its own change.
    expect(case_change.filter(has_text="Fase:").first).to_contain_text("Fase: Forberede → Utføre")
    assessment_change = entries.filter(has_text=f"Vurderingen av «{INSTITUTION}» fra Ingrid Berg endret")
    expect(assessment_change).to_contain_text(
        "Høy ved institusjon: døgnplass i tre uker. → Høy ved institusjon: døgnplass og daglig fysioterapi."
    )
    for title in (INSTITUTION, HOME_TEAM):
        expect(entries.filter(has_text=f"Alternativet «{title}» opprettet")).to_have_count(1)
    expect(entries.filter(has_text="Saken opprettet")).to_have_count(1)
    screenshot(page, "flow-09-history")


def test_history_speaks_norwegian(page: Page, login_as: Callable[..., User]) -> None:
    """Every label of the history timeline is Norwegian, those of assessments and reassessments too."""
    user = login_as(Role.CASEWORKER, username="ingrid", first_name="Ingrid", last_name="Berg")
    case = individual_case(user)
    decide_top(case, user, due_in_days=60)
    services.start_reassessment(case, user, "Ny informasjon fra fastlegen.")
    page.goto(f"/cases/{case.pk}/#history")
    history = page.get_by_role("region", name="Historikk")
    expect(history).to_contain_text("Revurdering opprettet")
    labels = history.locator("li li").evaluate_all("items => items.map(li => li.textContent.split(':')[0].trim())")
    english = sorted({label for label in labels if label in ENGLISH_LABELS})
    assert not english, f"English labels in the Norwegian history: {english}"


def test_national_id_is_refused_in_the_htmx_forms_too(page: Page, login_as: Callable[..., User]) -> None:
    """The forms that save without a page load (add alternative, assessment) refuse it the same way."""
    user = login_as(Role.CASEWORKER, username="ingrid")
    case = individual_case(user, assessed=False)
    fnr = national_id("010190")
    alternatives_before = case.alternatives.count()
    page.goto(f"/cases/{case.pk}/")
    open_case_section(page, "Alternativer og vurderinger")
    region = page.get_by_role("region", name="Alternativer og vurderinger")
    region.get_by_label("Tittel").fill(f"Avlastning for {fnr}")
    region.get_by_role("button", name="Legg til alternativ").click()
    expect(region.locator("#id_title_error")).to_contain_text("Dette ser ut som et fødselsnummer")
    expect(region.get_by_label("Tittel")).to_have_attribute("aria-invalid", "true")
    assert case.alternatives.count() == alternatives_before

    alternative = case.alternatives.get(title=HOME_TEAM)
    page.goto(f"/cases/{case.pk}/alternatives/{alternative.pk}/assessment/")
    for criterion, label in (("Nytte", "4 – stor"), ("Ressurs", "3 – moderat")):
        page.get_by_role("group", name=criterion, exact=True).get_by_label(label, exact=True).check()
    benefit = page.get_by_role("group", name="Nytte", exact=True)
    reason = f"Fastlegen til {fnr[:6]} {fnr[6:]} mener nytten er stor."  # written with a space, as people do
    benefit.get_by_label("Begrunnelse").fill(reason)
    page.get_by_role("button", name="Lagre vurderingen").click()
    expect(benefit).to_contain_text("Dette ser ut som et fødselsnummer")
    expect(benefit.get_by_label("Begrunnelse")).to_have_value(reason)
    assert not Assessment.objects.exists()
