"""A leader's whole flow through a service-level portfolio, as the issue describes it.

Import 40 measures from an XLSX file (a file with errors first: every error is shown with its row
and column, and nothing is saved), set a budget, move the budget slider with the keyboard, save two
scenarios and compare them, then publish the decided case. A visitor without login sees it on the
public page with its table, and the saksframlegg PDF renders with the table and the conclusion.

The case, its alternatives, their assessments and the decision are made through the services in
set-up (the case flow has its own test); the portfolio is read-only once the case is decided, so the
decision is recorded after the scenarios and before publishing. Screenshots go to
test-artifacts/screenshots/portfolio-*, the PDF's first page to test-artifacts/reports/.
"""

from __future__ import annotations

import datetime
import io
import re
import struct
import subprocess
from collections.abc import Callable
from pathlib import Path

import numpy as np
from django.utils import timezone
from openpyxl import Workbook
from playwright.sync_api import BrowserContext, Page, expect
from pypdf import PdfReader

from prioritet.accounts.models import Role, User
from prioritet.cases import services as case_services
from prioritet.cases.models import AlternativeKind, Case, Level
from prioritet.engine import optimise
from prioritet.portfolio import services as portfolio_services
from prioritet.portfolio.models import Measure, Portfolio, Scenario, ScenarioKind
from prioritet.portfolio.selectors import engine_measures, portfolio_data
from prioritet.public.models import Publication

from .helpers import DESKTOP, REPO, axe, screenshot
from .seed import scores

REPORT_DIR = REPO / "test-artifacts" / "reports"
#: The saksframlegg PDF is drawn during its request (WeasyPrint, fonts subset on first use): slower than a page.
PDF_TIMEOUT_MS = 60_000

CASE_TITLE = "Tiltakspakke for helse og omsorg 2026"
ALT_FULL = "Full tiltakspakke innenfor rammen"
ALT_CORE = "Kun lovpålagte tjenester og kjernetilbud"
JUSTIFICATION = "Tiltakspakken gir størst samlet nytte innenfor budsjettrammen og ivaretar lovpålagte tjenester."
SUMMARY = "Kommunen prioriterer hverdagsrehabilitering og demensomsorg innenfor budsjettrammen for 2026."
DECIDED_BY = "Hovedutvalg for helse og omsorg"
COST_BUDGET = 40_000_000
LOWER = "Redusert ramme"

HEADERS = [
    "id",
    "name",
    "benefit",
    "severity",
    "resources",
    "cost_nok",
    "fte",
    "mandatory",
    "group",
    "requires",
    "lovgrunnlag",
]

