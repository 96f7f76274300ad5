"""The national example bank in the browser: search, filter, read, reuse, share and de-identify.

Set-up (decided cases, another municipality's shared example, the guideline's worked cases) is
written through the services; the tests drive through the pages what they test. Screenshots go to
test-artifacts/screenshots/examples-*.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable

from django.apps import apps
from playwright.sync_api import Page, expect

from prioritet.accounts.models import Municipality, Role, User
from prioritet.accounts.testing import make_municipality, make_user
from prioritet.cases.models import AlternativeKind, Case, Level
from prioritet.cases.testing import decided_case, on_team
from prioritet.examples import services
from prioritet.examples.models import Example

from .helpers import axe, screenshot

worked_cases = importlib.import_module("prioritet.examples.migrations.0003_seed_examples")
credit = importlib.import_module("prioritet.examples.migrations.0007_credit_worked_examples")

SHARED_TITLE = "Felles nattpatrulje for hjemmetjenesten"


def _shared_by_another_municipality() -> Example:
    """Sandefjord's decided service case, shared in the bank by its leader."""
    sandefjord = make_municipality("Sandefjord kommune", number="3907", population=65_000)
    leader = make_user(Role.LEADER, municipality=sandefjord, username="leder-sandefjord")
    case, _ = decided_case(
        leader,
        [("Felles nattpatrulje", (4, 3)), ("Egen nattpatrulje i hver sone", (4, 5))],
        severity=4,
        title=SHARED_TITLE,
        description="Nattpatruljen samordnes for hele kommunen.",
        justification="Samme tilsyn med færre ressurser.",
    )
    return services.publish_case(case, leader)


