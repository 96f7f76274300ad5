"""Issue 12's «How to show it» as one walk in a real browser.

A leader opens the home page and the dashboard, compares the municipality with its peers (the
comparison page and one indicator's series), adds a scenario to a need projection, opens a new case
and cites two indicators and the projection to 2040 (the new scenario) in it; the saksframlegg (HTML
and PDF) shows them, the projection too as a chart with its table. All the while one figure —
the municipality's latest nursing-home coverage, about three people — is stored with its number and
must be shown as «:» with the number nowhere: not on the pages, in the saksframlegg PDF, the CSV and
XLSX downloads, the public key figures or the API. Every page is axe-clean at 1280 px, the home page
and the dashboard at 390 px too. Screenshots go to test-artifacts/screenshots/walk-*.
"""

from __future__ import annotations

import importlib
import io
import re
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.apps import apps
from openpyxl import load_workbook
from playwright.sync_api import Locator, Page, expect
from pypdf import PdfReader

from prioritet.accounts.models import Municipality, Role, User
from prioritet.accounts.testing import make_service_area
from prioritet.api.models import Access
from prioritet.api.testing import make_integration_token
from prioritet.cases.models import Case
from prioritet.indicators.demo import add_demo_indicators, add_demo_projection
from prioritet.indicators.models import IndicatorDefinition, IndicatorValue, ProjectionScenario
from prioritet.public import services as public_services

from .helpers import DESKTOP, PHONE, axe, screenshot

COVERAGE = "Andel innbyggere 80 år og over med institusjonsopphold"
HOME_CARE = "Andel innbyggere 80 år og over som bruker hjemmetjenester"
HIDDEN_TITLE = "Skjult av personvernhensyn"
#: The stored number of the suppressed figure (three people): no page, file or answer may carry it.
HIDDEN = Decimal("73.913")
#: The saksframlegg PDF is drawn during its request (WeasyPrint): slower than a page on a loaded machine.
PDF_TIMEOUT_MS = 60_000
#: The ways the number could be written: Norwegian and English decimals, rounded or not.
HIDDEN_TEXTS = ("73,9", "73.9", "73,91", "73.91")
CASE_TITLE = "Flere korttidsplasser for eldre over 80"
PROJECTION = "Hjemmetjenester mot 2040, scenario «Flere korttidsplasser»"


@pytest.fixture(autouse=True)
def national_definitions() -> None:
    """The national definitions the migrations add: the live server's database is emptied after every
    test, data migrations' rows too, so the demo would otherwise find nothing to add figures to."""
    for name, function in (
        ("0002_starter_definitions", "add"),
        ("0003_region_variable", "kostra_region"),
        ("0005_need_projections", "add_projection_groups"),
        ("0007_import_and_own_definitions", "add"),
        ("0009_ssb_confirmed", "confirm"),
    ):
        migration = importlib.import_module(f"prioritet.indicators.migrations.{name}")
        getattr(migration, function)(apps, None)


def a_figure_about_three_people(municipality: Municipality) -> None:
    """The municipality's latest nursing-home coverage keeps its number but describes three people."""
    updated = IndicatorValue.objects.filter(
        municipality=municipality,
        definition__key="nursing_home_80",
        region=municipality.number,
        period="2024",
    ).update(value=HIDDEN, persons=3)
    assert updated == 1


def the_figures_are_public(admin: User) -> None:
    """The municipal administrator publishes nursing-home coverage on the public key-figures page."""
    coverage = IndicatorDefinition.objects.get(owner=None, key="nursing_home_80")
    public_services.set_key_figure(admin, coverage, published=True, explanation="Flere eldre skal bo hjemme.")


def the_number_is_nowhere_in(text: str, where: str) -> None:
    for written in HIDDEN_TEXTS:
        assert written not in text, f"the suppressed figure's number ({written}) is in {where}"


def shown_as_hidden(cells: Locator) -> None:
    """The cell shows SSB's «:» with its meaning, and no number."""
    expect(cells.locator(f"abbr[title='{HIDDEN_TITLE}']").first).to_have_text(":")