#: 40 measures: (name, benefit, severity, resources, cost NOK per year, FTEs).
MEASURES = [
    ("Hjemmesykepleie grunnbemanning", 4, 5, 5, 9_500_000, 12.0),
    ("Legevakt og øyeblikkelig hjelp", 4, 5, 4, 6_200_000, 5.0),
    ("Omsorgsstønad etter vedtak", 3, 4, 3, 2_100_000, 0.5),
    ("Hverdagsrehabilitering", 4, 4, 3, 2_800_000, 3.5),
    ("Dagtilbud for personer med demens", 4, 4, 3, 2_400_000, 3.0),
    ("Pårørendeskole demens", 3, 3, 1, 250_000, 0.2),
    ("Trygghetsalarm digital", 3, 3, 2, 900_000, 0.5),
    ("Elektronisk medisindispenser", 3, 3, 2, 1_100_000, 0.4),
    ("Nattpatrulje hjemmetjeneste", 3, 4, 4, 3_900_000, 5.0),
    ("Nattpatrulje med digitalt tilsyn", 3, 4, 3, 2_600_000, 3.0),
    ("Korttidsplasser etter sykehusopphold", 4, 4, 4, 4_800_000, 6.0),
    ("Avlastning for foreldre til barn med funksjonsnedsettelse", 4, 4, 3, 2_300_000, 2.5),
    ("Ambulerende team rus og psykisk helse", 4, 4, 3, 3_100_000, 3.5),
    ("Lavterskel samtaletilbud for unge", 3, 3, 2, 1_200_000, 1.5),
    ("Frisklivssentral", 3, 2, 2, 1_000_000, 1.2),
    ("Fallforebyggende trening i grupper", 3, 3, 1, 400_000, 0.5),
    ("Ernæringskartlegging i hjemmetjenesten", 3, 3, 1, 350_000, 0.4),
    ("Velferdsteknologisk veileder", 2, 2, 2, 800_000, 1.0),
    ("Kreftkoordinator", 3, 4, 2, 750_000, 1.0),
    ("Palliativt team", 4, 5, 3, 1_900_000, 2.0),
    ("Kompetansepakke palliasjon", 3, 3, 1, 300_000, 0.0),
    ("Demenskoordinator", 3, 4, 2, 800_000, 1.0),
    ("Hukommelsesteam", 3, 4, 2, 700_000, 0.8),
    ("Aktivitetsvenn-ordning", 2, 2, 1, 150_000, 0.2),
    ("Seniorsenter med kafé", 2, 2, 2, 900_000, 1.0),
    ("Sykehjemslege utvidet tid", 3, 4, 3, 1_500_000, 1.0),
    ("Legemiddelgjennomgang sykehjem", 3, 3, 1, 300_000, 0.3),
    ("Tannhelse i sykehjem", 2, 3, 1, 200_000, 0.2),
    ("Hjemmebesøk til 80-åringer", 2, 2, 1, 350_000, 0.5),
    ("Koordinerende enhet styrket", 3, 3, 2, 900_000, 1.0),
    ("Bolig med bemanning for unge voksne", 4, 4, 5, 7_500_000, 9.0),
    ("Støttekontakt i grupper", 2, 3, 2, 600_000, 0.8),
    ("BPA-ordning utvidelse", 3, 4, 4, 3_500_000, 4.0),
    ("Rehabiliteringsseng i institusjon", 3, 4, 4, 3_800_000, 4.5),
    ("Ergoterapeut i hjemmetjenesten", 3, 3, 2, 750_000, 1.0),
    ("Fysioterapi på sykehjem", 3, 3, 2, 800_000, 1.0),
    ("Demensvennlig kommune", 2, 2, 1, 200_000, 0.2),
    ("Vaksinasjonskampanje eldre", 2, 3, 1, 250_000, 0.3),
    ("Turnusplanlegging med heltidskultur", 3, 2, 2, 600_000, 0.5),
    ("Opplæring i velferdsteknologi for ansatte", 2, 2, 1, 300_000, 0.0),
]
#: Mandatory measures (the legal minimum) and their legal basis.
MANDATORY = {
    1: "Helse- og omsorgstjenesteloven § 3-2 første ledd nr. 6 bokstav a",
    2: "Helse- og omsorgstjenesteloven § 3-5",
    3: "Helse- og omsorgstjenesteloven § 3-6",
}
#: Two levels of the same night service: at most one of them.
GROUPS = {9: "natt", 10: "natt"}
#: The pårørendeskole needs the day programme; palliative training needs the palliative team.
REQUIRES = {6: "T05", 21: "T20"}


def code(n: int) -> str:
    return f"T{n:02d}"


def measure_rows() -> list[list[object]]:
    rows: list[list[object]] = []
    for n, (name, benefit, severity, resources, cost, fte) in enumerate(MEASURES, start=1):
        rows.append(
            [
                code(n),
                name,
                benefit,
                severity,
                resources,
                cost,
                fte,
                "ja" if n in MANDATORY else "nei",
                GROUPS.get(n, ""),
                REQUIRES.get(n, ""),
                MANDATORY.get(n, ""),
            ]
        )
    return rows


def xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Tiltak"
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def bad_rows() -> list[list[object]]:
    """The 40 measures with four distinct errors; the spreadsheet row is the list index + 2."""
    rows = measure_rows()
    rows[4][2] = 7  # row 6: benefit 7 (the scale is 1–5)
    rows[11][5] = "omtrent to millioner"  # row 13: text in cost_nok
    rows[17][9] = "T99"  # row 19: requires a measure that does not exist
    rows[24][0] = code(24)  # row 26: the id of row 25 again
    return rows


