"""A consultation round (høring) from the leader's pages to the summary in the saksframlegg.

The leader opens a round with three invited groups through the pages and copies the links. Two
invitees answer in their own browser profiles, without an account: one saves a draft, comes back
through the same link and submits; the other double-clicks «Send inn», and exactly one answer is
stored. A used link and an expired link each get a clear page (HTTP 410). After the deadline (moved
into the past in the database) the round's summary shows both answers beside the administration's
assessment, and so does the saksframlegg. axe checks every page on the way. (The PDF's text is
checked in src/prioritet/participation/tests/test_views.py.)
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, expect

from prioritet.accounts.models import Role, User
from prioritet.cases.testing import decided_case
from prioritet.participation.models import Response, Round

from .helpers import DESKTOP, axe, open_case_section, screenshot

MEASURE = "Starte Larvikshjelpa"
WAIT = "Vente et år"
QUESTION = "Hvordan ser dere oppstart av Larvikshjelpa?"
DRAFT_TEXT = "Eldrerådet støtter et lavterskeltilbud."
FINAL_TEXT = "Eldrerådet støtter et lavterskeltilbud, særlig for eldre som bor alene."
UNION_TEXT = "Omdisponering av stillinger må skje i samarbeid med de tillitsvalgte."


@pytest.fixture
def anonymous(browser: Browser, live_server: Any) -> Iterator[Callable[[], Page]]:
    """``anonymous()`` opens a tab in a fresh browser profile: an invitee with no account and no cookies."""
    contexts: list[BrowserContext] = []

    def open_tab() -> Page:
        context = browser.new_context(base_url=live_server.url, viewport=DESKTOP, locale="nb-NO")
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_tab
    for context in contexts:
        context.close()


def _choose(page: Page, alternative: str, criterion: str, word: str) -> None:
    page.get_by_role("group", name=alternative).get_by_role("group", name=criterion).get_by_label(word).check()


def test_a_consultation_round_from_invitation_to_summary(
    page: Page, login_as: Callable[..., User], anonymous: Callable[[], Page]
) -> None:
    leader = login_as(Role.LEADER, username="marte", first_name="Marte", last_name="Lie")
    case, _ = decided_case(leader, [(MEASURE, (4, 2)), (WAIT, (2, 1))], severity=4, title="Oppstart av Larvikshjelpa")

    # The leader opens a round from the case page, with three invited groups.
    page.goto(f"/cases/{case.pk}/")
    page.get_by_role("link", name="Høringer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Høringer")
    axe(page)
    page.get_by_role("link", name="Åpne en høring").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Åpne en høring")
    axe(page)
    page.get_by_label("Spørsmål").fill(QUESTION)
    deadline = timezone.localtime() + datetime.timedelta(days=14)
    page.get_by_label("Frist").fill(deadline.strftime("%Y-%m-%dT%H:%M"))
    invitations = [("Eldreråd", "Eldrerådet i Larvik"), ("Tillitsvalgte", "Fagforbundet"), ("Ungdomsråd", "")]
    for number, (group, label) in enumerate(invitations, start=1):
        row = page.get_by_role("group", name=f"Invitasjon {number}")
        row.get_by_label("Gruppe").select_option(label=group)
        if label:
            row.get_by_label("Organisasjon eller navn på organet").fill(label)
    screenshot(page, "participation-open-round")
    page.get_by_role("button", name="Åpne høringen").click()

    expect(page.get_by_text("Høringen er åpnet.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Høring")
    links = [text.strip() for text in page.get_by_test_id("invitation-link").all_inner_texts()]
    assert len(links) == 3
    assert len(set(links)) == 3
    axe(page)
    screenshot(page, "participation-links")
    elderly, union, youth = links

    # Invitee 1 saves a draft, comes back through the same link, and submits.
    first = anonymous()
    first.goto(elderly)
    expect(first.get_by_text("Invitasjon til Eldrerådet i Larvik (Eldreråd).")).to_be_visible()
    axe(first)
    screenshot(first, "participation-answer-form")
    _choose(first, MEASURE, "Nytte", "5 – svært stor")
    # Severity is the need's: asked once, before the alternatives, not per alternative.
    expect(first.get_by_role("group", name=MEASURE).get_by_role("group", name="Alvorlighet")).to_have_count(0)
    first.get_by_role("group", name="Behovets alvorlighet").get_by_label("4 – høy").check()
    first.get_by_label("Hvorfor ser du behovet slik?").fill("Mange venter på hjelp.")
    first.get_by_role("group", name=MEASURE).get_by_label("Hvorfor ser du det slik?").fill("Mange venter for lenge.")
    first.get_by_label("Andre innspill").fill(DRAFT_TEXT)
    first.get_by_role("button", name="Lagre utkast").click()
    expect(first.get_by_text("Utkastet ditt ble lagret")).to_be_visible()
    assert Response.objects.get().status == "draft"
    first.goto(elderly)
    expect(first.get_by_text("Du har et utkast lagret")).to_be_visible()
    expect(first.get_by_label("Andre innspill")).to_have_value(DRAFT_TEXT)
    nytte = first.get_by_role("group", name=MEASURE).get_by_role("group", name="Nytte")
    expect(nytte.get_by_label("5 – svært stor")).to_be_checked()
    first.get_by_label("Andre innspill").fill(FINAL_TEXT)
    first.get_by_label("Hvem taler du for?").fill("Eldrerådet, enstemmig")
    first.get_by_role("button", name="Send inn").click()
    expect(first.get_by_role("heading", name="Takk for svaret")).to_be_visible()
    axe(first)

    # Invitee 2 double-clicks «Send inn»: one answer.
    second = anonymous()
    second.goto(union)
    _choose(second, MEASURE, "Nytte", "4 – stor")
    _choose(second, MEASURE, "Ressurs", "3 – moderat")
    second.get_by_label("Andre innspill").fill(UNION_TEXT)
    second.get_by_role("button", name="Send inn").dblclick()
    expect(second.get_by_role("heading", name="Takk for svaret")).to_be_visible()
    assert Response.objects.filter(invitation__label="Fagforbundet").count() == 1
    assert Response.objects.filter(status="submitted").count() == 2

    # A used link: a clear page, 410.
    used = first.goto(elderly)
    assert used is not None
    assert used.status == 410
    expect(first.get_by_role("heading", name="Svaret er mottatt")).to_be_visible()
    expect(first.get_by_text("Denne lenken er brukt")).to_be_visible()
    axe(first)
    screenshot(first, "participation-used-link")

    # The deadline passes: the third link gets a clear page, 410.
    Round.objects.filter(case=case).update(deadline=timezone.now() - datetime.timedelta(minutes=1))
    third = anonymous()
    expired = third.goto(youth)
    assert expired is not None
    assert expired.status == 410
    expect(third.get_by_role("heading", name="Høringen er avsluttet")).to_be_visible()
    axe(third)
    screenshot(third, "participation-expired-link")

    # The summary: both answers beside the administration's assessment.
    round_ = Round.objects.get(case=case)
    page.goto(f"/cases/{case.pk}/rounds/{round_.pk}/")
    expect(page.get_by_text("2 svar ble sendt inn")).to_be_visible()
    table = page.get_by_role(
        "table", name=f"Syn på «{MEASURE}»: antall svar per verdi, ved siden av administrasjonens vurdering"
    )
    expect(table).to_be_visible()
    expect(table.get_by_role("rowheader", name="Nytte – administrasjonens vurdering: 4 – stor")).to_be_visible()
    expect(table.get_by_role("row", name="Eldreråd 0 0 0 0 1 0 5").first).to_be_visible()
    need = page.get_by_role(
        "table", name="Syn på behovets alvorlighet: antall svar per verdi, ved siden av administrasjonens vurdering"
    )
    expect(need.get_by_role("rowheader", name="Alvorlighet – administrasjonens vurdering: 4 – høy")).to_be_visible()
    expect(need.get_by_role("row", name="Eldreråd 0 0 0 1 0 0 4").first).to_be_visible()
    expect(page.get_by_text("Mange venter på hjelp.")).to_be_visible()
    expect(page.get_by_text(FINAL_TEXT)).to_be_visible()
    expect(page.get_by_text(UNION_TEXT)).to_be_visible()
    axe(page)
    screenshot(page, "participation-summary")

    # The case page lists the round with its answers.
    page.goto(f"/cases/{case.pk}/")
    open_case_section(page, "Medvirkning")
    listed = page.locator("#section-consultation")
    expect(listed.get_by_role("heading", name="Høring og medvirkning")).to_be_visible()
    expect(listed.get_by_role("row", name=QUESTION)).to_contain_text("Avsluttet")
    expect(listed.get_by_role("row", name=QUESTION)).to_contain_text("2")
    axe(page)

    # The saksframlegg holds the summary.
    page.goto(f"/cases/{case.pk}/report/")
    section = page.locator("#section-consultation")
    expect(section.get_by_role("heading", name="Høring og medvirkning")).to_be_visible()
    expect(section.get_by_text(FINAL_TEXT)).to_be_visible()
    expect(section.get_by_text("administrasjonens vurdering: 4 – stor").first).to_be_visible()
    axe(page)
