"""A political case from the municipal director's innstilling to a vedtak that departs from it.

The director makes the innstilling with its forslag til vedtak; a politician records the vedtak of
the municipal council: another text than proposed (an adopted amendment), votes for and against, a
rejected amendment too. The rules are shown on the form (a wrong saksnummer, a departure not
described). The saksframlegg ends with the innstilling and shows the vedtak; the public page shows
the two side by side (two columns at 1280 px, stacked at 390 px). Then the director carries the vedtak
out (who implements it, an expected effect), evaluates it (the realised value, how far it was reached,
what was learnt) and follows it up with a follow-up case: the political case through all five phases.
Every page is checked with axe; screenshots go to test-artifacts/screenshots/vedtak-*.
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from prioritet.accounts.models import Role
from prioritet.accounts.testing import make_service_area
from prioritet.cases import services
from prioritet.cases.models import AlternativeKind, Case, Level, Phase, PoliticalResolution, Recommendation, Status
from prioritet.cases.testing import assess, body_of
from prioritet.public import services as public_services
from prioritet.public.models import Publication

from .helpers import axe, open_case_section, screenshot
from .test_cycle import _current_phase, _move_on, _settle

TITLE = "Vurdere å øke dagaktivitetstilbudet til personer med demens"
FORSLAG = "Dagaktivitetstilbudet økes med 12 plasser fra 1. august 2026."
ADOPTED = "Dagaktivitetstilbudet økes med 12 plasser fra 1. mars 2026, og tilbudet evalueres etter ett år."
DEPARTURE = "Kommunestyret vedtok oppstart 1. mars i stedet for 1. august og ba om en evaluering."


def political_case(director) -> Case:
    area = make_service_area(director.municipality, "Demensomsorg og dagaktivitet")
    case = services.create_case(
        director.municipality,
        director,
        no_action_consequence="Høy risiko for isolasjon og pårørendebelastning.",
        level=Level.POLITICAL,
        title=TITLE,
        severity=4,
        severity_justification="Høy – risiko for isolasjon.",
        service_area=area,
        plan_process="economic_plan",
    )
    more = services.add_alternative(case, director, title="Øke dagaktivitetstilbudet")
    fewer = services.add_alternative(case, director, title="Seks nye plasser")
    assess(more, director, 4, 2, why_b="Stor – utsetter behov for sykehjem.")
    assess(fewer, director, 3, 2)
    assess(case.alternatives.get(kind=AlternativeKind.NO_ACTION), director, 1, 1)
    return case


def test_a_political_case_from_innstilling_to_a_departing_vedtak(page: Page, live_server, login_as, user_factory):
    director = user_factory(Role.DIRECTOR, username="direktor", first_name="Per", last_name="Dahl")
    politician = user_factory(Role.POLITICIAN, username="politiker", first_name="Sigrid", last_name="Aune")
    body_of(director.municipality, "Kommunestyret")
    body_of(director.municipality, "Formannskapet")
    case = political_case(director)
    detail = f"{live_server.url}/cases/{case.pk}/"

    # The director: «Lag innstilling» on the case page, the form, the innstilling on the case page.
    login_as(director)
    page.goto(detail)
    open_case_section(page, "Beslutning")  # the innstilling and the vedtak belong to the decision
    expect(page.get_by_role("heading", name="Kommunedirektørens innstilling")).to_be_visible()
    expect(page.get_by_role("link", name="Registrer vedtaket")).to_have_count(0)
    page.get_by_role("link", name="Lag innstilling").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lag innstilling")
    expect(page.get_by_role("radio", name="Øke dagaktivitetstilbudet")).to_be_checked()  # the first suggestion
    page.get_by_role("button", name="Registrer innstillingen").click()
    expect(page.locator("#id_proposed_resolution_error")).to_be_visible()
    page.get_by_label("Forslag til vedtak").fill(FORSLAG)
    page.get_by_label("Begrunnelse", exact=True).fill("Størst nytte for målgruppen til moderat kostnad.")
    axe(page)
    screenshot(page, "vedtak-innstilling-form")
    page.get_by_role("button", name="Registrer innstillingen").click()
    expect(page.get_by_role("status")).to_contain_text("Innstillingen ble registrert.")
    section = page.locator("#recommendation")
    expect(section).to_contain_text(FORSLAG)
    expect(section).to_contain_text("Per Dahl")
    assert Recommendation.objects.get(case=case).recommended_by == director
    axe(page)

    # A politician: the vedtak form starts from the innstilling; its rules are shown on the form.
    page.context.clear_cookies()
    login_as(politician)
    page.goto(detail)
    expect(page.get_by_role("link", name="Lag innstilling")).to_have_count(0)
    page.get_by_role("link", name="Registrer vedtaket").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Registrer vedtaket")
    expect(page.get_by_label("Vedtaket slik det ble fattet")).to_have_value(FORSLAG)
    page.get_by_label("Vedtaksorgan").select_option(label="Kommunestyret")
    page.get_by_label("Saksnummer i organet").fill("sak 45")
    page.get_by_label("Vedtaket slik det ble fattet").fill(ADOPTED)
    page.locator("#id_votes_for").fill("21")
    page.locator("#id_votes_against").fill("14")
    first = page.get_by_role("group", name="Endringsforslag 1")
    first.get_by_label("Fremmet av").fill("Arbeiderpartiet")
    first.get_by_label("Forslagstekst").fill("Oppstart 1. mars 2026, og tilbudet evalueres etter ett år.")
    first.get_by_label("Utfall").select_option(label="Vedtatt")
    first.get_by_label("Stemmer for").fill("21")
    first.get_by_label("Stemmer mot").fill("14")
    second = page.get_by_role("group", name="Endringsforslag 2")
    second.get_by_label("Fremmet av").fill("Fremskrittspartiet")
    second.get_by_label("Forslagstekst").fill("Utvidelsen begrenses til seks plasser.")
    page.get_by_role("button", name="Registrer vedtaket").click()
    # Wrong saksnummer, the departure not described, the second amendment's outcome missing.
    expect(page.locator("#id_saksnummer_error")).to_contain_text("for eksempel «PS 45/26»")
    expect(page.locator("#id_departure_description_error")).to_contain_text(
        "Vedtaket avviker fra innstillingen (et annet alternativ eller en annen tekst)"
    )
    expect(page.locator("#id_amendments-1-outcome_error")).to_contain_text(
        "Oppgi om endringsforslaget ble vedtatt eller falt."
    )
    assert Case.objects.get(pk=case.pk).status == Status.OPEN
    axe(page)
    screenshot(page, "vedtak-form-errors")
    page.get_by_label("Saksnummer i organet").fill("PS 45/26")
    page.get_by_label("Hvordan vedtaket avviker fra innstillingen").fill(DEPARTURE)
    second = page.get_by_role("group", name="Endringsforslag 2")
    second.get_by_label("Utfall").select_option(label="Falt")
    second.get_by_label("Stemmer for").fill("5")
    second.get_by_label("Stemmer mot").fill("30")
    page.get_by_role("button", name="Registrer vedtaket").click()
    expect(page.get_by_role("status")).to_contain_text("Vedtaket ble registrert.")
    resolution = PoliticalResolution.objects.get(decision__case=case)
    assert resolution.departs_from_recommendation
    assert resolution.saksnummer == "PS 45/26"
    assert [(a.proposed_by, a.adopted) for a in resolution.amendments.all()] == [
        ("Arbeiderpartiet", True),
        ("Fremskrittspartiet", False),
    ]
    vedtak = page.locator("#decision")
    for text in ("Kommunestyret", "PS 45/26", ADOPTED, "21 stemmer for, 14 mot", DEPARTURE, "falt"):
        expect(vedtak).to_contain_text(text)
    axe(page)
    screenshot(page, "vedtak-case-page")

    # The saksframlegg ends with the innstilling and shows the vedtak.
    page.goto(live_server.url + reverse("reports:saksframlegg", args=[case.pk]))
    headings = page.locator("article h2")
    expect(headings.nth(-2)).to_have_text("Kommunedirektørens innstilling")
    expect(headings.last).to_have_text("Vedtak")
    expect(page.locator("#recommendation")).to_contain_text(FORSLAG)
    expect(page.locator("#decision")).to_contain_text("Arbeiderpartiet")
    expect(page.locator("#decision")).to_contain_text("Avviker fra innstillingen")
    axe(page)
    screenshot(page, "vedtak-saksframlegg")

    # The public page: innstilling and vedtak side by side, stacked on a phone.
    public_services.publish(
        Case.objects.get(pk=case.pk), director, decided_by_body="Kommunestyret", summary="Flere plasser."
    )
    publication = Publication.objects.get(case=case)
    page.context.clear_cookies()
    page.goto(live_server.url + reverse("public:publication", args=[case.municipality.slug, publication.pk]))
    columns = page.locator(".pri-side-by-side__column")
    expect(columns).to_have_count(2)
    expect(columns.first).to_contain_text(FORSLAG)
    expect(columns.last).to_contain_text("Vedtak i Kommunestyret")
    expect(columns.last).to_contain_text(ADOPTED)
    expect(columns.last).to_contain_text("Arbeiderpartiet")
    left, right = columns.first.bounding_box(), columns.last.bounding_box()
    assert left is not None
    assert right is not None
    assert right["x"] > left["x"] + left["width"] - 1  # beside it
    assert abs(right["y"] - left["y"]) < 2
    axe(page)
    screenshot(page, "vedtak-public")
    page.set_viewport_size({"width": 390, "height": 844})
    left, right = columns.first.bounding_box(), columns.last.bounding_box()
    assert left is not None
    assert right is not None
    assert right["y"] >= left["y"] + left["height"] - 1  # below it
    axe(page)

    # Utføre: the director says who carries the vedtak out and what effect is expected.
    page.set_viewport_size({"width": 1280, "height": 800})
    login_as(director)
    page.goto(detail)
    assert "Utføre" in _current_phase(page)
    checklist = page.get_by_test_id("phase-checklist")
    expect(checklist.locator('[data-key="implementation"]')).to_contain_text("Mangler")
    checklist.get_by_role("link", name="Hvem som gjennomfører vedtaket").click()
    page.get_by_role("link", name="Registrer hvem som gjennomfører").click()
    page.get_by_label("Ansvarlig enhet").fill("Demensomsorg og dagaktivitet")
    page.get_by_label("Oppstartsdato").fill("2026-03-01")
    page.get_by_role("button", name="Lagre").click()
    page.get_by_role("link", name="Legg til en forventet effekt").click()
    page.get_by_label("Forventet effekt").fill("Færre på venteliste til dagaktivitet")
    page.get_by_label("Indikator (valgfritt)", exact=True).fill("Personer på venteliste")
    page.get_by_label("Utgangsverdi", exact=True).fill("14")
    page.get_by_label("Mål", exact=True).fill("2")
    page.get_by_label("Evalueres innen").fill((timezone.localdate() + datetime.timedelta(days=365)).isoformat())
    page.get_by_role("button", name="Lagre").click()
    page.goto(detail)
    expect(page.get_by_test_id("phase-checklist").locator('[data-met="false"]')).to_have_count(0)
    axe(page)
    screenshot(page, "vedtak-carry-out")
    _move_on(page, "Evaluere")

    # Evaluere: the realised value, how far the effect was reached, what was learnt.
    checklist = page.get_by_test_id("phase-checklist")
    expect(checklist.locator('[data-key="effects_evaluated"]')).to_contain_text("Mangler")
    checklist.get_by_role("link", name="Hver forventet effekt er evaluert").click()
    page.get_by_role("link", name="Evaluere «Færre på venteliste til dagaktivitet»").click()
    page.get_by_label("Oppnådd verdi", exact=True).fill("4")
    page.get_by_label("Delvis nådd").check()
    page.get_by_label("Hva vi lærte").fill("Oppstart i mars ga plass til flere før sommeren; transporten begrenset.")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("table")).to_contain_text("Delvis nådd")
    page.goto(detail)
    expect(page.get_by_test_id("phase-checklist").locator('[data-key="effects_evaluated"]')).to_contain_text("Oppfylt")
    axe(page)
    screenshot(page, "vedtak-evaluate")
    _move_on(page, "Følge opp")

    # Følge opp: adjusting opens a political follow-up case, linked both ways.
    page.get_by_test_id("phase-follow-up").click()
    page.get_by_label("Justere").check()
    page.get_by_label("Hva vi lærte").fill("Flere plasser hjelper; transporten må med i neste budsjett.")
    page.get_by_role("button", name="Lagre utfallet").click()
    expect(page.get_by_text("Oppfølgingssaken er åpnet")).to_be_visible()
    _settle(page)
    follow_up = Case.objects.get(follows=case)
    assert (follow_up.level, follow_up.phase) == (Level.POLITICAL, Phase.PREPARE)
    assert "Forberede" in _current_phase(page)
    expect(page.get_by_test_id("follows").get_by_role("link")).to_have_text(TITLE)
    axe(page)
    screenshot(page, "vedtak-follow-up-case")
