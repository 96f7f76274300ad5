from __future__ import annotations

import pytest

from prioritet.accounts.models import Role
from prioritet.cases.models import CaseAccess, Level
from prioritet.planning.models import CasePlan, Milestone, PlanPeriod


def test_the_municipal_director_adds_a_plan_and_its_milestone(login_client, director):
    client = login_client(director)
    response = client.post(
        "/plans/new/", {"kind": "economic_plan", "name": "Økonomiplan 2027–2030", "first_year": 2027, "last_year": 2030}
    )
    plan = PlanPeriod.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/plans/{plan.pk}/"
    response = client.post(f"/plans/{plan.pk}/milestones/new/", {"name": "Rammesak", "due": "2026-06-15"})
    assert response.status_code == 302
    assert Milestone.objects.get().plan == plan
    page = client.get("/plans/")
    assert "Rammesak" in page.content.decode()


def test_a_plan_that_does_not_fit_its_kind_shows_the_error_on_the_form(login_client, director):
    response = login_client(director).post(
        "/plans/new/", {"kind": "annual_budget", "name": "Budsjett", "first_year": 2027, "last_year": 2028}
    )
    assert response.status_code == 200
    assert "Et årsbudsjett gjelder ett år." in response.content.decode()
    assert not PlanPeriod.objects.exists()


def test_a_stale_save_keeps_the_users_input_and_changes_nothing(login_client, director, budget):
    client = login_client(director)
    fields = {"kind": "annual_budget", "first_year": 2027, "last_year": 2027}
    assert client.post(f"/plans/{budget.pk}/", {**fields, "name": "Budsjett A", "version": 1}).status_code == 302
    response = client.post(f"/plans/{budget.pk}/", {**fields, "name": "Budsjett B", "version": 1})
    assert response.status_code == 200
    assert "Budsjett B" in response.content.decode()
    budget.refresh_from_db()
    assert budget.name == "Budsjett A"


@pytest.mark.parametrize("role", [Role.LEADER, Role.POLITICIAN])
def test_leaders_and_politicians_see_the_annual_wheel_but_cannot_change_it(login_client, user_factory, role, budget):
    client = login_client(user_factory(role))
    assert client.get("/plans/").status_code == 200
    assert client.get(f"/plans/{budget.pk}/").status_code == 200
    assert client.post("/plans/new/", {"name": "X"}).status_code == 403
    assert client.post(f"/plans/{budget.pk}/", {"name": "X", "version": 1}).status_code == 403
    assert client.get(f"/plans/{budget.pk}/milestones/new/").status_code == 403


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.HEALTH_PERSONNEL])
def test_caseworkers_and_health_personnel_do_not_use_the_annual_wheel(login_client, user_factory, role):
    assert login_client(user_factory(role)).get("/plans/").status_code == 403


def test_another_municipalitys_plan_is_not_found(login_client, other_municipality, budget):
    from prioritet.accounts.testing import make_user

    stranger = make_user(Role.DIRECTOR, municipality=other_municipality, username="fremmed")
    client = login_client(stranger)
    assert client.get(f"/plans/{budget.pk}/").status_code == 404
    assert client.post(f"/plans/{budget.pk}/milestones/new/", {"name": "X", "due": "2026-01-01"}).status_code == 404
    assert not Milestone.objects.exists()


def test_a_leader_ties_a_service_case_to_the_budget_milestone(login_client, leader, service_case, budget, proposal):
    client = login_client(leader)
    response = client.post(f"/plans/case/{service_case.pk}/", {"plan": budget.pk, "milestone": proposal.pk})
    assert response.status_code == 302
    link = CasePlan.objects.get(case=service_case)
    assert (link.plan, link.milestone) == (budget, proposal)
    page = client.get(f"/cases/{service_case.pk}/").content.decode()
    assert "Budsjett 2027" in page
    assert "Kommunedirektørens forslag" in page
    calendar = client.get("/plans/").content.decode()
    assert "Dagsenter" in calendar
    # Changing it again needs the version the page showed.
    again = client.post(f"/plans/case/{service_case.pk}/", {"plan": budget.pk, "milestone": "", "version": 1})
    assert again.status_code == 302
    link.refresh_from_db()
    assert link.milestone is None
    stale = client.post(f"/plans/case/{service_case.pk}/", {"plan": budget.pk, "milestone": proposal.pk, "version": 1})
    assert stale.status_code == 200
    link.refresh_from_db()
    assert link.milestone is None


def test_an_individual_case_feeds_no_plan_and_its_read_is_logged(login_client, caseworker, budget, make_case):
    case = make_case(caseworker, level=Level.INDIVIDUAL)
    response = login_client(caseworker).get(f"/plans/case/{case.pk}/")
    assert response.status_code == 403
    assert CaseAccess.objects.filter(case=case, user=caseworker).exists()


def test_the_saksframlegg_names_the_plan_the_case_feeds(login_client, leader, service_case, budget, proposal):
    from prioritet.planning import services

    services.link_case(service_case, leader, budget, proposal, None)
    report = login_client(leader).get(f"/cases/{service_case.pk}/report/").content.decode()
    assert "Budsjett 2027" in report
