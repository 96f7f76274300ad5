"""The working home page and the role dashboard in a real browser, axe-clean at 1280 and 390 px:
a leader's tasks and key figures, the dashboard with its charts, tables and the suppressed «:»."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

import pytest
from django.apps import apps
from playwright.sync_api import Page, expect

from prioritet.accounts.models import Role, User
from prioritet.cases.testing import open_case
from prioritet.indicators.demo import add_demo_indicators

from .helpers import DESKTOP, PHONE, axe, screenshot


@pytest.fixture(autouse=True)
def starter_definitions() -> None:
    """The national starter definitions the migrations add (a browser test's database is emptied)."""
    for name, function in (("0002_starter_definitions", "add"), ("0003_region_variable", "kostra_region")):
        migration = importlib.import_module(f"prioritet.indicators.migrations.{name}")
        getattr(migration, function)(apps, None)


def _fits(page: Page) -> None:
    """Nothing but the tables' own scroll boxes is wider than the window."""
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_leader_works_from_the_home_page_and_opens_the_dashboard(page: Page, login_as: Callable[..., User]) -> None:
    leader = login_as(Role.LEADER, first_name="Marte")
    add_demo_indicators(leader.municipality, {})
    open_case(leader, [("Nattpatrulje", (4, 3))], title="Omlegging av nattpatruljen")
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        page.goto("/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Velkommen, Marte")
        tasks = page.get_by_role("region", name="Sakene dine og fasen de er i")
        expect(tasks.get_by_role("link", name="Omlegging av nattpatruljen")).to_be_visible()
        expect(page.get_by_role("heading", name="Nøkkeltall", exact=True)).to_be_visible()
        expect(page.get_by_role("heading", name="Snarveier")).to_be_visible()
        axe(page)
        _fits(page)
    screenshot(page, "home-leader")

    page.set_viewport_size(DESKTOP)
    page.get_by_role("link", name="Åpne styringstavla di").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Styringstavle")
    expect(page.get_by_text("Demotall (oppdiktede)")).to_be_visible()
    table = page.get_by_role("table", name="Nøkkeltall: Helse- og omsorgssektoren")
    expect(table.get_by_role("columnheader", name="KOSTRA-gruppe 13")).to_be_visible()
    expect(table.locator("abbr[title='Skjult av personvernhensyn']")).to_have_count(0)  # 2019 is not the latest
    expect(page.get_by_role("img", name="Andel innbyggere 80 år og over med institusjonsopphold")).to_be_visible()
    page.get_by_text("Tallene som tabell").first.click()
    expect(
        page.get_by_role("table", name="Andel innbyggere 80 år og over med institusjonsopphold per periode (prosent)")
    ).to_be_visible()
    axe(page)
    page.set_viewport_size(PHONE)
    axe(page)
    _fits(page)
    screenshot(page, "dashboard-leader")
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Hovedmeny")).to_be_hidden()
    page.emulate_media(media="screen")

    # The dashboard downloads as the page shows it: its table as CSV, a chart as PNG.
    page.set_viewport_size(DESKTOP)
    downloads = page.get_by_role("group", name="Last ned tallene på styringstavla")
    with page.expect_download() as table_file:
        downloads.get_by_role("link", name="Last ned som CSV").click()
    text = Path(table_file.value.path()).read_text(encoding="utf-8-sig")
    assert text.startswith("Område;Indikator;Enhet;Periode;")
    assert "Andel innbyggere 80 år og over med institusjonsopphold" in text
    figure = page.locator(
        "figure", has=page.get_by_role("img", name="Andel innbyggere 80 år og over med institusjonsopphold")
    )
    with page.expect_download() as chart_file:
        figure.get_by_role("link", name="Last ned diagrammet (PNG)").click()
    assert Path(chart_file.value.path()).read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
