"""A large portfolio's budget levels and optimum: computed once per data and weights in a background
task, stored in the database, read by the workspace (issue 16 §3); a GET never queues anything."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from prioritet.accounts.models import Role
from prioritet.core.records import TaskStatus
from prioritet.core.tasks import run_queued_tasks
from prioritet.portfolio import analysis, selectors, services, workspace
from prioritet.portfolio.models import FrontierAnalysis, RobustnessAnalysis


def url(name, portfolio):
    return reverse(f"portfolio:{name}", args=[portfolio.pk])


@pytest.fixture
def large(settings):
    """The worked example's six measures count as a large portfolio: levels and optimum are stored."""
    settings.PORTFOLIO_FRONTIER_INLINE_LIMIT = 0
    settings.PORTFOLIO_ROBUSTNESS_INLINE_LIMIT = 0


@pytest.fixture
def stored(large, queued_tasks, worked, portfolio):
    """The example with its levels and optimum computed by the task worker, as after its last change."""
    run_queued_tasks()
    return selectors.portfolio_data(portfolio)


def _record(fingerprint: str) -> FrontierAnalysis:
    return FrontierAnalysis.objects.get(fingerprint=fingerprint)


def test_the_levels_are_stored_once_and_kept_across_a_budget_change(stored, portfolio, leader):
    levels = analysis.frontier_fingerprint(stored, "cost_nok")
    assert _record(levels).status == TaskStatus.DONE
    assert _record(analysis.optimum_fingerprint(stored)).status == TaskStatus.DONE
    # The queued work of the example's earlier states found the data changed and left no row.
    assert not FrontierAnalysis.objects.exclude(status=TaskStatus.DONE).exists()

    services.set_budget(portfolio, leader, {"cost_nok": Decimal(2_500_000)})
    data = selectors.portfolio_data(portfolio)
    assert analysis.frontier_fingerprint(data, "cost_nok") == levels  # the same data and weights: reused
    assert FrontierAnalysis.objects.filter(fingerprint=levels).count() == 1
    assert _record(levels).status == TaskStatus.DONE
    assert _record(analysis.optimum_fingerprint(data)).status == TaskStatus.QUEUED  # the new budget's


def test_a_change_of_the_data_computes_the_levels_again(stored, portfolio, leader, worked):
    before = analysis.frontier_fingerprint(stored, "cost_nok")
    measure = worked["M4"]
    services.update_measure(measure, leader, measure.version, benefit=1)
    data = selectors.portfolio_data(portfolio)
    after = analysis.frontier_fingerprint(data, "cost_nok")
    assert after != before
    assert _record(after).status == TaskStatus.QUEUED
    assert analysis.stored_frontier(data, "cost_nok").pending
    run_queued_tasks()
    assert _record(after).status == TaskStatus.DONE
    assert not analysis.stored_frontier(data, "cost_nok").pending


def test_the_stored_levels_are_those_computed_in_the_request(stored, settings):
    kept = analysis.stored_frontier(stored, "cost_nok")
    settings.PORTFOLIO_FRONTIER_INLINE_LIMIT = 10_000
    cache.clear()
    computed = analysis.frontier(stored, "cost_nok")
    assert kept.exact
    assert [s.budget["cost_nok"] for s in kept.steps] == pytest.approx([s.budget["cost_nok"] for s in computed.steps])
    assert [s.value for s in kept.steps] == pytest.approx([s.value for s in computed.steps])
    assert [(s.entered, s.left) for s in kept.steps][1:] == [(s.entered, s.left) for s in computed.steps][1:]
    best = analysis.stored_optimum(stored)
    assert (best.selected, best.value) == (analysis._compute_optimum(stored).selected, pytest.approx(best.value))


def test_a_budget_between_the_levels_shows_the_nearest_level_until_the_exact_optimum_is_stored(
    stored, portfolio, leader, login_client
):
    levels = [s.budget["cost_nok"] for s in analysis.stored_frontier(stored, "cost_nok").steps]
    k = next(i for i in range(1, len(levels) - 1) if levels[i] != stored.budget["cost_nok"])
    between = Decimal(round(levels[k] + 0.3 * (levels[k + 1] - levels[k])))
    services.set_budget(portfolio, leader, {"cost_nok": between})
    client = login_client(leader)

    response = client.get(url("detail", portfolio))
    content = response.content.decode()
    assert response.context["frontier"].exact is False
    assert response.context["point"] == k  # the nearest computed level
    assert response.context["step_budget"] == pytest.approx(levels[k])
    assert 'data-testid="nearest-level"' in content
    assert f'hx-post="{url("analyse", portfolio)}"' in content

    run_queued_tasks()
    response = client.get(url("detail", portfolio))
    assert response.context["frontier"].exact is True
    assert response.context["step_budget"] == pytest.approx(float(between))  # the exact budget is a level now
    assert response.context["step"].value == pytest.approx(response.context["optimum"].value)
    assert 'data-testid="nearest-level"' not in response.content.decode()


