"""The saksframlegg of a case with a portfolio: the selection within the budget, the frontier, the
robustness and what is left out, all with the portfolio app's own numbers."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import time
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from pypdf import PdfReader

from prioritet.accounts.models import Role
from prioritet.core.tasks import run_queued_tasks

from .portfolio_data import demo_rows, generated_rows, make_portfolio
from .test_saksframlegg import text_of

pytest.importorskip("prioritet.portfolio.selectors")

SVG = "{http://www.w3.org/2000/svg}"
BUDGET = 20_000_000


@pytest.fixture
def demo_portfolio(political_case, director):
    return make_portfolio(political_case, director, demo_rows(), budget_nok=BUDGET)


def page(client, case) -> str:
    response = client.get(reverse("reports:saksframlegg", args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode()


def section_of(html: str) -> str:
    start = html.rindex("<section", 0, html.index('id="portfolio"'))  # a long portfolio's has one class more
    return html[start : html.index("</section>", start)]


def svgs(html: str) -> list[ET.Element]:
    return [ET.fromstring(s) for s in re.findall(r"<svg .*?</svg>", html, flags=re.S)]


def test_the_section_shows_the_optimal_selection_with_the_portfolio_apps_numbers(
    political_case, director, demo_portfolio, login_client
):
    from prioritet.portfolio import selectors as portfolio_selectors

    data = portfolio_selectors.portfolio_data(demo_portfolio)
    best = portfolio_selectors.optimum(data)
    assert best.ok
    html = section_of(page(login_client(director), political_case))
    text = text_of(html)
    assert "Tiltak innenfor budsjettet" in text
    names = {m.code: m.name for m in data.rows}
    selected_table = html[
        html.index("pri-report__measures") : html.index("</table>", html.index("pri-report__measures"))
    ]
    for code in best.selected:
        assert names[code] in selected_table, code
    for code in best.left_out:
        assert names[code] not in selected_table, code
    # The mandatory measures are in, marked as the legal minimum.
    assert "Forsvarlig nattbemanning i sykehjem" in selected_table
    assert "lovpålagt" in text_of(selected_table)
    # Budget and use, in Norwegian number format (no-break spaces between thousands).
    assert '<td class="pri-num">20\xa0000\xa0000</td>' in html
    used = f"{round(best.used['cost_nok']):,}".replace(",", "\xa0")
    assert f'<td class="pri-num">{used}</td>' in html
    assert "Kostnad (kr per år) 20 000 000" in text


def test_the_frontier_marks_the_budgets_own_point(political_case, director, demo_portfolio, login_client):
    html = section_of(page(login_client(director), political_case))
    frontier = next(s for s in svgs(html) if s.get("id", "").startswith("frontier-"))
    assert frontier.get("role") == "img"
    assert frontier.findtext(f"{SVG}title", "").startswith("Verdi for pengene")
    chosen = [el for el in frontier.iter(f"{SVG}path") if el.get("class") == "pri-frontier-chosen"]
    assert len(chosen) == 1
    assert float(chosen[0].get("data-x", "inf")) <= BUDGET
    assert "Budsjettet:" in "".join(frontier.itertext())
    assert "pri-chart-data" in html  # the same figures as a hidden table


def test_the_robustness_shows_every_measures_core_index(political_case, director, demo_portfolio, login_client):
    from prioritet.portfolio import selectors as portfolio_selectors

    data = portfolio_selectors.portfolio_data(demo_portfolio)
    robust = portfolio_selectors.robustness(data)
    assert robust.ready  # 32 measures: computed in the request
    html = section_of(page(login_client(director), political_case))
    from prioritet.portfolio.report import CORE_CHUNK

    cores = [s for s in svgs(html) if s.get("id", "").startswith("core-")]
    assert len(cores) == -(-len(data.rows) // CORE_CHUNK)  # one chart per page-sized part
    bars = [el for svg in cores for el in svg.iter(f"{SVG}rect") if el.get("class") == "pri-bar"]
    assert len(bars) == len(data.rows)
    shown = sorted(float(b.get("data-value", "nan")) for b in bars)
    expected = sorted(round(v * 100, 2) for v in robust.core.values())
    assert shown == pytest.approx(expected, abs=0.01)
    text = text_of(html)
    assert "Robusthet" in text
    assert f"Av {len(data.rows)} tiltak" in text
    assert "Nyttens vekt tas i steg på 5 prosentpoeng" in text  # the weightings' grid is said, as on the page


def test_what_is_left_out_comes_with_its_consequence_most_severe_first(
    political_case, director, demo_portfolio, login_client
):
    from prioritet.portfolio import selectors as portfolio_selectors

    data = portfolio_selectors.portfolio_data(demo_portfolio)
    best = portfolio_selectors.optimum(data)
    html = section_of(page(login_client(director), political_case))
    table = html[html.index("pri-report__left-out") : html.index("</table>", html.index("pri-report__left-out"))]
    rows = re.findall(r'<th scope="row">([^<]+)</th>\s*<td>(\d) – ', table)
    assert len(rows) == len(best.left_out)
    severities = [int(s) for _, s in rows]
    assert severities == sorted(severities, reverse=True)
    text = text_of(table)
    left = {data.by_code[c].code for c in best.left_out}
    if "korttid-4" in left:
        assert "Eldre som skrives ut fra sykehus Lengre ventetid på korttidsplass; flere reinnleggelser." in text
    assert "Det som ikke kommer med, og konsekvensen" in text_of(html)


def test_mandatory_measures_that_do_not_fit_are_said_plainly(political_case, director, login_client):
    make_portfolio(political_case, director, demo_rows(), budget_nok=5_000_000)
    html = section_of(page(login_client(director), political_case))
    text = text_of(html)
    assert "De lovpålagte tiltakene trenger" in text
    assert "pri-report__left-out" not in html
    assert "frontier-" not in html


def test_a_reader_who_may_not_see_the_portfolio_gets_the_report_without_it(
    political_case, demo_portfolio, user_factory, login_client
):
    admin = user_factory(Role.MUNICIPAL_ADMIN, username="admin-p")
    html = page(login_client(admin), political_case)
    assert 'id="portfolio"' not in html
    assert "Samlet vurdering" in html


def test_the_portfolio_app_declares_the_section_and_the_report_has_none_without_it(
    political_case, director, demo_portfolio, login_client, monkeypatch
):
    """The reports app imports nothing of the portfolio app: the section comes through the extension protocol."""
    from prioritet.cases.extensions import CaseExtension, Place, declared_sections
    from prioritet.core import extensions

    assert declared_sections(Place.REPORT)[0].key == "portfolio"  # right after the judgment
    client = login_client(director)
    assert 'id="portfolio"' in page(client, political_case)
    without = [
        e
        for e in extensions.declared()
        if not (isinstance(e, CaseExtension) and any(s.key == "portfolio" for s in e.case_sections))
    ]
    monkeypatch.setattr(extensions, "declared", lambda: without)
    html = page(client, political_case)
    assert 'id="portfolio"' not in html
    assert "Samlet vurdering" in html


def test_while_the_robustness_is_not_stored_the_page_says_so_and_then_shows_it(
    political_case, director, demo_portfolio, login_client, queued_tasks, settings
):
    from django.core.cache import cache

    cache.clear()  # an earlier test's analysis of the same measures is cached
    settings.PORTFOLIO_ROBUSTNESS_INLINE_LIMIT = 10  # the 32 measures are analysed in the background
    client = login_client(director)
    html = page(client, political_case)  # reading the report queues nothing: its button (a POST) does
    assert "Robusthetsanalysen beregnes i bakgrunnen" in html
    assert "core-" not in section_of(html)
    client.post(reverse("reports:saksframlegg_analyse", args=[political_case.pk]))
    run_queued_tasks()
    html = page(client, political_case)
    assert "Robusthetsanalysen beregnes i bakgrunnen" not in html
    assert any(s.get("id", "").startswith("core-") for s in svgs(section_of(html)))


def test_the_pdf_holds_the_portfolio(political_case, director, demo_portfolio, login_client, artifacts):
    response = login_client(director).get(reverse("reports:saksframlegg_pdf", args=[political_case.pk]))
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    for entry in ("Tiltak innenfor budsjettet", "Verdi for pengene", "Robusthet", "Det som ikke kommer med"):
        assert entry in text, entry
    for old in artifacts.glob("saksframlegg-portfolio-*.png"):
        old.unlink()
    path = artifacts / "saksframlegg-portfolio.pdf"
    path.write_bytes(response.content)
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm:
        subprocess.run([pdftoppm, "-png", "-r", "80", str(path), str(artifacts / "saksframlegg-portfolio")], check=True)


@pytest.mark.slow
def test_render_time_with_a_200_measure_portfolio(
    political_case, director, login_client, artifacts, queued_tasks, settings
):
    """Measured, written to test-artifacts/reports/timing-portfolio-200.txt (timing goals are benchmarks').

    This measures the rendering itself, so the PDF is made in the request here (by default a report
    this large is rendered by the task worker: test_pdf_task).

    The first request computes the optimum and the frontier; the robustness (more than 50 measures)
    is left out until the page's POST has queued it and the background task has stored it. Then
    every analysis is stored and the report has all of it.
    """
    from prioritet.portfolio import selectors as portfolio_selectors

    settings.REPORTS_PDF_INLINE_MEASURES = 1000
    portfolio = make_portfolio(political_case, director, generated_rows(200), budget_nok=100_000_000)
    client = login_client(director)
    url = reverse("reports:saksframlegg_pdf", args=[political_case.pk])
    start = time.perf_counter()
    first = client.get(url)
    cold = time.perf_counter() - start
    assert first.status_code == 200
    first_pages = len(PdfReader(io.BytesIO(first.content)).pages)
    html = page(client, political_case)
    # While the background analysis waits or runs, the page (not the document) says so.
    assert not portfolio_selectors.robustness(portfolio_selectors.portfolio_data(portfolio)).ready
    assert "Robusthetsanalysen beregnes i bakgrunnen" in html
    waited = time.perf_counter()
    client.post(reverse("reports:saksframlegg_analyse", args=[political_case.pk]))
    run_queued_tasks()
    waited = time.perf_counter() - waited
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        response = client.get(url)
        runs.append(time.perf_counter() - start)
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    robust = portfolio_selectors.robustness(portfolio_selectors.portfolio_data(portfolio))
    assert robust.ready
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert "Robusthet: kjerneindeksen for hvert tiltak" in text
    assert len(reader.attachments) == 1  # the whole list of 200 goes with the PDF (a long portfolio)
    (artifacts / "timing-portfolio-200.txt").write_text(
        "saksframlegg PDF, political case with a 200-measure portfolio:\n"
        f"  first request (optimum and frontier computed, robustness not yet asked for; "
        f"{first_pages} pages): {cold:.2f} s\n"
        f"  robustness in the background: {robust.seconds:.1f} s (waited {waited:.1f} s)\n"
        f"  every analysis cached ({len(reader.pages)} pages): " + ", ".join(f"{r:.2f} s" for r in runs) + "\n"
    )


def test_a_long_portfolio_lists_the_most_important_measures_and_attaches_the_whole_list(
    political_case, director, login_client, settings
):
    from prioritet.core.formatting import decimal
    from prioritet.portfolio import selectors as portfolio_selectors
    from prioritet.portfolio.report import BODY_ROWS, MARGIN_ROWS

    settings.REPORTS_PDF_INLINE_MEASURES = 1000
    portfolio = make_portfolio(political_case, director, generated_rows(70), budget_nok=10_000_000)
    data = portfolio_selectors.portfolio_data(portfolio)
    best = portfolio_selectors.optimum(data)
    chosen, left = len(best.selected), 70 - len(best.selected)
    client = login_client(director)
    html = section_of(page(client, political_case))
    for table in ("pri-report__measures", "pri-report__left-out"):
        body = html[html.index(table) :]
        body = body[body.index("<tbody>") : body.index("</tbody>")]
        assert 0 < body.count("<tr>") <= BODY_ROWS, table
    assert f"Med i porteføljen: {chosen} tiltak" in text_of(html)
    assert f"Ikke med: {left} tiltak" in text_of(html)
    assert 'data-testid="portfolio-attachment"' in html
    assert "data:text/csv" not in html  # the page links to the export; only the PDF carries the file
    # The margin of the budget: the selected measures of lowest value, then the left-out ones of highest value.
    margin = html[html.index('data-testid="portfolio-margin"') :]
    margin = margin[margin.index("<tbody>") : margin.index("</tbody>")]
    marks = re.findall(r"<td>(ja|nei)</td>", margin)
    assert 0 < marks.count("ja") <= MARGIN_ROWS
    assert 0 < marks.count("nei") <= MARGIN_ROWS
    assert marks == sorted(marks)  # «ja» rows first
    lowest_in = min(best.values[c] for c in best.selected if not data.by_code[c].mandatory)
    highest_out = max(v for c, v in best.values.items() if c not in best.selected)
    values = re.findall(r'<td class="pri-num">(\d+,\d\d)</td>', margin)
    assert values[0] == decimal(lowest_in, 2)
    assert values[marks.count("ja")] == decimal(highest_out, 2)
    # What one budget step down and up adds and removes, from the frontier.
    steps = text_of(html[html.index('data-testid="portfolio-steps"') :])
    assert "Hva som endres ett budsjettsteg ned eller opp" in steps
    assert "samlet verdi" in steps

    response = client.get(reverse("reports:saksframlegg_pdf", args=[political_case.pk]))
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    ((name, contents),) = reader.attachments.items()
    assert name == f"tiltak-sak-{political_case.pk}.csv"
    rows = contents[0].decode("utf-8-sig").strip().splitlines()
    assert len(rows) == 1 + 70  # a header and every measure, in the body or not
    assert {row.split(";")[0] for row in rows[1:]} == {m.code for m in data.rows}