def fits_the_window(page: Page) -> None:
    """Nothing but the tables' own scroll boxes is wider than the window."""
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def accessible_and_silent(page: Page, *, phone: bool = False) -> None:
    """axe finds nothing serious at 1280 px (and 390 px when asked) and the page holds no hidden number."""
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    axe(page)
    if phone:
        page.set_viewport_size(PHONE)
        axe(page)
        fits_the_window(page)
        page.set_viewport_size(DESKTOP)
    the_number_is_nowhere_in(page.content(), page.url)


def opens_the_home_page_and_the_dashboard(page: Page) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Velkommen, Marte")
    figures = page.get_by_role("region", name="Nøkkeltall", exact=True)
    shown_as_hidden(figures.get_by_role("row", name=COVERAGE))
    accessible_and_silent(page, phone=True)
    screenshot(page, "walk-01-home")

    page.get_by_role("link", name="Åpne styringstavla di").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Styringstavle")
    table = page.get_by_role("table", name="Nøkkeltall: Helse- og omsorgssektoren")
    shown_as_hidden(table.get_by_role("row", name=COVERAGE))
    expect(page.get_by_role("img", name=COVERAGE)).to_be_visible()
    accessible_and_silent(page, phone=True)
    screenshot(page, "walk-02-dashboard")


def downloaded_text(page: Page, link: str) -> str:
    """The text of the file behind the page's download link ``link`` (a CSV, or every cell of a workbook)."""
    href = page.get_by_role("group", name="Last ned").get_by_role("link", name=link).get_attribute("href")
    response = page.context.request.get(href or "")
    assert response.ok, f"{href} answered {response.status}"
    if href and href.endswith(".xlsx"):
        workbook = load_workbook(io.BytesIO(response.body()), read_only=True)
        return " ".join(
            str(cell) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for cell in row
        )
    return response.body().decode("utf-8-sig")


def the_downloads_hide_the_figure(page: Page, *links: str) -> None:
    for link in links:
        text = downloaded_text(page, link)
        assert ":" in text, f"«{link}» does not mark the suppressed figure"
        the_number_is_nowhere_in(text, f"«{link}» of {page.url}")


def compares_with_the_peers(page: Page) -> None:
    """The comparison page (the latest figures side by side) and the indicator's series, with their downloads."""
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Indikatorer").click()
    page.get_by_role("link", name="Sammenligning med andre kommuner").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sammenligning med andre kommuner")
    table = page.get_by_role("table", name="Sammenligning med andre kommuner")
    expect(table.get_by_role("columnheader", name="KOSTRA-gruppe 13")).to_be_visible()
    shown_as_hidden(table.get_by_role("row", name=COVERAGE))
    accessible_and_silent(page)
    the_downloads_hide_the_figure(page, "Last ned som CSV", "Last ned som Excel (XLSX)")
    screenshot(page, "walk-03-comparison")

    table.get_by_role("link", name=COVERAGE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(COVERAGE)
    table = page.get_by_role("table", name="Verdier per periode")
    expect(table.get_by_role("columnheader", name="KOSTRA-gruppe 13")).to_be_visible()
    shown_as_hidden(table.get_by_role("row", name="2024"))
    shown_as_hidden(table.get_by_role("row", name="2019"))  # SSB's own «:», for a small peer (the demo's)
    accessible_and_silent(page)
    the_downloads_hide_the_figure(page, "Last ned som CSV", "Last ned som Excel (XLSX)")
    screenshot(page, "walk-04-indicator")


def adds_a_projection_scenario(page: Page) -> None:
    page.goto("/indicators/projections/")
    page.get_by_role("link", name="Hjemmetjenester mot 2040").click()
    expect(page.get_by_role("img", name="Brukere per år, Hjemmetjenester mot 2040")).to_be_visible()
    accessible_and_silent(page)
    page.get_by_role("link", name="Legg til et scenario").click()
    page.get_by_label("Navn").fill("Flere korttidsplasser")
    page.get_by_label("Endrer").first.select_option(label="Dekningsgrad (prosentpoeng)")
    page.get_by_label("Aldersgruppe").first.select_option(label="80–89 år")
    page.get_by_label("Endring").first.fill("-1")
    page.get_by_label("Nådd innen").first.fill("2030")
    accessible_and_silent(page)
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("Scenarioet er lagret.")).to_be_visible()
    expect(
        page.get_by_role("table", name="Brukere per år (brukere)").get_by_role(
            "columnheader", name="Flere korttidsplasser"
        )
    ).to_be_visible()
    assert ProjectionScenario.objects.filter(name="Flere korttidsplasser").exists()
    accessible_and_silent(page)


