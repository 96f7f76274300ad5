"""axe-core on the main pages of the web issue, each also photographed at desktop and phone width.

Every page is checked as a person meets it (filled with realistic data, and with its error state
where it has one); ``axe`` fails on any serious or critical violation. Collapsed ``<details>`` are
opened first, so their content is checked too. Screenshots: test-artifacts/screenshots/a11y-*.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from prioritet.accounts.models import Municipality, Role, User
from prioritet.accounts.testing import lead, make_service_area
from prioritet.cases import services
from prioritet.cases.models import AlternativeKind, Case
from prioritet.cases.testing import on_team

from .helpers import axe, open_case_section, screenshot
from .seed import HOME_TEAM, decide_top, individual_case


def check(page: Page, name: str) -> None:
    """Open every ``<details>``, run axe and take the two screenshots."""
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    axe(page)
    screenshot(page, f"a11y-{name}")


@dataclass
class World:
    caseworker: User
    leader: User
    open_case: Case
    decided_case: Case
    new_case: Case


@pytest.fixture
def world(user_factory: Callable[..., User], municipality: Municipality) -> World:
    """A caseworker's municipality with cases in every state, enough for two pages of the list."""
    area = make_service_area(municipality, "Rehabilitering")
    caseworker = user_factory(Role.CASEWORKER, username="ingrid", first_name="Ingrid", last_name="Berg")
    health = user_factory(Role.HEALTH_PERSONNEL, username="ola", first_name="Ola", last_name="Hansen")
    leader = user_factory(Role.LEADER, username="marte", first_name="Marte", last_name="Lie")
    lead(leader, area)  # she leads the area, so its individual cases are hers to see
    for n in range(26):
        services.create_case(
            municipality,
            caseworker,
            no_action_consequence="Behovet øker.",
            level="individual",
            title=f"Søknad om praktisk bistand nr. {n + 1}",
            case_reference=f"SAK-2025-{n + 100:04d}",
            service_area=area if n % 2 else None,
        )
    new_case = individual_case(caseworker, title="Søknad om trygghetsalarm", reference="SAK-2025-0500", assessed=False)
    decided_case = individual_case(caseworker, title="Søknad om dagaktivitet", reference="SAK-2025-0501")
    decide_top(decided_case, caseworker, due_in_days=20)
    overdue = individual_case(caseworker, title="Søknad om avlastning", reference="SAK-2025-0502")
    decide_top(overdue, caseworker, due_in_days=10)
    Case.objects.filter(pk=overdue.pk).update(reassessment_due=timezone.localdate() - datetime.timedelta(days=3))
    open_case = individual_case(caseworker, title="Søknad om rehabilitering etter lårhalsbrudd")
    # A second assessor who disagrees, so the judgment shows a rounded median.
    home = open_case.alternatives.get(title=HOME_TEAM)
    on_team(open_case, health)
    services.save_assessment(home, health, None, {"benefit": 5, "resources": 2})
    for case in (open_case, decided_case, new_case):
        for user in (caseworker, health, leader):
            services.record_access(case, user, "detail")
    for case in (open_case, decided_case, new_case):
        case.refresh_from_db()
    return World(caseworker, leader, open_case, decided_case, new_case)


def test_login(page: Page) -> None:
    page.goto("/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Logg inn i Prioritet")
    check(page, "login")


def test_dashboard(page: Page, login_as: Callable[..., User], world: World) -> None:
    login_as(world.caseworker)
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Velkommen, Ingrid")
    check(page, "dashboard-caseworker")


def test_case_list(page: Page, login_as: Callable[..., User], world: World) -> None:
    login_as(world.caseworker)
    page.goto("/cases/")
    expect(page.get_by_role("status")).to_have_text("30 saker")
    expect(page.get_by_role("navigation", name="Sider")).to_contain_text("Side 1 av 2")
    check(page, "case-list")

    # An individual case is found by its reference only, never by words of its title (issue 13 §1).
    page.get_by_label("Søk i tittel").fill("SAK-2025-0501")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.get_by_role("status")).to_have_text("1 sak")
    check(page, "case-list-search")

    page.get_by_label("Søk i tittel").fill("finnes ikke")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.get_by_text("Ingen saker passer med filteret.")).to_be_visible()
    axe(page)


