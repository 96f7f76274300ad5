"""Hostile answers through the public form, in a real browser: nothing runs, nothing earlier is lost.

A citizen answers normally first. Then script-bearing text is sent through the form: it is stored as
text and shown escaped on the summary, the saksframlegg and the public page, where no script runs
(no dialog opens, no console error from the page). An oversized answer gets the 413 page, and past
the rate limit the form answers with the 429 page. The Django tests in
src/prioritet/participation/tests/test_views.py send the malformed requests a browser cannot.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.core.cache import caches
from django.utils import timezone
from playwright.sync_api import Dialog, Page, expect

from prioritet.accounts.models import Role, User
from prioritet.cases.testing import decided_case
from prioritet.participation import services
from prioritet.participation.models import Group, Response, Round
from prioritet.public import services as public_services

from .helpers import axe, screenshot

SCRIPT = '<script>alert("x")</script><img src=x onerror="alert(2)">'
FIRST = "Jeg støtter tiltaket fordi ventetiden er for lang."


def test_hostile_public_answers_are_stored_inert_and_limited(page: Page, login_as: Callable[..., User]) -> None:
    caches["ratelimit"].clear()
    dialogs: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    leader = login_as(Role.LEADER, username="hilde", first_name="Hilde", last_name="Strand")
    case, _ = decided_case(leader, [("Starte Larvikshjelpa", (4, 2))], severity=4, title="Oppstart av Larvikshjelpa")
    round_, _ = services.open_round(
        case,
        leader,
        question="Hva mener du?",
        deadline=timezone.now() + datetime.timedelta(days=7),
        public_enabled=True,
        invitations=[(Group.ELDERLY_COUNCIL, "Eldrerådet")],
    )
    public_link = f"/h/{round_.public_token}/"

    # An ordinary answer first.
    page.goto(public_link)
    expect(page.get_by_text("Åpen høring: alle kan svare.")).to_be_visible()
    axe(page)
    page.get_by_label("Andre innspill").fill(FIRST)
    page.get_by_role("button", name="Send inn").click()
    expect(page.get_by_role("heading", name="Takk for svaret")).to_be_visible()

    # Script-bearing text in every text field.
    page.goto(public_link)
    page.get_by_label("Andre innspill").fill(SCRIPT)
    page.get_by_label("Hvem taler du for?").fill(SCRIPT[:200])
    page.get_by_label("Hvorfor ser du det slik?").first.fill(SCRIPT)
    page.get_by_role("button", name="Send inn").click()
    expect(page.get_by_role("heading", name="Takk for svaret")).to_be_visible()

    # Oversized: more text than the form takes (the browser sends it; the server refuses it whole).
    page.goto(public_link)
    # As an attacker would: the field's maxlength is only the browser's courtesy.
    page.get_by_label("Andre innspill").evaluate("el => el.removeAttribute('maxlength')")
    page.get_by_label("Andre innspill").fill("x" * 300_000)
    page.get_by_role("button", name="Send inn").click()
    expect(page.get_by_role("heading", name="Svaret er for stort")).to_be_visible()
    axe(page)
    assert Response.objects.count() == 2

    # Past the limit (10 saves or submits an hour from one address; the refused one above did not
    # count), a clear page: 2 answers and 8 drafts are allowed, the 11th request is not.
    for _ in range(8):
        page.goto(public_link)
        page.get_by_role("button", name="Lagre utkast").click()
        # Wait for the saved page: leaving at once could abort the request before the server counts it.
        expect(page.get_by_text("Utkastet ditt ble lagret", exact=False)).to_be_visible()
    page.goto(public_link)
    page.get_by_role("button", name="Send inn").click()
    expect(page.get_by_role("heading", name="For mange svar fra din adresse")).to_be_visible()
    axe(page)
    screenshot(page, "participation-rate-limited")
    assert Response.objects.count() == 10

    # Close the round and publish the case: the text is shown as text everywhere.
    Round.objects.filter(pk=round_.pk).update(deadline=timezone.now() - datetime.timedelta(minutes=1))
    publication = public_services.publish(case, leader, decided_by_body="Virksomhetsleder", summary="Publisert.")
    pages = [
        f"/cases/{case.pk}/rounds/{round_.pk}/",
        f"/cases/{case.pk}/report/",
        f"/p/{case.municipality.slug}/prioriteringer/{publication.pk}/",
    ]
    for url in pages:
        page.goto(url)
        expect(page.get_by_text(FIRST).first).to_be_visible()
        expect(page.get_by_text(SCRIPT).first).to_be_visible()
        assert page.locator("img[src='x']").count() == 0
        axe(page)
    screenshot(page, "participation-public-summary")
    assert dialogs == []
    assert Response.objects.get(free_text=FIRST).is_submitted
