"""The formannskap's innstilling to the økonomiplan, published on the public page (kommuneloven § 14-3):
the director records a meeting date too close, sees the warning with the date it had to go out,
publishes, and anyone reads the year-by-year table without login, at desktop and phone width.

Every page is checked with axe; screenshots go to test-artifacts/screenshots/innstilling-*.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from prioritet.accounts.models import Role
from prioritet.budgetplan.demo import CASE_TITLE, add_demo_plan
from prioritet.budgetplan.models import EconomyPlan, PlanInnstilling

from .helpers import DESKTOP, PHONE, axe, screenshot


def test_the_innstilling_is_warned_about_published_and_read_by_anyone(
    page: Page, browser: Browser, live_server, login_as, user_factory
):
    director = user_factory(Role.DIRECTOR, username="demo-direktor")
    add_demo_plan(director.municipality, {"demo-direktor": director})
    plan = EconomyPlan.objects.get(case__title=CASE_TITLE)
    login_as(director)
    page.goto(f"/cases/{plan.case_id}/okonomiplan/")
    page.get_by_role("link", name="Registrer eller publiser innstillingen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Formannskapets innstilling")

    # A meeting ten days away: saving shows, before anything is public, that it is already too late.
    too_soon = timezone.localdate() + timedelta(days=10)
    page.get_by_label("Kommunestyrets møtedato").fill(too_soon.isoformat())
    page.get_by_label("Innstillingen (forslag til vedtak)").fill("Formannskapet rår kommunestyret til å vedta planen.")
    page.get_by_role("button", name="Lagre uten å publisere").click()
    notice = page.get_by_test_id("innstilling-notice")
    expect(notice).to_have_attribute("data-color", "danger")
    expect(notice).to_contain_text("14-3")
    axe(page)

    # Moved to a meeting three weeks away and published: in time, and the page says when it went out.
    page.get_by_role("link", name="Registrer eller publiser innstillingen").click()
    page.get_by_label("Kommunestyrets møtedato").fill((timezone.localdate() + timedelta(days=21)).isoformat())
    axe(page)
    screenshot(page, "innstilling-form")
    page.get_by_role("button", name="Publiser innstillingen").click()
    expect(page.get_by_test_id("innstilling-notice")).to_have_attribute("data-color", "success")
    assert PlanInnstilling.objects.get(plan=plan).published

    # Anyone, without login: the municipality's public page lists it, and its page has the table.
    anonymous = browser.new_context(base_url=live_server.url, viewport=DESKTOP, locale="nb-NO")
    public = anonymous.new_page()
    public.goto(f"/p/{director.municipality.slug}/")
    public.get_by_test_id("public-innstillinger").get_by_role("link", name=CASE_TITLE).click()
    expect(public.get_by_role("heading", level=1)).to_have_text(CASE_TITLE)
    expect(public.get_by_role("table").first).to_contain_text("Forsvarlig nattbemanning i sykehjem")
    expect(public.get_by_text("Formannskapet rår kommunestyret til å vedta planen.")).to_be_visible()
    axe(public)
    public.set_viewport_size(PHONE)
    axe(public)
    screenshot(public, "innstilling-public")
    anonymous.close()
