"""Two people (or two tabs) edit the same thing: the second save is refused and loses nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import Browser, BrowserContext, Page, expect

from prioritet.accounts.models import Role, User
from prioritet.accounts.testing import session_cookie
from prioritet.cases.models import Assessment, Case
from prioritet.cases.testing import on_team

from .helpers import DESKTOP, screenshot
from .seed import HOME_TEAM, individual_case

CONFLICT = "Saken er endret av en annen etter at du åpnet den. Endringene dine er ikke lagret."


@pytest.fixture
def other_page(browser: Browser, live_server: Any) -> Iterator[Callable[[User], Page]]:
    """``other_page(user)``: a tab in a second browser profile, signed in as ``user``."""
    contexts: list[BrowserContext] = []

    def open_as(user: User) -> Page:
        context = browser.new_context(base_url=live_server.url, viewport=DESKTOP, locale="nb-NO")
        context.set_default_timeout(10_000)
        contexts.append(context)
        cookie = session_cookie(user)
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
        return context.new_page()

    yield open_as
    for context in contexts:
        context.close()


def test_second_save_of_the_case_form_is_refused_and_keeps_the_input(
    page: Page, login_as: Callable[..., User], user_factory: Callable[..., User], other_page: Callable[[User], Page]
) -> None:
    first = login_as(Role.CASEWORKER, username="ingrid", first_name="Ingrid", last_name="Berg")
    second = user_factory(Role.CASEWORKER, username="jonas", first_name="Jonas", last_name="Vik")
    case = on_team(individual_case(first), second)  # both work on the case: its team
    edit = f"/cases/{case.pk}/edit/"
    their_page = other_page(second)

    page.goto(edit)
    their_page.goto(edit)
    for tab in (page, their_page):
        expect(tab.get_by_role("heading", level=1)).to_have_text("Endre sak")

    # Both change the form; the first saves.
    page.get_by_label("Tittel").fill("Søknad om rehabilitering – hastesak")
    page.get_by_label("Beskrivelse").fill("Bor alene. Fall i hjemmet før bruddet.")
    their_title = "Søknad om rehabilitering etter lårhalsbrudd (revidert)"
    their_description = "Datter bor i nærheten og kan hjelpe noe."
    their_page.get_by_label("Tittel").fill(their_title)
    their_page.get_by_label("Beskrivelse").fill(their_description)
    their_page.get_by_label("Saksreferanse").fill("SAK-2025-0413")

    page.get_by_role("button", name="Lagre", exact=True).click()
    expect(page.get_by_role("status").first).to_have_text("Saken er lagret.")
    saved = Case.objects.get(pk=case.pk)
    assert saved.title == "Søknad om rehabilitering – hastesak"

    # The second save is refused with a clear message; their input stays on the page.
    their_page.get_by_role("button", name="Lagre", exact=True).click()
    alert = their_page.get_by_role("alert")
    expect(alert).to_contain_text(CONFLICT)
    expect(their_page.get_by_role("heading", level=1)).to_have_text("Endre sak")
    expect(their_page.get_by_label("Tittel")).to_have_value(their_title)
    expect(their_page.get_by_label("Beskrivelse")).to_have_value(their_description)
    expect(their_page.get_by_label("Saksreferanse")).to_have_value("SAK-2025-0413")
    current = their_page.get_by_role("region", name="Saken slik den er lagret nå")
    expect(current).to_contain_text("Søknad om rehabilitering – hastesak")
    expect(current).to_contain_text("Fall i hjemmet før bruddet.")
    screenshot(their_page, "concurrency-case-conflict")

    # The database holds the first save, unchanged by the refused one.
    case.refresh_from_db()
    assert (case.title, case.description, case.case_reference, case.version) == (
        saved.title,
        saved.description,
        saved.case_reference,
        saved.version,
    )
    assert case.history.count() == saved.history.count()

    # Having compared, the second user may save again on purpose; that save wins.
    their_page.get_by_role("button", name="Lagre", exact=True).click()
    expect(their_page.get_by_role("status").first).to_have_text("Saken er lagret.")
    case.refresh_from_db()
    assert (case.title, case.case_reference) == (their_title, "SAK-2025-0413")


def test_same_user_in_two_tabs_cannot_overwrite_an_assessment(page: Page, login_as: Callable[..., User]) -> None:
    """The assessment form saves with htmx: the refusal must come back into the same form, input kept."""
    user = login_as(Role.CASEWORKER, username="ingrid")
    case = individual_case(user)
    alternative = case.alternatives.get(title=HOME_TEAM)
    url = f"/cases/{case.pk}/alternatives/{alternative.pk}/assessment/"
    second_tab = page.context.new_page()
    page.goto(url)
    second_tab.goto(url)

    page.get_by_role("group", name="Ressurs", exact=True).get_by_label("2 – lite", exact=True).check()
    page.get_by_role("button", name="Lagre vurderingen").click()
    expect(page.get_by_role("status")).to_contain_text("Vurderingen din er lagret.")

    resources = second_tab.get_by_role("group", name="Ressurs", exact=True)
    resources.get_by_label("5 – svært ressurskrevende", exact=True).check()
    resources.get_by_label("Begrunnelse").fill("Krever to ansatte hver dag.")
    second_tab.get_by_role("button", name="Lagre vurderingen").click()
    expect(second_tab.get_by_role("alert")).to_contain_text("Vurderingen din er endret i et annet vindu")
    expect(resources.get_by_label("5 – svært ressurskrevende", exact=True)).to_be_checked()
    expect(resources.get_by_label("Begrunnelse")).to_have_value("Krever to ansatte hver dag.")
    expect(second_tab.get_by_role("region", name="Vurderingen din slik den er lagret nå")).to_contain_text(
        "Ressurs: 2 – lite"
    )
    screenshot(second_tab, "concurrency-assessment-conflict")

    assessment = Assessment.objects.get(alternative=alternative, assessor=user)
    assert (assessment.resources, assessment.resources_justification) == (2, "")
    second_tab.close()