def _rows() -> tuple[int, int, int]:
    return FrontierAnalysis.objects.count(), RobustnessAnalysis.objects.count(), DBTaskResult.objects.count()


def test_the_workspace_gets_write_no_task_row(large, queued_tasks, worked, portfolio, leader, login_client):
    FrontierAnalysis.objects.all().delete()
    DBTaskResult.objects.all().delete()
    client = login_client(leader)
    before = _rows()
    assert before == (0, 0, 0)
    page = client.get(url("detail", portfolio))
    assert page.status_code == 200
    assert 'data-testid="levels-pending"' in page.content.decode()
    level = client.get(url("frontier", portfolio) + "?column=cost_nok&point=1", HTTP_HX_REQUEST="true")
    assert level.status_code == 200
    assert client.get(url("robustness", portfolio), HTTP_HX_REQUEST="true").status_code == 200
    assert client.get(url("detail", portfolio) + "?view=budget").status_code == 200
    assert _rows() == before


def test_the_status_post_queues_the_analysis_and_reloads_the_page_when_it_is_ready(
    large, queued_tasks, worked, portfolio, caseworker, login_client
):
    FrontierAnalysis.objects.all().delete()
    client = login_client(caseworker)  # a reader may ask for what the page shows
    response = client.post(url("analyse", portfolio), {"column": "cost_nok"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'id="analysis-status"' in response.content.decode()
    assert sorted(FrontierAnalysis.objects.values_list("kind", "status")) == [
        ("frontier", TaskStatus.QUEUED),
        ("optimum", TaskStatus.QUEUED),
    ]
    client.post(url("analyse", portfolio), {"column": "cost_nok"}, HTTP_HX_REQUEST="true")
    assert FrontierAnalysis.objects.count() == 2  # asked again while queued: the same rows
    run_queued_tasks()
    response = client.post(url("analyse", portfolio), {"column": "cost_nok"}, HTTP_HX_REQUEST="true")
    assert response.headers.get("HX-Refresh") == "true"
    without_js = client.post(url("analyse", portfolio), {"column": "nonsense"})
    assert without_js.status_code == 302
    assert without_js["Location"].startswith(url("detail", portfolio))


@pytest.mark.parametrize(("role", "status"), [(Role.MUNICIPAL_ADMIN, 403), (Role.DIRECTOR, 302)])
def test_who_may_ask_for_the_analysis(large, queued_tasks, worked, portfolio, user_factory, login_client, role, status):
    client = login_client(user_factory(role))
    assert client.post(url("analyse", portfolio)).status_code == status
    assert client.get(url("analyse", portfolio)).status_code == 405


def test_the_measures_table_shows_a_page_of_rows(worked, portfolio, leader, login_client, monkeypatch):
    monkeypatch.setattr(workspace, "PAGE_SIZE", 4)
    client = login_client(leader)
    first = client.get(url("detail", portfolio) + "?show=all&sort=name")
    assert len(first.context["table_rows"]) == 4
    assert (first.context["table_page"], first.context["table_pages"], first.context["table_total"]) == (1, 2, 6)
    content = first.content.decode()
    assert 'data-testid="measure-pages"' in content
    assert "show=all&amp;sort=name&amp;page=2#measures" in content  # the pager keeps the tab and the sort
    second = client.get(url("detail", portfolio) + "?show=all&sort=name&page=2")
    names = [r.measure.name for r in first.context["table_rows"] + second.context["table_rows"]]
    assert names == sorted(names, key=str.casefold)
    assert client.get(url("detail", portfolio) + "?show=all&page=99").context["table_page"] == 2
    level = client.get(url("frontier", portfolio) + "?column=cost_nok&point=2&show=all", HTTP_HX_REQUEST="true")
    assert len(level.context["table_rows"]) == 4  # a budget change sends one page of the table
