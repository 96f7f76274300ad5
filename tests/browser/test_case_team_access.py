"""Access by service need (issue 13 §1), in the browser.

A caseworker outside an individual case's team cannot open it: the case page sends her to the
emergency access page, where she breaks the glass with a reason and reads the case, marked as an
emergency access. The leader of the case's service area sees the access on the home page and in the
review list, and acknowledges it. Then the responsible caseworker makes the person's innsyn letter,
whose PDF lists exactly the reads made. Every page is checked with axe; screenshots go to
test-artifacts/screenshots/access-*.
"""

from __future__ import annotations

import io

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from prioritet.accounts.models import Role
from prioritet.accounts.testing import lead, make_service_area
from prioritet.cases import services
from prioritet.cases.models import AccessBasis, AccessGrant, CaseAccess, Level

from .helpers import axe, open_case_section, screenshot

TITLE = "Søknad om langtidsplass for Sverre Sagmo"


def test_outside_the_team_a_caseworker_breaks_the_glass_and_the_leader_acknowledges_it(
    page: Page, live_server, login_as, user_factory
):
    responsible = user_factory(Role.CASEWORKER, username="ansvarlig", first_name="Ingrid", last_name="Berg")
    outsider = user_factory(Role.CASEWORKER, username="vikar", first_name="Jonas", last_name="Vik")
    leader = user_factory(Role.LEADER, username="leder", first_name="Marte", last_name="Lie")
    area = make_service_area(responsible.municipality, "Sykehjem")
    lead(leader, area)
    case = services.create_case(
        responsible.municipality,
        responsible,
        no_action_consequence="Kan ikke bo hjemme lenger.",
        level=Level.INDIVIDUAL,
        title=TITLE,
        service_area=area,
        case_reference="SAK-2026-88",
        severity=4,
    )
    detail = reverse("cases:detail", args=[case.pk])

    # Outside the team: the case is not in her list, and the case page asks for a reason.
    login_as(outsider)
    page.goto(reverse("cases:list"))
    expect(page.get_by_text("SAK-2026-88")).to_have_count(0)
    page.goto(detail)
    expect(page).to_have_url(
        f"{live_server.url}{reverse('cases:break_glass', args=[case.pk])}?next=%2Fcases%2F{case.pk}%2F"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Nødtilgang")
    expect(page.get_by_text(TITLE)).to_have_count(0)
    expect(page.get_by_text("SAK-2026-88")).to_be_visible()
    assert not CaseAccess.objects.exists()
    axe(page)
    screenshot(page, "access-break-glass")
    page.get_by_label("Vikar for ansvarlig saksbehandler").check()
    page.get_by_label("Forklar behovet").fill("Ingrid er syk; pårørende ringte om vedtaket i dag.")
    page.get_by_role("button", name="Åpne saken med nødtilgang").click()
    expect(page).to_have_url(f"{live_server.url}{detail}")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_test_id("emergency-access")).to_contain_text("nødtilgang")
    open_case_section(page, "Historikk")  # the history loads (and is logged) when its tab opens
    expect(page.locator("#history-heading")).to_be_visible()
    grant = AccessGrant.objects.get()
    assert grant.user == outsider
    assert grant.reason == "stand_in"
    reads = CaseAccess.objects.filter(user=outsider)
    assert reads.exists()
    assert all(r.basis == AccessBasis.EMERGENCY and r.grant_id == grant.pk for r in reads)

    # The leader of the service area sees it on the home page and acknowledges it in the review list.
    login_as(leader)
    page.goto("/")
    panel = page.locator("#panel-cases-emergency-access")
    expect(panel).to_contain_text("SAK-2026-88")
    expect(panel).to_contain_text("Jonas Vik")
    page.goto(reverse("cases:access_reviews"))
    table = page.get_by_test_id("access-reviews")
    expect(table).to_contain_text("Jonas Vik")
    expect(table).to_contain_text("Vikar for ansvarlig saksbehandler")
    expect(table).to_contain_text("Ingrid er syk; pårørende ringte om vedtaket i dag.")
    expect(page.get_by_test_id("unacknowledged")).to_contain_text("1 nødtilgang er ikke kvittert")
    axe(page)
    screenshot(page, "access-review-list")
    page.get_by_role("button", name=f"Kvitter for nødtilgang {grant.pk}").click()
    expect(page.get_by_test_id("unacknowledged")).to_contain_text("0 nødtilganger er ikke kvittert")
    grant.refresh_from_db()
    assert grant.acknowledged_by == leader
    assert grant.acknowledged_at is not None
    page.get_by_role("link", name="Vis også de kvitterte").click()
    expect(page.get_by_test_id("access-reviews")).to_contain_text("Marte Lie")

    # The responsible caseworker makes the person's innsyn letter: it lists exactly the reads made.
    login_as(responsible)
    page.goto(detail)
    expect(page.get_by_test_id("case-responsible")).to_contain_text("Ingrid Berg")
    open_case_section(page, "Historikk")  # the history loads (and is logged) when its tab opens
    expect(page.locator("#history-heading")).to_be_visible()
    axe(page)
    made = list(CaseAccess.objects.filter(case=case).order_by("at", "id"))
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Innsynsbrev: hvem har lest saken (PDF)").click()
    document = download_info.value.path().read_bytes()
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(document)).pages)
    assert "Innsyn i tilgangsloggen" in text
    assert f"{len(made)} loggførte oppslag" in text
    for access in made:
        assert timezone.localtime(access.at).strftime("%d.%m.%Y %H:%M:%S") in text
    assert text.count("Jonas Vik") == sum(1 for a in made if a.user_id == outsider.pk)
    assert text.count("Nødtilgang («knus glasset»)") == sum(1 for a in made if a.grant_id)
    assert "Ingrid er syk; pårørende ringte om vedtaket i dag." in text
    assert "Marte Lie" not in text  # the leader reviewed the access but never read the case
    assert TITLE not in text
    assert CaseAccess.objects.filter(case=case, user=responsible, page="innsyn").count() == 1