#: (spreadsheet row, column, part of the message) for every error of the bad file.
BAD_CELLS = [
    (6, "benefit", "nytte må være et heltall fra 1 til 5, fikk «7»"),
    (13, "cost_nok", "fikk «omtrent to millioner»"),
    (19, "requires", "krever «T99»"),
    (26, "id", "id «T24» er brukt før, på rad 25"),
]


def service_case(leader: User) -> Case:
    """An open service-level case with one alternative besides «no action», assessed; the scenarios saved in
    the browser add theirs (the optimal one is decided, see :func:`decide`)."""
    case = case_services.create_case(
        leader.municipality,
        leader,
        no_action_consequence="Tjenestene drives videre uten prioritering; budsjettet overskrides.",
        level=Level.SERVICE,
        title=CASE_TITLE,
        description="Hvilke tiltak skal helse og omsorg prioritere innenfor rammen for 2026?",
        severity=4,
        severity_justification="Høy – ventelistene vokser og tjenestene er under press.",
    )
    core = case_services.add_alternative(case, leader, title=ALT_CORE, description="Bare det lovpålagte.")
    no_action = case.alternatives.get(kind=AlternativeKind.NO_ACTION)
    case_services.save_assessment(no_action, leader, None, scores(1, 1, benefit_justification="Ingen bedring."))
    case_services.save_assessment(core, leader, None, scores(2, 2, benefit_justification="Lite forebygging."))
    case.refresh_from_db()
    return case


def decide(case: Case, leader: User) -> None:
    """Decide on the optimal scenario: a case with a portfolio is decided by choosing a scenario (issue 11
    §4), which saving it in the browser has made an alternative of the case. It is named ALT_FULL here
    (its alternative follows) and assessed; ALT_CORE, not a scenario, is assessed lower."""
    optimal = Scenario.objects.get(portfolio__case=case, kind=ScenarioKind.OPTIMAL)
    optimal = portfolio_services.update_scenario(optimal, leader, optimal.version, name=ALT_FULL)
    assert optimal.alternative is not None
    full = case.alternatives.get(pk=optimal.alternative_id)
    assert full.title == ALT_FULL
    case_services.save_assessment(full, leader, None, scores(5, 3, benefit_justification="Størst samlet nytte."))
    case.refresh_from_db()
    case_services.decide(
        case,
        leader,
        case.version,
        alternative=case.alternatives.get(title=ALT_FULL),
        priority="high",
        justification=JUSTIFICATION,
        reassessment_due=timezone.localdate() + datetime.timedelta(days=180),
    )


