"""Need projections in a real browser: a leader reads the demo projection (chart, table, gap), shows
cost instead of users, adds a scenario and enters the population; every page is axe-clean at 1280
and 390 px."""

from __future__ import annotations

import importlib
from collections.abc import Callable

import pytest
from django.apps import apps
from playwright.sync_api import Page, expect

from prioritet.accounts.models import Role, User
from prioritet.indicators.demo import add_demo_projection
from prioritet.indicators.models import ProjectionScenario

from .helpers import DESKTOP, PHONE, axe, screenshot


@pytest.fixture(autouse=True)
def projection_definitions() -> None:
    """The national population projection definitions, as the migration leaves them (a browser
    test's database is emptied after every test, data migrations' rows too)."""
    migration = importlib.import_module("prioritet.indicators.migrations.0005_need_projections")
    migration.add_projection_groups(apps, None)


def _fits(page: Page) -> None:
    """Nothing but the tables' own scroll boxes is wider than the window."""
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def _check(page: Page) -> None:
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        axe(page)
        _fits(page)
    page.set_viewport_size(DESKTOP)


def test_a_leader_reads_the_demo_projection_and_adds_a_scenario(page: Page, login_as: Callable[..., User]) -> None:
    leader = login_as(Role.LEADER)
    add_demo_projection(leader.municipality, {"demo-leder": leader})
    page.goto("/indicators/")
    page.get_by_role("link", name="Behovsframskrivinger").click()
    expect(page.get_by_text("Demotall (oppdiktede)")).to_be_visible()
    _check(page)
    page.get_by_role("link", name="Hjemmetjenester mot 2040").click()
    expect(page.get_by_role("img", name="Brukere per år, Hjemmetjenester mot 2040")).to_be_visible()
    table = page.get_by_role("table", name="Brukere per år (brukere)")
    expect(table.get_by_role("columnheader", name="Hverdagsrehabilitering")).to_be_visible()
    expect(page.get_by_role("table", name="Gap per år: Brukere (brukere)")).to_be_visible()
    _check(page)
    screenshot(page, "projection-detail-nb")
    page.get_by_label("Vis").select_option(label="Kostnad")
    page.get_by_role("button", name="Vis").click()
    expect(page.get_by_role("img", name="Kostnad per år, Hjemmetjenester mot 2040")).to_be_visible()
    page.get_by_role("link", name="Legg til et scenario").click()
    page.get_by_label("Navn").fill("Færre plasser")
    page.get_by_label("Endrer").first.select_option(label="Dekningsgrad (prosentpoeng)")
    page.get_by_label("Aldersgruppe").first.select_option(label="90 år og over")
    page.get_by_label("Endring").first.fill("-3")
    page.get_by_label("Nådd innen").first.fill("2035")
    _check(page)
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("Scenarioet er lagret.")).to_be_visible()
    expect(page.get_by_text("Dekningsgrad, 90 år og over: -3,0 prosentpoeng, fra basisåret til 2035")).to_be_visible()
    assert ProjectionScenario.objects.filter(name="Færre plasser").exists()
    page.get_by_role("link", name="Legg inn folkemengden").first.click()
    expect(page.get_by_label("80–89 år i 2030")).to_be_visible()
    _check(page)