def test_search_filter_open_and_use_as_template(page: Page, login_as: Callable[..., User], municipality: Municipality):
    worked_cases.add_examples(apps, None)  # a transactional test elsewhere may have flushed them
    credit.credit_presentation(apps, None)
    shared = _shared_by_another_municipality()
    login_as(Role.LEADER, username="leder-larvik")

    page.goto("/")
    page.get_by_role("link", name="Eksempelbank").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Eksempelbank")
    expect(page.locator(".pri-example-result")).to_have_count(4)
    axe(page)
    screenshot(page, "examples-search")

    page.get_by_role("searchbox", name=re.compile("^Søk")).fill("nattpatrulje")
    page.get_by_role("button", name="Søk").click()
    results = page.locator(".pri-example-result")
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text(SHARED_TITLE)
    expect(results.first).to_contain_text("Sandefjord kommune")

    # Filter without words: the political level, then a low resource profile.
    page.get_by_role("searchbox", name=re.compile("^Søk")).fill("")
    page.get_by_label("Nivå").select_option(Level.POLITICAL)
    page.get_by_role("button", name="Søk").click()
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("Økt dagaktivitetstilbud til personer med demens")
    page.get_by_label("Nivå").select_option("")
    page.get_by_label("Ressurs").select_option("low")
    page.get_by_role("button", name="Søk").click()
    expect(results).to_have_count(2)  # Larvikshjelpa and the day activities (2 – lite)
    expect(page.get_by_role("link", name=SHARED_TITLE)).to_have_count(0)
    axe(page)

    page.get_by_label("Ressurs").select_option("")
    page.get_by_role("searchbox", name=re.compile("^Søk")).fill("nattpatrulje")
    page.get_by_role("button", name="Søk").click()
    page.get_by_role("link", name=SHARED_TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(SHARED_TITLE)
    table = page.get_by_role("table")
    expect(table).to_contain_text("4 – høy")
    expect(table).to_contain_text("3 – moderat")
    expect(page.locator(".pri-chosen")).to_contain_text("Felles nattpatrulje")
    expect(page.get_by_role("button", name="Trekk tilbake fra eksempelbanken")).to_have_count(0)
    axe(page)
    screenshot(page, "examples-detail")

    page.get_by_role("link", name="Bruk som mal").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bruk som mal")
    expect(page.get_by_label("Tittel på den nye saken")).to_have_value(SHARED_TITLE)
    # The example carries the no-action alternative's consequence; the user may rewrite it.
    consequence = page.get_by_label("Konsekvens av å ikke starte, utsette eller avslutte")
    expect(consequence).not_to_have_value("")
    consequence.fill("Ujevnt tilsyn om natten i vår kommune.")
    axe(page)
    page.get_by_role("button", name="Opprett saken").click()

    expect(page).to_have_url(re.compile(r"/cases/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(SHARED_TITLE)
    case = Case.objects.get(municipality=municipality, title=SHARED_TITLE)
    assert f"Utgangspunkt: eksempel «{SHARED_TITLE}» fra eksempelbanken." in case.description
    assert list(case.alternatives.filter(kind=AlternativeKind.MEASURE).values_list("title", flat=True)) == [
        "Felles nattpatrulje",
        "Egen nattpatrulje i hver sone",
    ]
    assert case.alternatives.get(kind=AlternativeKind.NO_ACTION).description == "Ujevnt tilsyn om natten i vår kommune."
    assert not case.decisions.exists()
    assert shared.source_case.municipality != municipality


def test_leader_shares_a_decided_service_case(page: Page, login_as: Callable[..., User]):
    leader = login_as(Role.LEADER, username="leder-deler")
    case, _ = decided_case(
        leader,
        [("Starte Larvikshjelpa", (4, 2)), ("Vente et år", (2, 1))],
        severity=4,
        title="Oppstart av Larvikshjelpa i Larvik",
        justification="Ventetid er en betydelig risikofaktor.",
    )
    page.goto(f"/cases/{case.pk}/")
    page.get_by_role("link", name="Del i eksempelbanken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Del i eksempelbanken")
    expect(page.get_by_role("table")).to_contain_text("Starte Larvikshjelpa")
    expect(page.locator(".pri-dl").first).to_contain_text("Larvik kommune")
    axe(page)
    screenshot(page, "examples-publish")
    page.get_by_role("button", name="Del i eksempelbanken").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Oppstart av Larvikshjelpa i Larvik")
    expect(page.get_by_text("Saken er delt i eksempelbanken.")).to_be_visible()
    example = Example.objects.get(source_case=case)
    assert example.source_label == "Larvik kommune"
    assert not example.withdrawn

    # The publishing leader may withdraw it again.
    page.get_by_role("button", name="Trekk tilbake fra eksempelbanken").click()
    expect(page.get_by_text("Eksempelet er trukket tilbake fra eksempelbanken.")).to_be_visible()
    example.refresh_from_db()
    assert example.withdrawn


def test_leader_de_identifies_an_individual_case(
    page: Page, login_as: Callable[..., User], user_factory: Callable[..., User]
):
    caseworker = user_factory(Role.CASEWORKER, username="saksbehandler-b")
    case, _ = decided_case(
        caseworker,
        [("Rehabiliteringsopphold i institusjon", (4, 4)), ("Rehabiliteringsteam i hjemmet", (4, 3))],
        severity=4,
        level=Level.INDIVIDUAL,
        title="Rehabilitering for Kari, født 12.03.1948",
        case_reference="SAK-2025-0042",
        justification="Samme nytte, lavere ressursbruk.",
    )
    on_team(case, login_as(Role.LEADER, username="leder-avid"))  # the leader on the case's team shares it
    page.goto(f"/cases/{case.pk}/")
    page.get_by_role("link", name="Del i eksempelbanken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Del et avidentifisert eksempel")
    expect(page.get_by_label("Tittel", exact=True)).to_have_value("Rehabilitering for Kari, født 12.03.1948")
    axe(page)
    screenshot(page, "examples-deidentify")

    # As it is: the date in the title and the unticked checklist are refused; nothing is saved.
    page.get_by_role("button", name="Del det avidentifiserte eksempelet").click()
    summary = page.locator(".ds-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("fødselsdato")
    expect(summary).to_contain_text("Bekreft at det ikke står noen navn.")
    assert not Example.objects.filter(source_case=case).exists()
    axe(page)

    page.get_by_label("Tittel", exact=True).fill("Rehabilitering etter lårhalsbrudd for en eldre person")
    for label in (
        "Det står ingen navn",
        "Det står ingen fødselsnumre",
        "Det står ingen adresser",
        "Det står ingen sjeldne detaljer",
    ):
        page.get_by_label(re.compile(label)).check()
    page.get_by_role("button", name="Del det avidentifiserte eksempelet").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Rehabilitering etter lårhalsbrudd for en eldre person")
    expect(page.get_by_text("Avidentifisert, kommunen vises ikke").first).to_be_visible()
    example = Example.objects.get(source_case=case)
    assert example.deidentified_confirmed
    assert example.source_label == ""
    assert "SAK-2025-0042" not in example.search_document.upper()