def opens_a_new_case(page: Page) -> Case:
    page.goto("/cases/")
    page.get_by_role("link", name="Ny sak", exact=True).click()
    page.get_by_label("Nivå").select_option(label="Tjeneste og virksomhet")
    page.get_by_label("Tittel").fill(CASE_TITLE)
    page.get_by_label("Beskrivelse").fill("Dekningen på sykehjem faller mens antallet over 80 vokser.")
    page.get_by_label("Tjenesteområde").select_option(label="Sykehjem")
    page.get_by_label("Konsekvens av å ikke starte, utsette eller avslutte").fill(
        "Flere eldre venter hjemme uten nok hjelp etter sykehusopphold."
    )
    accessible_and_silent(page)
    page.get_by_role("button", name="Opprett sak").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(CASE_TITLE)
    accessible_and_silent(page)
    return Case.objects.get(title=CASE_TITLE)


def cites_an_indicator(page: Page, name: str, note: str) -> None:
    """Cite ``name`` from 2020 on, for the municipality and every place it compares itself with."""
    section = page.locator("#section-citations")
    form = section.locator("details").filter(has=page.get_by_text("Siter en indikator"))
    if form.get_attribute("open") is None:
        form.get_by_text("Siter en indikator").click()
    form.get_by_label("Indikator").select_option(label=name)
    form.get_by_label("Fra periode").fill("2020")
    form.get_by_label("Hvorfor tallet er viktig").fill(note)
    form.get_by_role("button", name="Siter", exact=True).click()
    expect(page.get_by_text("Tallene er sitert i saken.")).to_be_visible()
    expect(page.get_by_role("table", name=f"{name}, slik det ble sitert")).to_be_visible()


def cites_two_indicators_in_the_case(page: Page) -> None:
    cites_an_indicator(page, COVERAGE, "Dekningen på sykehjem faller.")
    cites_an_indicator(page, HOME_CARE, "Hjemmetjenestene tar imot flere av de eldste.")
    shown_as_hidden(page.get_by_role("table", name=f"{COVERAGE}, slik det ble sitert").get_by_role("row", name="2024"))
    accessible_and_silent(page)
    screenshot(page, "walk-05-case-citations")


def cites_the_projection_in_the_case(page: Page) -> None:
    """Cite the need projection to 2040 with the scenario added above, and see it as a chart and a table."""
    section = page.locator("#section-citations")
    form = section.locator("details").filter(has=page.get_by_text("Siter en behovsframskriving"))
    if form.get_attribute("open") is None:
        form.get_by_text("Siter en behovsframskriving").click()
    form.get_by_label("Behovsframskriving").select_option(label="Scenario «Flere korttidsplasser»")
    form.get_by_label("Hvorfor framskrivingen betyr noe").fill("Behovet for hjemmetjenester vokser mot 2040.")
    form.get_by_role("button", name="Siter framskrivingen").click()
    expect(page.get_by_text("Behovsframskrivingen er sitert i saken.")).to_be_visible()
    section = page.locator("#section-citations")
    expect(section.get_by_role("heading", name=f"Behovsframskriving: {PROJECTION}")).to_be_visible()
    expect(section.get_by_role("img", name=f"Framskrevne brukere per år, {PROJECTION}")).to_be_visible()
    table = section.get_by_role("table", name=f"{PROJECTION}, per år slik den ble sitert")
    expect(table.get_by_role("row", name=re.compile(r"^2040 "))).to_be_visible()
    accessible_and_silent(page)
    screenshot(page, "walk-05b-case-projection")


