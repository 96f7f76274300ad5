"""The measures catalogue in the browser (issue 15): the municipal administrator creates an entry with
the keyboard only and edits it; a leader takes it into a service case as an alternative and into the
case's portfolio as a measure; a caseworker reads the catalogue but cannot change it. Every page is
checked with axe at phone (390 px) and desktop (1280 px) width and photographed."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from prioritet.accounts.models import Municipality, Role, User
from prioritet.accounts.testing import make_service_area
from prioritet.cases import services as case_services
from prioritet.cases.models import Level
from prioritet.catalogue.models import CatalogueEntry
from prioritet.portfolio import services as portfolio_services
from prioritet.portfolio.models import Measure, MeasureAmount

from .helpers import DESKTOP, PHONE, axe, screenshot
from .test_keyboard import tab_to

NAME = "Fallforebyggende treningsgrupper"


def _at_both_widths(page: Page, name: str) -> None:
    """axe and a screenshot at the phone's width and at the desktop's; the page is left at the desktop's."""
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        axe(page)
    screenshot(page, name)


def test_the_catalogue_from_the_administrator_to_a_case_and_its_portfolio(
    page: Page, login_as: Callable[..., User], user_factory: Callable[..., User], municipality: Municipality
) -> None:
    portfolio_services.ensure_default_columns(municipality)
    make_service_area(municipality, "Rehabilitering")
    login_as(Role.MUNICIPAL_ADMIN, username="anne", first_name="Anne", last_name="Moe")

    # The administrator opens a new entry and fills it in with the keyboard only.
    page.goto("/catalogue/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tiltakskatalog")
    _at_both_widths(page, "catalogue-empty")
    tab_to(page, page.get_by_role("link", name="Ny katalogoppføring"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny katalogoppføring")
    _at_both_widths(page, "catalogue-new")
    tab_to(page, page.get_by_label("Navn", exact=True))
    page.keyboard.type(NAME)
    tab_to(page, page.locator("textarea[name=description]"))
    page.keyboard.type("Styrke- og balansetrening i grupper to ganger i uka.")
    tab_to(page, page.locator("input[name=resource_cost_nok]"))
    page.keyboard.type("380 000")
    tab_to(page, page.get_by_role("button", name="Lagre"))
    page.keyboard.press("Enter")
    expect(page.get_by_text(f"«{NAME}» ble lagret i katalogen.")).to_be_visible()
    entry = CatalogueEntry.objects.get(name=NAME)
    assert entry.resources == {"cost_nok": "380000"}

    # And edits it: the form shows what is stored, the change is saved with its history.
    page.get_by_role("link", name=f"Rediger «{NAME}»").click()
    expect(page.get_by_label("Navn", exact=True)).to_have_value(NAME)
    page.locator("textarea[name=description]").fill("Styrke- og balansetrening for hjemmeboende eldre.")
    page.locator("input[name=resource_fte]").fill("0,4")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text(f"«{NAME}» ble lagret i katalogen.")).to_be_visible()
    row = page.get_by_role("row").filter(has_text=NAME)
    expect(row).to_contain_text("hjemmeboende eldre")
    _at_both_widths(page, "catalogue-list-admin")
    entry.refresh_from_db()
    assert entry.resources == {"cost_nok": "380000", "fte": "0.4"}
    assert entry.history.count() == 2

    # A leader takes it into an open service case as an alternative and into its portfolio as a measure.
    leader = user_factory(Role.LEADER, username="leder", first_name="Lise", last_name="Leder")
    case = case_services.create_case(
        municipality, leader, no_action_consequence="Flere fall.", level=Level.SERVICE, title="Fallforebygging"
    )
    portfolio = portfolio_services.create_portfolio(case, leader)
    login_as(leader)
    page.goto(f"/catalogue/for-case/{case.pk}/")
    expect(page.get_by_role("heading", level=2, name=NAME)).to_be_visible()
    _at_both_widths(page, "catalogue-pick")
    page.get_by_role("button", name=f"Legg til «{NAME}» som alternativ").click()
    expect(page.get_by_text(f"«{NAME}» ble lagt til som alternativ.")).to_be_visible()
    assert case.alternatives.filter(title=NAME, description=entry.description).exists()

    page.goto(f"/catalogue/for-case/{case.pk}/")
    page.get_by_text(f"Legg til «{NAME}» som tiltak i porteføljen").click()
    scores = page.locator(f"section[aria-labelledby=entry-{entry.pk}]")
    scores.get_by_label("Tiltakets id", exact=True).fill("fallforebygging")
    for label, value in (("Nytte", "4"), ("Alvorlighet", "3"), ("Ressurs", "2")):
        scores.get_by_label(label, exact=True).select_option(value)
    scores.get_by_role("button", name="Legg til som tiltak").click()
    expect(page.get_by_text(f"«{NAME}» ble lagt til som tiltak.")).to_be_visible()
    measure = Measure.objects.get(portfolio=portfolio, code="fallforebygging")
    assert (measure.name, measure.benefit, measure.severity, measure.resources) == (NAME, 4, 3, 2)
    amounts = {a.column.key: f"{a.amount.normalize():f}" for a in MeasureAmount.objects.filter(measure=measure)}
    assert amounts == {"cost_nok": "380000", "fte": "0.4"}


def test_a_caseworker_reads_the_catalogue_but_cannot_change_it(
    page: Page, login_as: Callable[..., User], user_factory: Callable[..., User], municipality: Municipality
) -> None:
    from prioritet.catalogue import services

    portfolio_services.ensure_default_columns(municipality)
    admin = user_factory(Role.MUNICIPAL_ADMIN, username="anne")
    entry = services.create_entry(municipality, admin, name=NAME, description="Trening i grupper.")
    login_as(Role.CASEWORKER, username="ingrid")

    page.goto("/catalogue/")
    expect(page.get_by_role("row").filter(has_text=NAME)).to_be_visible()
    expect(page.get_by_role("link", name="Ny katalogoppføring")).to_have_count(0)
    expect(page.get_by_role("link", name=f"Rediger «{NAME}»")).to_have_count(0)
    expect(page.get_by_role("button", name="Arkiver")).to_have_count(0)
    _at_both_widths(page, "catalogue-list-caseworker")
    for path in ("/catalogue/new/", f"/catalogue/{entry.pk}/edit/"):
        response = page.goto(path)
        assert response is not None, path
        assert response.status == 403, path
    entry.refresh_from_db()
    assert (entry.name, entry.version) == (NAME, 1)
