"""The working home page: each role's open tasks from the apps' ``home_sources``, and nothing else's."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from prioritet.accounts.models import Role
from prioritet.accounts.testing import make_service_area, make_user
from prioritet.cases import services as case_services
from prioritet.cases.models import AlternativeKind, CaseAccess, Level
from prioritet.cases.testing import assess_and_decide, open_case, recommend
from prioritet.core import extensions
from prioritet.core.home import HomeItem, HomePanel, panels_for
from prioritet.participation.models import Round
from prioritet.planning.models import Milestone, PlanKind, PlanPeriod


def _page(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def _individual(caseworker, municipality, reference: str = "SAK-2026-0042"):
    area = make_service_area(municipality, "Rehabilitering")
    case = case_services.create_case(
        municipality,
        caseworker,
        no_action_consequence="Kan få varig nedsatt funksjon.",
        level=Level.INDIVIDUAL,
        title="Søknad fra Ola Nordmann om opphold",
        description="Ola har falt hjemme.",
        case_reference=reference,
        service_area=area,
        severity=3,
    )
    case_services.add_alternative(case, caseworker, title="Korttidsplass")
    return case


def test_a_caseworker_sees_the_individual_case_awaiting_assessment_by_its_reference_only(
    municipality, caseworker, login_client
):
    colleague = make_user(Role.CASEWORKER, municipality=municipality, username="kollega")
    case = _individual(colleague, municipality)
    assert "SAK-2026-0042" not in _page(login_client(caseworker))  # not on its team: not listed
    case_services.add_team_member(case, colleague, caseworker)
    page = _page(login_client(caseworker))
    assert "Saker som venter på din vurdering" in page
    assert "SAK-2026-0042" in page
    assert "Rehabilitering" in page
    assert "Ola" not in page  # neither the title nor the description
    assert f"/cases/{case.pk}/" in page


def test_a_leader_sees_service_work_but_not_the_individual_cases_a_caseworker_assesses(
    municipality, caseworker, leader, login_client
):
    _individual(caseworker, municipality)
    open_case(leader, [("Nattpatrulje", (4, 3))], title="Omlegging av nattpatruljen")
    page = _page(login_client(leader))
    assert "Omlegging av nattpatruljen" in page
    assert "Sakene dine og fasen de er i" in page
    assert "SAK-2026-0042" not in page


def test_the_director_sees_political_cases_awaiting_the_innstilling_and_the_politician_those_awaiting_the_vedtak(
    municipality, director, politician, login_client
):
    open_case(director, [("Nytt omsorgssenter", (4, 3))], level=Level.POLITICAL, title="Omsorgssenter")
    ready = open_case(director, [("Dagsenter", (4, 2))], level=Level.POLITICAL, title="Dagsenter for demens")
    recommend(ready, director, ready.alternatives.get(kind=AlternativeKind.MEASURE))
    director_page = _page(login_client(director))
    assert "Politiske saker som venter på din innstilling" in director_page
    tasks = director_page.split('id="panel-cases-political"')[1].split("</section>")[0]
    assert "Omsorgssenter" in tasks
    assert "Dagsenter for demens" not in tasks
    politician_page = _page(login_client(politician))
    tasks = politician_page.split('id="panel-cases-political"')[1].split("</section>")[0]
    assert "Politiske saker som venter på vedtak" in tasks
    assert "Dagsenter for demens" in tasks
    assert "Omsorgssenter" not in tasks
    assert "Saker som venter på din vurdering" not in politician_page  # politicians assess nothing


def test_a_reassessment_due_is_listed_with_its_date_and_marked_overdue_when_past(
    municipality, caseworker, login_client
):
    case = _individual(caseworker, municipality)
    assess_and_decide(case, caseworker)
    past = timezone.localdate() - datetime.timedelta(days=3)
    type(case).objects.filter(pk=case.pk).update(reassessment_due=past)
    page = _page(login_client(caseworker))
    panel = page.split('id="panel-cases-reassess"')[1].split("</section>")[0]
    assert "SAK-2026-0042" in panel
    assert past.strftime("%d.%m.%Y") in panel
    assert "Forfalt" in panel


def test_the_leader_sees_the_rounds_they_opened_and_the_milestones_ahead(municipality, leader, login_client):
    case = open_case(leader, [("Nattpatrulje", (4, 3))], title="Nattpatruljen")
    Round.objects.create(
        municipality=municipality,
        case=case,
        question="Hva mener dere?",
        deadline=timezone.now() + datetime.timedelta(days=10),
        created_by=leader,
    )
    plan = PlanPeriod.objects.create(
        municipality=municipality,
        kind=PlanKind.ANNUAL_BUDGET,
        name="Budsjett",
        first_year=2027,
        last_year=2027,
        created_by=leader,
    )
    Milestone.objects.create(
        municipality=municipality,
        plan=plan,
        name="Rammesak",
        due=timezone.localdate() + datetime.timedelta(days=7),
        created_by=leader,
    )
    Milestone.objects.create(
        municipality=municipality,
        plan=plan,
        name="Langt fram",
        due=timezone.localdate() + datetime.timedelta(days=90),
        created_by=leader,
    )
    page = _page(login_client(leader))
    rounds = page.split('id="panel-rounds"')[1].split("</section>")[0]
    assert "Nattpatruljen" in rounds
    assert "0 svar" in rounds
    milestones = page.split('id="panel-milestones"')[1].split("</section>")[0]
    assert "Rammesak" in milestones
    assert "Langt fram" not in milestones


def test_another_municipalitys_cases_rounds_and_milestones_never_appear(
    municipality, other_municipality, leader, caseworker, login_client
):
    their_leader = make_user(Role.LEADER, municipality=other_municipality, username="deres-leder")
    their_caseworker = make_user(Role.CASEWORKER, municipality=other_municipality, username="deres-saksbehandler")
    theirs = open_case(their_leader, [("Tiltak", (4, 3))], title="Deres tjenestesak")
    _individual(their_caseworker, other_municipality, reference="DERES-0001")
    Round.objects.create(
        municipality=other_municipality,
        case=theirs,
        question="Deres høring",
        deadline=timezone.now() + datetime.timedelta(days=10),
        created_by=their_leader,
    )
    plan = PlanPeriod.objects.create(
        municipality=other_municipality,
        kind=PlanKind.ANNUAL_BUDGET,
        name="Deres budsjett",
        first_year=2027,
        last_year=2027,
        created_by=their_leader,
    )
    Milestone.objects.create(
        municipality=other_municipality,
        plan=plan,
        name="Deres milepæl",
        due=timezone.localdate(),
        created_by=their_leader,
    )
    for user in (leader, caseworker):
        page = _page(login_client(user))
        for text in ("Deres tjenestesak", "DERES-0001", "Deres milepæl", "Deres budsjett"):
            assert text not in page


def test_reading_the_home_page_writes_nothing_not_even_the_access_log(municipality, caseworker, login_client):
    _individual(caseworker, municipality)
    client = login_client(caseworker)
    with CaptureQueriesContext(connection) as queries:
        _page(client)
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")) and "django_session" not in q["sql"]
    ]
    assert writes == []
    assert not CaseAccess.objects.exists()


def test_the_home_page_speaks_nynorsk(municipality, caseworker, login_client):
    _individual(caseworker, municipality)
    client = login_client(caseworker)
    client.post("/i18n/setlang/", {"language": "nn", "next": "/"})
    page = _page(client)
    assert "Oppgåvene dine" in page
    assert "Saker som ventar på vurderinga di" in page
    assert "Snarvegar" in page


def test_the_national_administrator_has_no_tasks_and_keeps_the_shortcuts(national_admin, login_client):
    page = _page(login_client(national_admin))
    assert 'id="tasks-heading"' not in page
    assert "Snarveier" in page


@pytest.fixture
def planted(monkeypatch):
    """The protocol with one planted source only."""

    def source(user, today):
        return HomePanel("planted", "Planted", items=[HomeItem("Task", "/x/", today)], count=1, order=1)

    monkeypatch.setattr(extensions, "declared", lambda: [extensions.Extension(home_sources=[source])])


def test_the_home_page_shows_what_the_declared_sources_give_and_nothing_else(planted, caseworker, login_client):
    assert [panel.key for panel in panels_for(caseworker, timezone.localdate())] == ["planted"]
    page = _page(login_client(caseworker))
    assert 'id="panel-planted"' in page
    assert 'id="panel-cases-assess"' not in page


def test_task_counts_count_each_panel_as_the_home_page_does_and_read_no_items(municipality, leader):
    """The dashboard's workload (:func:`task_counts`): the same task panels with the same counts as
    the home page, every one counted in the database (no rows read), including those past a full panel."""
    from decimal import Decimal

    from prioritet.cases.testing import decided_case
    from prioritet.core.home import PANEL_ITEMS, task_counts
    from prioritet.effects import services as effect_services

    for number in range(PANEL_ITEMS + 2):
        open_case(leader, [("Nattpatrulje", (4, 3))], title=f"Sak {number}")
    decided, _ = decided_case(leader, [("Dagsenter", (4, 3))], level=Level.SERVICE)
    effect_services.save_implementation(
        decided, leader, None, responsible_unit="Dagsenteret", start_date=timezone.localdate()
    )
    for days in (5, 10, 400):
        effect_services.add_effect(
            decided,
            leader,
            description="Kortere ventetid",
            indicator="Dager",
            unit="dager",
            baseline=Decimal(45),
            target=Decimal(20),
            evaluate_by=timezone.localdate() + datetime.timedelta(days=days),
        )
    today = timezone.localdate()
    full = {panel.key: panel.count for panel in panels_for(leader, today) if panel.is_tasks}
    with CaptureQueriesContext(connection) as queries:
        counted = task_counts(leader, today)
    assert {panel.key: panel.count for panel in counted} == full
    assert full["cases-mine"] == PANEL_ITEMS + 3
    assert full["evaluations"] == 2
    assert all(not panel.items for panel in counted)
    reads = [query["sql"] for query in queries.captured_queries if "cases_case" in query["sql"]]
    assert reads
    assert all("COUNT(" in sql for sql in reads)
