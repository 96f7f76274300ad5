"""The annual wheel in a real browser: a director adds a plan and a milestone with the keyboard-usable
forms, a leader ties a case to it from the case page, and every page is axe-clean in nb, nn and en,
drawn at phone and desktop width (test-artifacts/screenshots)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect

from prioritet.accounts.models import Role, User
from prioritet.cases import services as case_services
from prioritet.cases.models import Level
from prioritet.planning import services
from prioritet.planning.models import CasePlan, PlanKind

from .helpers import axe, screenshot


def test_a_director_builds_the_annual_wheel_and_a_leader_ties_a_case_to_it(
    page: Page, login_as: Callable[..., User], user_factory: Callable[..., User]
) -> None:
    login_as(Role.DIRECTOR)
    page.goto("/plans/")
    page.get_by_role("link", name="Ny plan").click()
    page.get_by_label("Plantype").select_option("annual_budget")
    page.get_by_label("Navn").fill("Budsjett 2027")
    page.get_by_label("Første år").fill("2027")
    page.get_by_label("Siste år").fill("2027")
    page.get_by_role("button", name="Legg til planen").click()
    expect(page.get_by_text("Planen er lagt til.")).to_be_visible()
    page.get_by_role("link", name="Legg til en milepæl").click()
    page.get_by_label("Navn").fill("Kommunedirektørens forslag")
    due = timezone.localdate() + datetime.timedelta(days=30)
    page.get_by_label("Dato").fill(due.isoformat())
    page.get_by_role("button", name="Legg til milepælen").click()
    expect(page.get_by_text("Milepælen er lagt til.")).to_be_visible()

    leader = user_factory(Role.LEADER, username="leder-aarshjul")
    case = case_services.create_case(
        leader.municipality, leader, no_action_consequence="Ventetiden øker.", level=Level.SERVICE, title="Dagsenter"
    )
    page.context.clear_cookies()
    login_as(leader)
    page.goto(f"/cases/{case.pk}/")
    page.get_by_role("link", name="Plan og milepæl").click()
    page.get_by_label(re.compile(r"^Plan\b")).select_option(label="Budsjett 2027")
    page.get_by_label("Milepæl").select_option(index=1)
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("heading", name="Planprosess")).to_be_visible()
    assert CasePlan.objects.get(case=case).milestone.name == "Kommunedirektørens forslag"
    page.goto("/plans/")
    expect(page.get_by_role("link", name="Dagsenter")).to_be_visible()


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_the_annual_wheels_pages_are_accessible(
    page: Page,
    context: BrowserContext,
    live_server: Any,
    login_as: Callable[..., User],
    user_factory: Callable[..., User],
    language: str,
) -> None:
    admin = login_as(Role.MUNICIPAL_ADMIN)
    director = user_factory(Role.DIRECTOR, username="direktor-aarshjul")
    plan = services.create_plan(
        admin.municipality,
        director,
        kind=PlanKind.ECONOMIC_PLAN,
        name="Økonomiplan 2027–2030",
        first_year=2027,
        last_year=2030,
    )
    milestone = services.add_milestone(plan, director, name="Rammesak", due=timezone.localdate(), description="Juni.")
    case = case_services.create_case(
        admin.municipality, director, no_action_consequence="Ingen.", level=Level.POLITICAL, title="Dagaktivitet"
    )
    services.link_case(case, director, plan, milestone, None)
    services.renew_feed(admin.municipality, admin)
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
    for name, path in (
        ("calendar", "/plans/"),
        ("plan", f"/plans/{plan.pk}/"),
        ("milestone", f"/plans/milestones/{milestone.pk}/"),
        ("new-plan", "/plans/new/"),
        ("feed", "/plans/feed/"),
    ):
        response = page.goto(path)
        assert response is not None
        assert response.status == 200, path
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        axe(page)
        screenshot(page, f"planning-{name}-{language}")