def test_case_detail_of_an_open_assessed_case(page: Page, login_as: Callable[..., User], world: World) -> None:
    login_as(world.caseworker)
    page.goto(f"/cases/{world.open_case.pk}/")
    # The sections are tabs (issue 15): each opens its own part of the page, and only that part shows.
    for tab, section in (
        ("Behov og alvorlighet", "Oversikt"),
        ("Alternativer og vurderinger", "Alternativer og vurderinger"),
        ("Beslutning", "Beslutning"),
        ("Historikk", "Historikk"),
        ("Samlet vurdering", "Samlet vurdering"),
    ):
        open_case_section(page, tab)
        region = page.get_by_role("region", name=section, exact=True)
        expect(region.get_by_role("heading", level=2)).to_be_in_viewport()
        expect(page.get_by_role("tabpanel")).to_have_count(1)
    chart = page.get_by_role("img", name="Verdien av hvert alternativ i den samlede vurderingen (0–100)")
    expect(chart).to_be_visible()
    expect(page.get_by_text("median 4,5, avrundet")).to_have_count(2)  # the table and the judgment
    check(page, "case-detail-open")


def test_case_detail_of_a_new_and_of_a_decided_case(page: Page, login_as: Callable[..., User], world: World) -> None:
    login_as(world.caseworker)
    page.goto(f"/cases/{world.new_case.pk}/")
    # A new case has no severity of its need yet (issue 11): the judgment asks for it first.
    open_case_section(page, "Samlet vurdering")
    expect(page.get_by_role("region", name="Samlet vurdering")).to_contain_text(
        "Alvorlighetsgraden til behovet må vurderes"
    )
    check(page, "case-detail-new")

    page.goto(f"/cases/{world.decided_case.pk}/")
    expect(page.get_by_role("region", name="Beslutning")).to_contain_text("Besluttet av")
    expect(page.get_by_role("button", name="Åpne saken for revurdering")).to_be_visible()
    check(page, "case-detail-decided")


def test_case_create(page: Page, login_as: Callable[..., User], world: World) -> None:
    login_as(world.caseworker)
    page.goto("/cases/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny sak")
    check(page, "case-create")
    page.get_by_role("button", name="Opprett sak").click()
    expect(page.locator(".ds-error-summary")).to_be_focused()
    check(page, "case-create-errors")


def test_assessment_form(page: Page, login_as: Callable[..., User], world: World) -> None:
    login_as(world.caseworker)
    alternative = world.new_case.alternatives.get(kind=AlternativeKind.NO_ACTION)
    page.goto(f"/cases/{world.new_case.pk}/alternatives/{alternative.pk}/assessment/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Din vurdering")
    check(page, "assessment")
    page.get_by_role("button", name="Lagre vurderingen").click()  # nothing scored: errors, via htmx
    expect(page.get_by_role("group", name="Nytte", exact=True)).to_contain_text("Feltet er påkrevet.")
    check(page, "assessment-errors")


def test_decision_form(page: Page, login_as: Callable[..., User], world: World) -> None:
    login_as(world.caseworker)
    page.goto(f"/cases/{world.open_case.pk}/decide/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Registrer beslutningen")
    check(page, "decision")
    page.get_by_role("group", name="Valgt alternativ").get_by_label("Ikke starte, utsette eller avslutte").check()
    page.get_by_role("button", name="Registrer beslutningen").click()
    expect(page.locator(".ds-error-summary")).to_be_focused()
    check(page, "decision-errors")


def test_due_for_reassessment(page: Page, login_as: Callable[..., User], world: World) -> None:
    login_as(world.caseworker)
    page.goto("/cases/due/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Til revurdering")
    rows = page.get_by_role("table").get_by_role("row")
    expect(rows).to_have_count(3)  # the header and two cases, overdue first
    # A list shows an individual case by its reference, never its title (issue 13 §1).
    expect(rows.nth(1)).to_contain_text("SAK-2025-0502")
    expect(rows.nth(1)).not_to_contain_text("Søknad om avlastning")
    expect(rows.nth(1)).to_contain_text("Forfalt")
    check(page, "due")