def upload(page: Page, portfolio: Portfolio, name: str, data: bytes) -> None:
    page.goto(f"/portfolio/{portfolio.pk}/import/")
    page.locator("input[type=file]").set_input_files(
        {"name": name, "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "buffer": data}
    )
    page.locator("form.pri-form button[type=submit]").click()


def value3(value: float) -> str:
    return f"{value:.3f}".replace(".", ",")


def test_leader_imports_budgets_compares_publishes_and_the_public_and_pdf_show_it(
    page: Page, context: BrowserContext, login_as: Callable[..., User], live_server
) -> None:
    leader = login_as(Role.LEADER, username="lene", first_name="Lene", last_name="Dahl")
    case = service_case(leader)
    portfolio = portfolio_services.create_portfolio(case, leader)

    # A file with four errors: each is shown with its row and column, and nothing is saved -----------
    upload(page, portfolio, "tiltak-med-feil.xlsx", xlsx(bad_rows()))
    expect(page.get_by_role("heading", level=1)).to_contain_text("tiltak-med-feil.xlsx")
    alert = page.get_by_role("alert")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text(f"Filen har {len(BAD_CELLS)} feil. Ingenting er lagret.")
    problem_rows = page.get_by_role("region", name="Feil", exact=True).locator("tbody tr")
    expect(problem_rows).to_have_count(len(BAD_CELLS))
    for n, (row, column, message) in enumerate(BAD_CELLS):
        cells = problem_rows.nth(n).locator("td")
        expect(cells.nth(0), f"the row of problem {n + 1}").to_have_text(str(row))
        expect(cells.nth(1), f"the column of problem {n + 1}").to_have_text(column)
        expect(cells.nth(2), f"the message of problem {n + 1}").to_contain_text(message)
    # The offending cells are outlined in the preview of the file's rows.
    for row, column, _message in BAD_CELLS:
        k = HEADERS.index(column) + 2  # the row number's header cell comes first
        cell = (
            page.locator("table.pri-preview tbody tr")
            .filter(has=page.locator("th", has_text=re.compile(rf"^{row}\b")))
            .locator(f"td:nth-child({k})")
        )
        expect(cell).to_have_class(re.compile(r"pri-cell-problem"))
    expect(page.locator("form[action$='/confirm/']")).to_have_count(0)
    assert Measure.objects.filter(portfolio=portfolio).count() == 0
    axe(page)
    screenshot(page, "portfolio-01-import-errors")

    # The corrected file: preview of 40 new measures, then save them ---------------------------------
    upload(page, portfolio, "tiltak-2026.xlsx", xlsx(measure_rows()))
    expect(page.get_by_role("heading", level=1)).to_contain_text("tiltak-2026.xlsx")
    expect(page.get_by_role("alert")).to_have_count(0)
    expect(page.locator(".ds-alert[data-color=success]")).to_contain_text("40")
    preview_rows = page.locator("table.pri-preview tbody tr")
    expect(preview_rows).to_have_count(40)
    expect(preview_rows.locator("td:last-child").filter(has_text=re.compile(r"^ny$"))).to_have_count(40)
    assert Measure.objects.filter(portfolio=portfolio).count() == 0  # nothing saved before confirming
    axe(page)
    screenshot(page, "portfolio-02-import-preview")
    page.locator("form[action$='/confirm/'] button[type=submit]").click()
    # The save is a background task (run at once here); the import's page shows its outcome.
    expect(page.locator("#import-status")).to_contain_text(
        "Importerte 40 nye og 0 oppdaterte tiltak fra tiltak-2026.xlsx."
    )
    page.get_by_role("link", name="Vis tiltakene").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(CASE_TITLE)
    assert Measure.objects.filter(portfolio=portfolio).count() == 40
    saved = Measure.objects.get(portfolio=portfolio, code="T01")
    assert saved.mandatory
    assert saved.legal_basis == MANDATORY[1]

    # Budget: its own tab; saving it leads back to what the budget buys ------------------------------
    page.get_by_role("link", name="Budsjett og eksport").click()
    budget_form = page.locator("form[action$='/budget/']")  # the slider's label names the column too
    budget_form.get_by_label(re.compile(r"Kostnad|kr|NOK", re.IGNORECASE)).first.fill(str(COST_BUDGET))
    budget_form.locator("button[type=submit]").click()
    expect(page.get_by_role("status").first).to_contain_text("Budsjettet er lagret.")
    # The engine on the same data: the portfolio's measures, its budget, its weight version's weights.
    measures = engine_measures(portfolio)
    best = optimise(measures, {"cost_nok": float(COST_BUDGET)}, portfolio_data(portfolio).weights)
    chosen = {measures.ids[i] for i in np.flatnonzero(best.selected)}
    summary = page.get_by_test_id("budget-summary")
    expect(summary).to_contain_text(value3(best.value))
    expect(summary).to_contain_text(re.compile(rf"Valgte\s*{len(chosen)}\b"))
    selected_rows = page.get_by_role("region", name=f"Tiltak: Valgte ({len(chosen)})").locator("tbody th")
    expect(selected_rows).to_have_count(len(chosen))
    assert {t.split(" – ")[0] for t in selected_rows.all_inner_texts()} == chosen
    assert {code(n) for n in MANDATORY} <= chosen
    axe(page)
    screenshot(page, "portfolio-03-workspace")

    # The slider, by keyboard: the budget level shown and the measures entering and leaving change -----
    slider = page.locator("#budget-slider")
    shown = page.locator("#budget-slider-value")
    level_heading = page.locator("#frontier-point-heading")
    entering = page.locator("section[aria-labelledby=point-entering] li strong")
    leaving = page.locator("section[aria-labelledby=point-leaving] li strong")
    start_point = int(slider.input_value())
    start_value, start_level = shown.inner_text(), level_heading.inner_text()
    assert start_level.startswith(f"Budsjettnivå {start_point + 1} av ")
    expect(entering).to_have_count(0)  # at the current budget nothing enters or leaves
    expect(leaving).to_have_count(0)
    slider.focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    expect(slider).to_have_value(str(start_point + 3))
    expect(shown).not_to_have_text(start_value)
    expect(level_heading).to_contain_text(f"Budsjettnivå {start_point + 4} av ")
    expect(page.locator("#frontier-status")).to_contain_text("Budsjett ")
    expect(entering.first).to_be_visible()
    up = set(entering.all_inner_texts())
    assert up
    assert not up & chosen, f"entering at a higher budget, yet already selected: {up & chosen}"
    higher_value = shown.inner_text()
    for _ in range(6):
        page.keyboard.press("ArrowLeft")
    expect(slider).to_have_value(str(start_point - 3))
    expect(shown).not_to_have_text(higher_value)
    expect(level_heading).to_contain_text(f"Budsjettnivå {start_point - 2} av ")
    expect(leaving.first).to_be_visible()
    down = set(leaving.all_inner_texts())
    assert down
    assert down <= chosen - {code(n) for n in MANDATORY}, f"leaving at a lower budget: {down}"
    screenshot(page, "portfolio-04-slider")

    # Two scenarios: the optimal selection, and the one at a lower budget level of the slider ---------
    page.goto(f"/portfolio/{portfolio.pk}/?view=scenarios")  # the scenarios' own tab
    page.locator("form[action$='/scenarios/optimal/'] button").click()
    expect(page).to_have_url(re.compile(rf"/portfolio/{portfolio.pk}/scenarios/$"))
    expect(page.get_by_role("status").first).to_contain_text("Optimalt utvalg")
    page.goto(f"/portfolio/{portfolio.pk}/")
    slider = page.locator("#budget-slider")
    slider.focus()
    for _ in range(3):
        page.keyboard.press("ArrowLeft")
    expect(slider).to_have_value(str(start_point - 3))
    expect(level_heading).to_contain_text(f"Budsjettnivå {start_point - 2} av ")
    page.locator("#point_name").fill(LOWER)
    page.locator("#frontier-point form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/portfolio/{portfolio.pk}/scenarios/$"))
    expect(page.get_by_role("status").first).to_contain_text(LOWER)
    optimal, lower = Scenario.objects.filter(portfolio=portfolio).order_by("pk")
    assert {m.code for m in optimal.measures.all()} == chosen
    assert {m.code for m in lower.measures.all()} == chosen - down

    # Side by side ---------------------------------------------------------------------------------
    page.goto(f"/portfolio/{portfolio.pk}/scenarios/")
    for box in page.locator("input[type=checkbox][name=scenarios]").all():
        box.check()
    page.locator("form[method=get] button[type=submit]").click()
    compare = page.locator("table.pri-compare").first
    expect(compare.locator("thead th")).to_have_count(3)
    expect(compare.locator("thead th").nth(1)).to_contain_text(optimal.name)
    expect(compare.locator("thead th").nth(2)).to_have_text(LOWER)
    values = compare.locator("tbody tr").nth(1).locator("td")
    expect(values.nth(0)).to_have_text(value3(best.value))
    expect(values.nth(1)).not_to_have_text(value3(best.value))
    counts = compare.locator("tbody tr").nth(2).locator("td")
    expect(counts.nth(0)).to_have_text(str(len(chosen)))
    expect(counts.nth(1)).to_have_text(str(len(chosen - down)))
    axe(page)
    screenshot(page, "portfolio-05-scenarios")

    # Decide (services), then publish through the browser ------------------------------------------
    decide(case, leader)
    page.goto(f"/publishing/{case.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Publiser prioriteringen")
    page.locator("[name=decided_by_body]").fill(DECIDED_BY)
    page.locator("textarea[name=summary]").fill(SUMMARY)
    page.locator("form.pri-form button[type=submit]").click()
    slug = leader.municipality.slug
    expect(page).to_have_url(re.compile(rf"/p/{slug}/prioriteringer/\d+/$"))
    publication = Publication.objects.get()
    assert publication.case_id == case.pk

    # A visitor without login finds it on the municipality's public page, with its table ------------
    visitor = context.browser.new_context(base_url=live_server.url, viewport=DESKTOP, locale="nb-NO")
    try:
        public = visitor.new_page()
        public.goto(f"/p/{slug}/")
        public.get_by_role("link", name=CASE_TITLE).click()
        expect(public).to_have_url(re.compile(rf"/p/{slug}/prioriteringer/{publication.pk}/$"))
        assert not visitor.cookies(), "the visitor has no session"
        expect(public.get_by_role("heading", level=1)).to_have_text(CASE_TITLE)
        main = public.locator("main")
        expect(main).to_contain_text(SUMMARY)
        expect(main).to_contain_text(DECIDED_BY)
        expect(main).not_to_contain_text(JUSTIFICATION)  # the justification is not published
        expect(main).not_to_contain_text("Lene Dahl")  # nor who decided
        table = public.locator("table.pri-judgment")
        for word in ("Alvorlighet", "Nytte", "Ressurs"):
            expect(table.locator("thead")).to_contain_text(word)
        # The two measures; «no action» is the reference beneath the table, not a ranked row (issue 11).
        expect(table.locator("tbody tr")).to_have_count(2)
        expect(table).not_to_contain_text("Ikke starte, utsette eller avslutte")
        chosen_row = table.locator("tbody tr.pri-chosen")
        expect(chosen_row.locator("th")).to_have_text(ALT_FULL)
        expect(chosen_row).to_contain_text("5 – svært stor")
        expect(table.locator("tbody th").filter(has_text=ALT_CORE)).to_have_count(1)
        axe(public)
        screenshot(public, "portfolio-06-public")
    finally:
        visitor.close()

    # The PDF --------------------------------------------------------------------------------------
    page.goto(f"/cases/{case.pk}/report/")
    link = page.locator("a[href$='saksframlegg.pdf']").first
    # WeasyPrint draws the PDF while the request waits: give it the time a loaded machine needs.
    response = context.request.get(link.get_attribute("href"), timeout=PDF_TIMEOUT_MS)
    assert response.ok
    assert response.headers["content-type"].startswith("application/pdf")
    REPORT_DIR.mkdir(parents=True, exist_ok=True)
    pdf = REPORT_DIR / "portfolio-saksframlegg.pdf"
    pdf.write_bytes(response.body())
    text = " ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(response.body())).pages)
    flat = re.sub(r"\s+", " ", text)
    conclusion = f"Konklusjon: «{ALT_FULL}» er valgt, med høy prioritet."
    expected_texts = (
        ALT_FULL,
        ALT_CORE,
        "Alvorlighet",
        "Nytte",
        "Ressurs",
        "4 – høy",
        "5 – svært stor",
        conclusion,
        JUSTIFICATION,
        f"Med i porteføljen: {len(chosen)} tiltak",
        MEASURES[0][0],
        MANDATORY[1],
    )
    for expected in expected_texts:
        assert expected in flat, f"{expected!r} not in the PDF's text"
    png = REPORT_DIR / "portfolio-saksframlegg-1"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(png)], check=True
    )
    image = Path(f"{png}.png")
    assert image.exists()
    head = image.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", head[16:24])
    assert width > 400, f"page 1 rendered {width} px wide"  # A4 at 60 dpi: about 496×702
    assert height > 600, f"page 1 rendered {height} px high"
    assert image.stat().st_size > 20_000, "page 1 is nearly blank"
