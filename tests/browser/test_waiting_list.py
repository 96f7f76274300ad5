"""A waiting list in a real browser: a caseworker allocates a freed place against the suggestion, is
refused without a reason, gives one, and sees the allocation logged; the pages are axe-clean."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from playwright.sync_api import Page, expect

from prioritet.accounts.models import Role, User
from prioritet.waiting import services
from prioritet.waiting.models import Allocation, EntryStatus, WaitingEntry
from prioritet.waiting.testing import make_service, put

from .helpers import axe, screenshot


def test_a_caseworker_allocates_a_freed_place(
    page: Page, login_as: Callable[..., User], user_factory: Callable[..., User]
) -> None:
    caseworker = login_as(Role.CASEWORKER)
    leader = user_factory(Role.LEADER)
    service = make_service(leader, capacity=1)
    placed = put(service, caseworker, 5, 5, 1, reference="VL-001")
    services.allocate(service, caseworker, placed, seen_suggestion=placed.pk)
    first = put(service, caseworker, 5, 4, 2, reference="VL-002")
    second = put(service, caseworker, 3, 3, 3, urgency=3, reference="VL-003")

    page.goto("/waiting/")
    axe(page)
    page.get_by_role("link", name="Langtidsplass i sykehjem").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Venteliste: Langtidsplass i sykehjem")
    expect(page.get_by_role("link", name="Tildel en ledig plass")).to_have_count(0)  # nothing is free

    # The placed person leaves: the place frees, and the list suggests who gets it.
    page.get_by_role("link", name="Registrer at personen har sluttet").click()
    page.get_by_label("Hvorfor").fill("Flyttet til en annen kommune.")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("Foreslått til den ledige plassen")).to_be_visible()
    axe(page)
    screenshot(page, "waiting-list-nb")

    page.get_by_role("link", name="Tildel en ledig plass").click()
    expect(page.get_by_label("Nr. 1: VL-002", exact=False)).to_be_checked()
    page.get_by_label("Nr. 2: VL-003", exact=False).check()
    page.get_by_role("button", name="Tildel").click()
    expect(page.locator(".ds-validation-message")).to_contain_text("gi begrunnelsen (den logges)")
    assert not Allocation.objects.filter(entry=second).exists()
    axe(page)
    page.get_by_label("Begrunnelse for å avvike fra den foreslåtte rekkefølgen").fill(
        "Pårørende kan ikke lenger gi omsorg."
    )
    screenshot(page, "waiting-allocate-nb")
    page.get_by_role("button", name="Tildel").click()
    expect(page.get_by_text("Plassen ble tildelt, og tildelingen er registrert.")).to_be_visible()
    expect(page.get_by_role("table").last).to_contain_text("Pårørende kan ikke lenger gi omsorg.")
    axe(page)

    allocation = Allocation.objects.get(entry=second)
    assert allocation.suggested == first
    assert allocation.position == 2
    assert WaitingEntry.objects.get(pk=second.pk).status == EntryStatus.PLACED
    assert WaitingEntry.objects.get(pk=placed.pk).status == EntryStatus.LEFT
    assert service.capacities.get().amount == Decimal(1)


def test_the_capacity_page_in_nynorsk_and_english(page: Page, login_as: Callable[..., User]) -> None:
    leader = login_as(Role.LEADER)
    service = make_service(leader, capacity=2)
    page.goto(f"/waiting/{service.pk}/capacity/")
    page.get_by_role("button", name="Nynorsk").click()
    expect(page.get_by_role("heading", level=2).first).to_have_text("Endre kapasiteten")
    page.get_by_label("Kapasitet", exact=True).fill("3")
    page.get_by_label("Frå", exact=True).fill("2026-01-01")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("Kapasiteten vart endra")).to_be_visible()
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Waiting list")
    axe(page)
    assert service.capacities.count() == 2
