"""The indicators in a real browser: a leader reads the list and one indicator's series against its
peers, sees the suppressed figure as «:», uploads a file; the administrator publishes a key figure and
the public reads it without signing in; every page is axe-clean at 1280 and 390 px."""

from __future__ import annotations

import importlib
from collections.abc import Callable

import pytest
from django.apps import apps
from playwright.sync_api import Page, expect

from prioritet.accounts.models import Role, User
from prioritet.indicators.demo import add_demo_indicators
from prioritet.indicators.models import IndicatorDefinition, IndicatorValue, Status

from .helpers import DESKTOP, PHONE, axe, screenshot


@pytest.fixture(autouse=True)
def starter_definitions() -> None:
    """The national starter definitions, as the migrations leave them.

    A browser test's database is emptied after every test (data migrations' rows too), so a test that
    runs after another one would find no definitions and the demo would add no series.
    """
    for name, function in (
        ("0002_starter_definitions", "add"),
        ("0003_region_variable", "kostra_region"),
        ("0007_import_and_own_definitions", "add"),
        ("0009_ssb_confirmed", "confirm"),
    ):
        migration = importlib.import_module(f"prioritet.indicators.migrations.{name}")
        getattr(migration, function)(apps, None)


def _fits(page: Page) -> None:
    """Nothing but the tables' own scroll boxes is wider than the window."""
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_leader_reads_the_indicators_and_one_series_against_its_peers(
    page: Page, login_as: Callable[..., User]
) -> None:
    leader = login_as(Role.LEADER)
    add_demo_indicators(leader.municipality, {})
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        page.goto("/indicators/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Indikatorer")
        expect(page.get_by_text("Demotall (oppdiktede)")).to_be_visible()
        expect(page.get_by_role("img", name="Utvikling 2015–2024").first).to_be_attached()
        axe(page)
        _fits(page)
    screenshot(page, "indicators-list-nb")
    page.set_viewport_size(DESKTOP)
    page.get_by_role("link", name="Andel innbyggere 80 år og over med institusjonsopphold").click()
    expect(page.get_by_text("Demotall (oppdiktede)")).to_be_visible()
    chart = page.get_by_role("img", name="Andel innbyggere 80 år og over med institusjonsopphold")
    expect(chart).to_be_visible()
    table = page.get_by_role("table", name="Verdier per periode")
    expect(table.get_by_role("columnheader", name="KOSTRA-gruppe 13")).to_be_visible()
    suppressed = table.locator("abbr[title='Skjult av personvernhensyn']")
    expect(suppressed).to_have_text(":")
    axe(page)
    page.set_viewport_size(PHONE)
    axe(page)
    _fits(page)
    screenshot(page, "indicators-detail-nb")


def test_a_leader_uploads_a_file_and_a_wrong_one_is_explained_in_nynorsk(
    page: Page, login_as: Callable[..., User]
) -> None:
    login_as(Role.LEADER)
    # A browser test's database is emptied between tests, the migration's starter definitions too.
    IndicatorDefinition.objects.get_or_create(
        owner=None,
        key="population_80",
        defaults={"name_nb": "Innbyggere 80 år og over", "name_nn": "Innbyggjarar 80 år og over", "unit": "personer"},
    )
    page.goto("/indicators/")
    page.get_by_role("link", name="Last opp tall").click()
    page.get_by_label("Indikator").select_option(label="Innbyggere 80 år og over")
    page.get_by_label("Fil").set_input_files(
        files=[{"name": "tall.csv", "mimeType": "text/csv", "buffer": b"Region;Tid;value\n3909;2023;2150\n"}]
    )
    axe(page)
    page.get_by_role("button", name="Last opp og kontroller").click()
    expect(page.get_by_text("Filen er i orden: lagring gir 1 nye verdier")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Lagre tallene").click()
    expect(page.get_by_text("1 nye verdier, 0 endret, 0 som før.")).to_be_visible()
    page.goto("/indicators/upload/")
    page.get_by_role("button", name="Nynorsk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Last opp tal")
    page.get_by_label("Indikator").select_option(label="Innbyggjarar 80 år og over")
    page.get_by_label("Fil").set_input_files(
        files=[{"name": "tall.csv", "mimeType": "text/csv", "buffer": b"Region;Tid;value\n3909;2023;mange\n"}]
    )
    page.get_by_role("button", name="Last opp og kontroller").click()
    problems = page.get_by_role("region", name="Feil")
    expect(problems).to_contain_text("Verdien «mange» er ikkje eit tal")
    expect(page.get_by_role("button", name="Lagre tala")).to_have_count(0)
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        axe(page)
        _fits(page)
    screenshot(page, "indicators-upload-error-nn")


def test_the_administrator_chooses_the_comparison_on_an_accessible_form(
    page: Page, login_as: Callable[..., User]
) -> None:
    login_as(Role.MUNICIPAL_ADMIN)
    page.goto("/indicators/")
    page.get_by_role("link", name="Sammenligning og SSB-tall").click()
    expect(page.get_by_text("Henting fra SSB er slått av på denne serveren")).to_be_visible()
    page.get_by_label("KOSTRA-gruppe").fill("EKG13")
    page.get_by_label("Sammenlignbare kommuner").fill("3907, x")
    page.get_by_role("button", name="Lagre").click()
    expect(page.locator("#id_peers_error")).to_contain_text("«x»")
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        axe(page)
        _fits(page)
    page.get_by_label("Sammenlignbare kommuner").fill("3907, 3905")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("Lagret. Henting fra SSB er slått av")).to_be_visible()


def test_the_administrator_publishes_key_figures_and_the_public_page_shows_them_accessibly(
    page: Page, login_as: Callable[..., User]
) -> None:
    admin = login_as(Role.MUNICIPAL_ADMIN)
    municipality = admin.municipality
    add_demo_indicators(municipality, {})
    coverage = IndicatorDefinition.objects.get(owner=None, key="nursing_home_80")
    # A figure about fewer than five people: the public page shows «:» and no number.
    IndicatorValue.objects.filter(definition=coverage, region=municipality.number, period="2019").update(
        value=None, status=Status.SUPPRESSED
    )
    page.goto("/publishing/key-figures/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nøkkeltall på den offentlige siden")
    axe(page)
    page.get_by_role("row", name="Andel innbyggere 80 år og over med institusjonsopphold").get_by_role("link").click()
    page.get_by_label("Vis på den offentlige nøkkeltallsiden").check()
    page.get_by_label("Offentlig forklaring").fill("Flere eldre skal kunne bo hjemme.")
    axe(page)
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("Tallet vises på den offentlige nøkkeltallsiden.")).to_be_visible()
    page.context.clear_cookies()  # the public reads it without signing in
    page.goto(f"/p/{municipality.slug}/")
    page.get_by_role("link", name="Se kommunens nøkkeltall").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Nøkkeltall for {municipality.name}")
    expect(page.get_by_text("Demotall (oppdiktede)").first).to_be_visible()
    expect(page.get_by_role("img", name="Andel innbyggere 80 år og over med institusjonsopphold")).to_be_visible()
    page.get_by_text("Tallene som tabell").click()
    table = page.get_by_role(
        "table", name="Andel innbyggere 80 år og over med institusjonsopphold (prosent), per periode"
    )
    expect(table.get_by_role("columnheader", name="KOSTRA-gruppe 13")).to_be_visible()
    expect(
        table.get_by_role("row", name="2019").locator("abbr[title='Skjult av personvernhensyn']").first
    ).to_have_text(":")
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        axe(page)
        _fits(page)
    screenshot(page, "public-key-figures-nb")
