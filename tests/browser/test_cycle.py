"""The five phases in a real browser: the seed's individual case (the 75-year-old) and a service case go
through forberede → planlegge → utføre → evaluere → følge opp. A forward move with unmet exit
conditions is refused with the list; the checklist's links lead to where to fix them; the service
case's expected effect is evaluated with a realised value; the individual case's vedtak is
reassessed; following up opens a follow-up case (or closes the case) and shares the lesson. Every new
page state is axe-clean and drawn at phone and desktop width."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.utils import timezone
from playwright.sync_api import Page, expect

from prioritet.accounts.models import Role, User
from prioritet.accounts.testing import make_service_area
from prioritet.cases import services
from prioritet.cases.models import Case, Level, Phase
from prioritet.cases.testing import scores
from prioritet.examples.models import Example

from . import seed
from .helpers import axe, screenshot


def _current_phase(page: Page) -> str:
    return page.get_by_test_id("phase-stepper").locator('[aria-current="step"]').inner_text()


def _settle(page: Page) -> None:
    """Wait until the page's own requests (the history, loaded by htmx) are done, before the test
    writes or reads the database itself (the live server shares it)."""
    page.wait_for_load_state("networkidle")


def _move_on(page: Page, phase: str) -> None:
    page.get_by_role("button", name=f"Gå videre til «{phase}»").click()
    expect(page.get_by_text("Fasen er endret.")).to_be_visible()
    expect(page.get_by_test_id("phase-stepper").locator('[aria-current="step"]')).to_contain_text(phase)


def test_the_75_year_olds_case_goes_through_the_five_phases_to_a_follow_up_case(
    page: Page, login_as: Callable[..., User]
) -> None:
    caseworker = login_as(Role.CASEWORKER)
    case = seed.individual_case(caseworker)
    page.goto(f"/cases/{case.pk}/")
    assert "Forberede" in _current_phase(page)
    checklist = page.get_by_test_id("phase-checklist")
    expect(checklist.locator('[data-key="involvement"]')).to_contain_text("Mangler")
    expect(checklist.locator('[data-key="severity"]')).to_contain_text("Oppfylt")
    expect(page.get_by_test_id("phase-unmet")).to_contain_text("mangler ennå")
    axe(page)
    screenshot(page, "cycle-prepare-nb")

    # Moving on with an unmet exit condition is refused, with the list, in the user's language.
    page.get_by_label("Ny fase").select_option(Phase.PLAN)
    page.get_by_role("button", name="Endre fase").click()
    expect(
        page.get_by_text("Saken kan ikke gå videre til «Planlegge» ennå. Dette mangler:", exact=True)
    ).to_be_visible()
    expect(
        page.get_by_text("Hvem som berøres og hvordan de involveres, er planlagt (medvirkning)", exact=True)
    ).to_be_visible()
    axe(page)
    screenshot(page, "cycle-refused-nb")
    _settle(page)
    assert Case.objects.get(pk=case.pk).phase == Phase.PREPARE

    # The checklist's link leads to the case form, where the medvirkning plan is written.
    page.goto(f"/cases/{case.pk}/")
    page.get_by_test_id("phase-checklist").get_by_role("link", name="Hvem som berøres og hvordan").click()
    page.get_by_label("Hvem som berøres og hvordan de involveres").fill(
        "Personen og datteren deltar i kartleggingssamtalen; fastlegen gir innspill."
    )
    page.get_by_label("Styringsinformasjon saken bygger på").fill(
        "IPLOS-funksjonsprofil og ventetid på korttidsopphold."
    )
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_test_id("case-involvement")).to_contain_text("Personen og datteren")
    _move_on(page, "Planlegge")

    # Planlegge: the seed's two assessed alternatives and the combined judgment are in place.
    expect(page.get_by_test_id("phase-checklist").locator('[data-met="false"]')).to_have_count(0)
    axe(page)
    screenshot(page, "cycle-plan-nb")
    _settle(page)
    seed.decide_top(case, caseworker)
    page.reload()
    assert "Utføre" in _current_phase(page)
    _move_on(page, "Evaluere")

    # Evaluere: the vedtak is reassessed (reopened and decided again).
    checklist = page.get_by_test_id("phase-checklist")
    expect(checklist.locator('[data-key="reassessed"]')).to_contain_text("Mangler")
    page.get_by_label("Begrunnelse for revurderingen").fill("Revurdering etter tre uker med hjemmerehabilitering.")
    page.get_by_role("button", name="Åpne saken for revurdering").click()
    _settle(page)
    seed.decide_top(case, caseworker, due_in_days=90)
    page.goto(f"/cases/{case.pk}/")
    assert "Evaluere" in _current_phase(page)
    expect(page.get_by_test_id("phase-checklist").locator('[data-key="reassessed"]')).to_contain_text("Oppfylt")
    _move_on(page, "Følge opp")

    # Følge opp: adjusting opens the follow-up case, a new cycle linked both ways.
    page.get_by_test_id("phase-follow-up").click()
    axe(page)
    screenshot(page, "cycle-follow-up-form-nb")
    page.get_by_label("Justere").check()
    page.get_by_label("Hva vi lærte").fill("Hjemmerehabilitering ga raskere funksjon; færre besøk holder.")
    page.get_by_role("button", name="Lagre utfallet").click()
    expect(page.get_by_text("Oppfølgingssaken er åpnet")).to_be_visible()
    _settle(page)
    follow_up = Case.objects.get(follows=case)
    assert (follow_up.level, follow_up.case_reference, follow_up.phase) == (
        Level.INDIVIDUAL,
        case.case_reference,
        Phase.PREPARE,
    )
    assert "Forberede" in _current_phase(page)
    expect(page.get_by_test_id("follows").get_by_role("link")).to_have_text(case.title)
    axe(page)
    screenshot(page, "cycle-follow-up-case-nb")
    page.get_by_test_id("follows").get_by_role("link").click()
    expect(page.get_by_test_id("follow-up")).to_contain_text("Justere")
    expect(page.get_by_test_id("followed-by").get_by_role("link")).to_have_text(follow_up.title)
    axe(page)
    screenshot(page, "cycle-followed-up-nb")


def test_a_service_case_is_carried_out_evaluated_ended_and_its_lesson_shared(
    page: Page, login_as: Callable[..., User]
) -> None:
    leader = login_as(Role.LEADER)
    area = make_service_area(leader.municipality, "Helse og mestring")
    case = services.create_case(
        leader.municipality,
        leader,
        no_action_consequence="Ventelisten til dagaktivitet vokser; pårørende slites ut.",
        level=Level.SERVICE,
        title="Dagaktivitet for hjemmeboende med demens",
        description="Skal vi utvide dagaktivitetstilbudet?",
        service_area=area,
        severity=4,
        severity_justification="Høy: pårørende står i fare for å gi opp omsorgen.",
        involvement_plan="Brukerrådet og pårørendeskolen høres; pårørende intervjues.",
    )
    for title, (b, r) in (("Fire dager i uka", (4, 2)), ("To dager i uka", (3, 3))):
        alternative = services.add_alternative(case, leader, title=title)
        services.save_assessment(alternative, leader, None, scores(b, r))
    page.goto(f"/cases/{case.pk}/")
    _move_on(page, "Planlegge")
    _settle(page)
    seed.decide_top(case, leader)
    page.reload()
    assert "Utføre" in _current_phase(page)

    # Utføre: the effects app's conditions, with links to its page.
    checklist = page.get_by_test_id("phase-checklist")
    expect(checklist.locator('[data-key="implementation"]')).to_contain_text("Mangler")
    expect(checklist.locator('[data-key="expected_effects"]')).to_contain_text("Mangler")
    axe(page)
    screenshot(page, "cycle-carry-out-nb")
    checklist.get_by_role("link", name="Hvem som gjennomfører vedtaket").click()
    page.get_by_role("link", name="Registrer hvem som gjennomfører").click()
    page.get_by_label("Ansvarlig enhet").fill("Dagsenteret Furuly")
    page.get_by_label("Oppstartsdato").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Lagre").click()
    page.get_by_role("link", name="Legg til en forventet effekt").click()
    page.get_by_label("Forventet effekt").fill("Kortere venteliste")
    page.get_by_label("Indikator (valgfritt)", exact=True).fill("Personer på venteliste")
    page.get_by_label("Utgangsverdi", exact=True).fill("18")
    page.get_by_label("Mål", exact=True).fill("5")
    page.get_by_label("Evalueres innen").fill((timezone.localdate() + datetime.timedelta(days=180)).isoformat())
    page.get_by_role("button", name="Lagre").click()
    page.goto(f"/cases/{case.pk}/")
    _move_on(page, "Evaluere")

    # Evaluere: the realised value against the expected one, judged, with what was learnt.
    checklist = page.get_by_test_id("phase-checklist")
    expect(checklist.locator('[data-key="effects_evaluated"]')).to_contain_text("Mangler")
    checklist.get_by_role("link", name="Hver forventet effekt er evaluert").click()
    page.get_by_role("link", name="Evaluere «Kortere venteliste»").click()
    page.get_by_label("Oppnådd verdi", exact=True).fill("7")
    page.get_by_label("Delvis nådd").check()
    page.get_by_label("Hva vi lærte").fill("Transport var flaskehalsen; med fast sjåfør kom flere.")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("table")).to_contain_text("Delvis nådd")
    page.goto(f"/cases/{case.pk}/")
    expect(page.get_by_test_id("phase-checklist").locator('[data-key="effects_evaluated"]')).to_contain_text("Oppfylt")
    axe(page)
    screenshot(page, "cycle-evaluate-nb")
    _move_on(page, "Følge opp")

    # Følge opp: ending closes the case; the lesson is shared in the example bank in one step.
    page.get_by_test_id("phase-follow-up").click()
    page.get_by_label("Avslutte").check()
    page.get_by_label("Hva vi lærte").fill("Et lavterskeltilbud med transport nådde flere enn ventet.")
    page.get_by_role("button", name="Lagre utfallet").click()
    expect(page.get_by_text("Saken er avsluttet og lukket.")).to_be_visible()
    _settle(page)
    closed = Case.objects.get(pk=case.pk)
    assert closed.archived
    assert closed.closed_at is not None
    assert not Case.objects.filter(follows=case).exists()
    expect(page.get_by_test_id("follow-up")).to_contain_text("Avslutte")
    axe(page)
    screenshot(page, "cycle-ended-nb")
    page.get_by_role("link", name="Del lærdommen i eksempelbanken").click()
    expect(page.get_by_test_id("lesson")).to_contain_text("lavterskeltilbud")
    axe(page)
    screenshot(page, "cycle-share-lesson-nb")
    page.get_by_role("button", name="Del lærdommen i eksempelbanken").click()
    expect(page.get_by_text("Lærdommen er delt i eksempelbanken.")).to_be_visible()
    expect(page.get_by_test_id("example-lesson")).to_contain_text("lavterskeltilbud")
    _settle(page)
    assert Example.objects.get(source_case=case).lesson.startswith("Et lavterskeltilbud")
    axe(page)