def the_saksframlegg_shows_the_cited_figures(page: Page, case: Case) -> None:
    page.goto(f"/cases/{case.pk}/report/")
    section = page.locator("#section-citations")
    expect(section.get_by_role("heading", name="Siterte tall")).to_be_visible()
    for name in (COVERAGE, HOME_CARE):
        expect(section.get_by_role("img", name=name).first).to_be_attached()
        expect(section.get_by_role("table", name=f"{name}, slik det ble sitert")).to_be_visible()
    shown_as_hidden(
        section.get_by_role("table", name=f"{COVERAGE}, slik det ble sitert").get_by_role("row", name="2024")
    )
    expect(section.get_by_role("img", name=f"Framskrevne brukere per år, {PROJECTION}")).to_be_attached()
    projection = section.get_by_role("table", name=f"{PROJECTION}, per år slik den ble sitert")
    expect(projection).to_be_visible()
    expect(projection.get_by_role("columnheader", name="Brukere over kapasiteten")).to_be_visible()
    expect(section.get_by_text("Behovet for hjemmetjenester vokser mot 2040.")).to_be_visible()
    accessible_and_silent(page)
    screenshot(page, "walk-06-saksframlegg")

    link = page.locator("a[href$='saksframlegg.pdf']").first
    response = page.context.request.get(link.get_attribute("href") or "", timeout=PDF_TIMEOUT_MS)
    assert response.ok
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(response.body())).pages))
    for expected in (
        "Siterte tall",
        COVERAGE,
        HOME_CARE,
        "Dekningen på sykehjem faller.",
        "Behovsframskriving: Hjemmetjenester mot 2040",
        "Behovet for hjemmetjenester vokser mot 2040.",
    ):
        assert expected in text, f"{expected!r} is not in the saksframlegg PDF"
    the_number_is_nowhere_in(text, "the saksframlegg PDF")


def the_public_reads_the_key_figures(page: Page, municipality: Municipality) -> None:
    page.context.clear_cookies()
    page.goto(f"/p/{municipality.slug}/nokkeltall/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Nøkkeltall for {municipality.name}")
    figure = page.get_by_role("region", name=COVERAGE)
    shown_as_hidden(figure.locator("dd").first)
    figure.get_by_text("Tallene som tabell").click()
    table = figure.get_by_role("table", name=f"{COVERAGE} (prosent), per periode")
    shown_as_hidden(table.get_by_role("row", name="2024"))
    accessible_and_silent(page)
    screenshot(page, "walk-07-public-key-figures")


def the_api_hides_the_figure(page: Page, municipality: Municipality) -> None:
    """Another system reads the values with a read-only token of the leader's role: «:», no value, no persons."""
    _token, raw = make_integration_token(municipality, role=Role.LEADER, access=Access.READ)
    response = page.context.request.get(
        f"/api/v1/indicators/values?definition=nursing_home_80&region={municipality.number}&period_from=2024",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.ok, response.text()
    (item,) = response.json()["items"]
    assert (item["period"], item["value"], item["status"], item["persons"]) == ("2024", None, ":", None)
    the_number_is_nowhere_in(response.text(), "the API's answer")


def test_a_leader_walks_from_the_dashboard_to_a_case_and_the_hidden_figure_stays_hidden(
    page: Page, login_as: Callable[..., User], user_factory: Callable[..., User]
) -> None:
    leader = login_as(Role.LEADER, first_name="Marte")
    municipality = leader.municipality
    make_service_area(municipality, "Sykehjem")
    add_demo_indicators(municipality, {})
    add_demo_projection(municipality, {"demo-leder": leader})
    a_figure_about_three_people(municipality)
    the_figures_are_public(user_factory(Role.MUNICIPAL_ADMIN, username="kommuneadmin"))

    opens_the_home_page_and_the_dashboard(page)
    compares_with_the_peers(page)
    adds_a_projection_scenario(page)
    case = opens_a_new_case(page)
    cites_two_indicators_in_the_case(page)
    cites_the_projection_in_the_case(page)
    the_saksframlegg_shows_the_cited_figures(page, case)
    the_public_reads_the_key_figures(page, municipality)
    the_api_hides_the_figure(page, municipality)
