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
    page.get_by_label("Indikator").fill("Dager fra søknad til oppstart")
    page.get_by_label("Utgangsverdi").fill("45")
    page.get_by_label("Mål", exact=True).fill("20")
    page.get_by_label("Evalueres innen").fill((timezone.localdate() + datetime.timedelta(days=90)).isoformat())
    axe(page)
    screenshot(page, "effects-form-nb")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("Den forventede effekten er lagt til.")).to_be_visible()
    page.get_by_role("link", name="Evaluere «Kortere ventetid»").click()
    page.get_by_label("Oppnådd verdi").fill("28")
    page.get_by_label("Delvis nådd").check()
    page.get_by_label("Hva vi lærte").fill("Transport var flaskehalsen.")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("table")).to_contain_text("Delvis nådd")
    axe(page)
    screenshot(page, "effects-for-case-nb")
    assert ExpectedEffect.objects.get().realised == 28
