"""Implementation and expected effects in a real browser: a leader records who carries a decision out,
sets out an expected effect and evaluates it; the pages are axe-clean and drawn at phone and desktop width."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.utils import timezone
from playwright.sync_api import Page, expect

from prioritet.accounts.models import Role, User
from prioritet.cases.models import Level
from prioritet.cases.testing import decided_case
from prioritet.effects.models import ExpectedEffect

from .helpers import axe, screenshot


def test_a_leader_carries_out_a_decision_and_evaluates_its_effect(page: Page, login_as: Callable[..., User]) -> None:
    leader = login_as(Role.LEADER)
    case, _ = decided_case(leader, [("Dagsenter fire dager", (4, 3))], level=Level.SERVICE, title="Dagsenter")
    page.goto(f"/cases/{case.pk}/")
    page.get_by_role("link", name="Gjennomføring og forventede effekter").first.click()
    axe(page)
    page.get_by_role("link", name="Registrer hvem som gjennomfører").click()
    page.get_by_label("Ansvarlig enhet").fill("Hjemmetjenesten sone nord")
    page.get_by_label("Oppstartsdato").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Lagre").click()
    page.get_by_role("link", name="Legg til en forventet effekt").click()
    page.get_by_label("Forventet effekt").fill("Kortere ventetid")
    page.get_by_label("Indikator (valgfritt)", exact=True).fill("Dager fra søknad til oppstart")
    page.get_by_label("Utgangsverdi", exact=True).fill("45")
    page.get_by_label("Mål", exact=True).fill("20")
    page.get_by_label("Evalueres innen").fill((timezone.localdate() + datetime.timedelta(days=90)).isoformat())
    axe(page)
    screenshot(page, "effects-form-nb")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("Den forventede effekten er lagt til.")).to_be_visible()
    page.get_by_role("link", name="Evaluere «Kortere ventetid»").click()
    page.get_by_label("Oppnådd verdi", exact=True).fill("28")
    page.get_by_label("Delvis nådd").check()
    page.get_by_label("Hva vi lærte").fill("Transport var flaskehalsen.")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("table")).to_contain_text("Delvis nådd")
    axe(page)
    screenshot(page, "effects-for-case-nb")
    assert ExpectedEffect.objects.get().realised == 28


def test_the_effects_pages_and_the_overview_in_nynorsk_and_english(page: Page, login_as: Callable[..., User]) -> None:
    """The same pages after the language switch: headings, labels and the overview's phases in nn and en."""
    leader = login_as(Role.LEADER)
    case, _ = decided_case(leader, [("Dagsenter fire dager", (4, 3))], level=Level.SERVICE, title="Dagsenter")
    page.goto(f"/cases/{case.pk}/effects/")
    page.get_by_role("button", name="Nynorsk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gjennomføring og forventa effektar")
    page.get_by_role("link", name="Registrer kven som gjennomfører").click()
    page.get_by_label("Ansvarleg eining").fill("Heimetenesta sone nord")
    page.get_by_label("Oppstartsdato").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Lagre").click()
    page.get_by_role("link", name="Legg til ein forventa effekt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny forventa effekt")
    page.get_by_label("Forventa effekt").fill("Kortare ventetid")
    page.get_by_label("Indikator (valfritt)", exact=True).fill("Dagar frå søknad til oppstart")
    page.get_by_label("Utgangsverdi", exact=True).fill("45")
    page.get_by_label("Mål", exact=True).fill("20")
    page.get_by_label("Evaluerast innan").fill((timezone.localdate() - datetime.timedelta(days=1)).isoformat())
    axe(page)
    screenshot(page, "effects-form-nn")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("Den forventa effekten er lagd til.")).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("Evaluering forfallen")
    axe(page)
    screenshot(page, "effects-for-case-nn")
    page.goto("/cases/overview/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Oversikt per tenesteområde")
    expect(page.get_by_role("columnheader", name="Førebu")).to_be_visible()
    axe(page)

    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Overview by service area")
    expect(page.get_by_role("columnheader", name="Follow up")).to_be_visible()
    axe(page)
    screenshot(page, "cases-overview-en")
    page.goto(f"/cases/{case.pk}/effects/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Implementation and expected effects")
    expect(page.get_by_role("table")).to_contain_text("Evaluation overdue")
    page.get_by_role("link", name="Edit «Kortare ventetid»").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit expected effect: Kortare ventetid")
    page.go_back()
    page.get_by_role("link", name="Evaluate «Kortare ventetid»").click()
    page.get_by_label("Realised value", exact=True).fill("30")
    page.get_by_label("Partly achieved").check()
    page.get_by_label("What was learnt").fill("Transport was the bottleneck.")
    axe(page)
    screenshot(page, "effects-evaluate-en")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("table")).to_contain_text("Partly achieved")
    axe(page)
