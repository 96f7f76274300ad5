"""The demo's dementia case is consistent under the one-truth model: its decided alternative is the
administration's proposal scenario, which is the budget's optimum, and its resource scores agree with
the municipality's bands."""

from __future__ import annotations

import re
from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from prioritet.accounts.models import User
from prioritet.accounts.testing import sign_in
from prioritet.cases.models import Case
from prioritet.portfolio.bands import resource_checks
from prioritet.portfolio.demo import BUDGET_CASE_TITLE, CASE_TITLE, PROPOSAL
from prioritet.portfolio.models import Portfolio, Scenario, ScenarioKind
from prioritet.portfolio.selectors import optimum, portfolio_data
from prioritet.portfolio.truth import SelectionState, case_selection


def test_the_demo_dementia_case_decides_the_scenario_the_saksframlegg_lists(db, client):
    call_command("load_demo", stdout=StringIO())
    case = Case.objects.get(title=CASE_TITLE)
    portfolio = Portfolio.objects.get(case=case)
    scenario = Scenario.objects.get(portfolio=portfolio)
    decision = case.decisions.get()

    assert scenario.kind == ScenarioKind.PROPOSAL
    assert decision.alternative_id == scenario.alternative_id
    assert {m.code for m in scenario.measures.all()} == set(PROPOSAL)
    data = portfolio_data(portfolio)
    assert set(optimum(data).selected) == set(PROPOSAL)
    assert not any(check.differs for check in resource_checks(data).values())
    selection = case_selection(case)
    assert (selection.state, selection.scenario) == (SelectionState.DECIDED, scenario)

    html = sign_in(client, User.objects.get(username="demo-direktor")).get(
        reverse("reports:saksframlegg", args=[case.pk])
    )
    text = " ".join(re.sub(r"<[^>]+>", " ", html.content.decode()).split())
    assert "Tiltakene i det vedtatte scenarioet «Administrasjonens forslag" in text
    assert "Scenarioet er verktøyets optimum innenfor budsjettet" in text
    assert text.count("Konklusjon:") == 1

    call_command("load_demo", stdout=StringIO())  # idempotent: still one portfolio and one scenario
    assert Portfolio.objects.filter(case=case).count() == 1
    assert Scenario.objects.filter(portfolio=portfolio).count() == 1


def test_the_demo_has_a_budget_workspace_with_every_measure_of_the_demo_file_ready_to_explore(db, client):
    call_command("load_demo", stdout=StringIO())
    case = Case.objects.get(title=BUDGET_CASE_TITLE)
    portfolio = Portfolio.objects.get(case=case)
    measures = list(portfolio.measures.all())
    assert len(measures) == 32
    assert all(m.affected and m.consequence for m in measures)
    assert {b.column.key: b.amount for b in portfolio.budgets.all()} == {"cost_nok": 20_000_000, "fte": 22}
    assert 0 < len(optimum(portfolio_data(portfolio)).selected) < 32  # the budget leaves some out
    page = sign_in(client, User.objects.get(username="demo-direktor")).get(
        reverse("portfolio:detail", args=[portfolio.pk])
    )
    assert page.status_code == 200
    # The dementia portfolio's measures carry the file's own words too, not one sentence for all.
    dementia = Portfolio.objects.get(case__title=CASE_TITLE)
    assert len({m.consequence for m in dementia.measures.all()}) == dementia.measures.count()