def test_access_log(page: Page, login_as: Callable[..., User], world: World) -> None:
    login_as(world.leader)
    page.goto("/cases/access-log/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tilgangslogg")
    expect(page.get_by_role("table")).to_contain_text("Ola Hansen")
    check(page, "access-log")


def test_weights_list(page: Page, login_as: Callable[..., User], world: World) -> None:
    login_as(world.caseworker)
    page.goto("/weights/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Vektene for kriteriene")
    check(page, "weights")


def test_other_case_forms(page: Page, login_as: Callable[..., User], world: World) -> None:
    """Edit case, edit alternative and change phase: the smaller forms the flow passes through."""
    login_as(world.caseworker)
    case = world.open_case
    page.goto(f"/cases/{case.pk}/edit/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Endre sak")
    check(page, "case-edit")
    no_action = case.alternatives.get(kind=AlternativeKind.NO_ACTION)
    page.goto(f"/cases/{case.pk}/alternatives/{no_action.pk}/edit/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Endre alternativ")
    axe(page)
    page.goto(f"/cases/{case.pk}/phase/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Endre fase")
    axe(page)


#: WCAG 2.1 SC 1.4.10 (Reflow, AA): content fits 320 CSS pixels without scrolling sideways. A wide
#: data table may scroll inside its own box (``.pri-table-wrap``), never the whole page.
REFLOW = {"width": 320, "height": 800}
REFLOW_PAGES = {
    "dashboard": "/",
    "case-list": "/cases/",
    "case-create": "/cases/new/",
    "case-detail": "/cases/{open}/",
    "assessment": "/cases/{new}/alternatives/{no_action}/assessment/",
    "decision": "/cases/{open}/decide/",
    "due": "/cases/due/",
    "weights": "/weights/",
}


@pytest.mark.parametrize("name", REFLOW_PAGES)
def test_page_reflows_at_320_pixels(page: Page, login_as: Callable[..., User], world: World, name: str) -> None:
    login_as(world.caseworker)
    no_action = world.new_case.alternatives.get(kind=AlternativeKind.NO_ACTION)
    page.set_viewport_size(REFLOW)
    page.goto(REFLOW_PAGES[name].format(open=world.open_case.pk, new=world.new_case.pk, no_action=no_action.pk))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    overflow = page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          const culprits = [];
          for (const el of document.querySelectorAll('main *')) {
            const right = el.getBoundingClientRect().right;
            if (right > width + 1 && el.parentElement.getBoundingClientRect().right <= width + 1) {
              culprits.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} (${Math.round(right)} px)`);
            }
          }
          return {scroll: document.documentElement.scrollWidth, width, culprits: culprits.slice(0, 6)};
        }"""
    )
    assert overflow["scroll"] <= overflow["width"], f"the page scrolls sideways at 320 px: {overflow}"


def test_case_form_speaks_norwegian(page: Page, login_as: Callable[..., User], world: World) -> None:
    """Every word of the form is Norwegian, the empty choice of a select too."""
    login_as(world.caseworker)
    page.goto("/cases/new/")
    empty_choice = page.get_by_label("Tjenesteområde").locator("option").first
    expect(empty_choice).to_have_attribute("value", "")
    expect(empty_choice).not_to_have_text("- Select an option -")


def test_overview_by_service_area(page: Page, login_as: Callable[..., User], world: World) -> None:
    login_as(world.leader)
    page.goto("/cases/")
    page.get_by_role("link", name="Oversikt per tjenesteområde").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Oversikt per tjenesteområde")
    expect(page.get_by_text("Bare nivåene du kan lese, telles med.")).to_be_visible()
    expect(page.get_by_role("table").get_by_role("row").first).to_contain_text("Forberede")
    check(page, "overview")
