"""Pages: tenancy, role rules, the slider with and without htmx, forms, scenarios, labels."""

from __future__ import annotations

import math
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import translation

from prioritet.accounts.models import Role
from prioritet.core.tasks import run_queued_tasks
from prioritet.portfolio import analysis, services
from prioritet.portfolio.models import Measure, MeasureAmount, Scenario, ScenarioKind
from prioritet.portfolio.views import CONFLICT


def nb(message) -> str:
    """A message (lazy or not) as the page shows it in bokmål."""
    with translation.override("nb"):
        return translation.gettext(message) if isinstance(message, str) else str(message)


def url(name, portfolio, *args):
    return reverse(f"portfolio:{name}", args=[portfolio.pk, *args])


# Tenancy and roles ---------------------------------------------------------------------------------------

PORTFOLIO_GETS = [
    "detail",
    "frontier",
    "robustness",
    "budget",
    "measure_create",
    "import",
    "scenarios",
    "scenario_create",
    "export_xlsx",
    "export_csv",
]
PORTFOLIO_POSTS = [
    "analyse",
    "robustness",
    "budget",
    "measure_create",
    "import",
    "scenario_save",
    "scenario_optimal",
    "scenario_create",
]


@pytest.fixture
def outsider(user_factory, other_municipality):
    return user_factory(Role.LEADER, municipality=other_municipality, username="utenfor")


@pytest.mark.parametrize("name", PORTFOLIO_GETS)
def test_another_municipalitys_portfolio_is_404(worked, portfolio, outsider, login_client, name):
    assert login_client(outsider).get(url(name, portfolio)).status_code == 404


@pytest.mark.parametrize("name", PORTFOLIO_POSTS)
def test_another_municipality_cannot_write_either(worked, portfolio, outsider, login_client, name):
    response = login_client(outsider).post(url(name, portfolio), {"name": "x", "kind": "optimal", "source": "optimal"})
    assert response.status_code == 404
    assert not Scenario.objects.exists()


def test_another_municipalitys_measures_scenarios_and_cases_are_404(worked, portfolio, leader, outsider, login_client):
    scenario = services.create_optimal_scenario(portfolio, leader)
    measure = worked["M2"]
    client = login_client(outsider)
    assert client.get(url("measure_edit", portfolio, measure.pk)).status_code == 404
    assert client.post(url("measure_archive", portfolio, measure.pk), {"version": 1}).status_code == 404
    assert client.get(url("scenario", portfolio, scenario.pk)).status_code == 404
    assert client.post(url("scenario_archive", portfolio, scenario.pk), {"version": 1}).status_code == 404
    assert client.post(reverse("portfolio:create", args=[portfolio.case.pk])).status_code == 404


def test_the_list_shows_only_the_own_municipalitys_cases(portfolio, outsider, leader, login_client):
    assert portfolio.case.title not in login_client(outsider).get(reverse("portfolio:list")).content.decode()
    assert portfolio.case.title in login_client(leader).get(reverse("portfolio:list")).content.decode()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.CASEWORKER, 200),
        (Role.HEALTH_PERSONNEL, 200),
        (Role.LEADER, 200),
        (Role.DIRECTOR, 200),
        (Role.MUNICIPAL_ADMIN, 403),
    ],
)
def test_who_may_read_a_portfolio(worked, portfolio, user_factory, login_client, role, status):
    client = login_client(user_factory(role))
    assert client.get(url("detail", portfolio)).status_code == status
    assert client.get(url("scenarios", portfolio)).status_code == status
    assert client.get(url("export_xlsx", portfolio)).status_code == status
    assert client.get(reverse("portfolio:list")).status_code == status


def test_the_national_admin_and_anonymous_visitors_see_nothing(worked, portfolio, national_admin, login_client, client):
    assert login_client(national_admin).get(url("detail", portfolio)).status_code == 403
    response = client.get(url("detail", portfolio))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.HEALTH_PERSONNEL, Role.DIRECTOR, Role.MUNICIPAL_ADMIN])
def test_only_leaders_edit_a_service_portfolio(worked, portfolio, user_factory, login_client, role):
    client = login_client(user_factory(role))
    for name in ("budget", "measure_create", "import", "scenario_create"):
        assert client.get(url(name, portfolio)).status_code == 403
    assert client.post(url("scenario_optimal", portfolio)).status_code == 403
    assert client.post(url("budget", portfolio), {"budget_cost_nok": "1"}).status_code == 403
    assert client.get(url("measure_edit", portfolio, worked["M1"].pk)).status_code == 403
    assert not Scenario.objects.exists()


def test_a_reader_sees_no_edit_controls(worked, portfolio, caseworker, login_client):
    content = login_client(caseworker).get(url("detail", portfolio)).content.decode()
    assert url("measure_create", portfolio) not in content
    assert 'name="budget_cost_nok"' not in content
    assert 'type="range"' in content  # the slider is for everyone


def test_directors_edit_political_portfolios_and_leaders_do_not(political_portfolio, leader, director, login_client):
    assert login_client(director).get(url("measure_create", political_portfolio)).status_code == 200
    assert login_client(leader).get(url("measure_create", political_portfolio)).status_code == 403


def test_a_leader_creates_the_portfolio_from_the_list(service_case, leader, caseworker, login_client):
    content = login_client(leader).get(reverse("portfolio:list")).content.decode()
    assert reverse("portfolio:create", args=[service_case.pk]) in content
    assert login_client(caseworker).post(reverse("portfolio:create", args=[service_case.pk])).status_code == 403
    response = login_client(leader).post(reverse("portfolio:create", args=[service_case.pk]))
    assert response.status_code == 302
    assert service_case.portfolio.pk


def test_a_decided_case_sends_editors_back(worked, portfolio, leader, login_client):
    case = portfolio.case
    case.status = "decided"
    case.save()
    client = login_client(leader)
    response = client.get(url("measure_create", portfolio))
    assert response.status_code == 302
    assert client.get(url("detail", portfolio)).status_code == 200


# The workspace and its slider ------------------------------------------------------------------------------


def test_the_workspace_shows_the_optimum_and_a_labelled_slider(worked, portfolio, leader, login_client):
    response = login_client(leader).get(url("detail", portfolio))
    content = response.content.decode()
    assert response.context["optimum"].selected == ("M1", "M4", "M5", "M6")
    assert "2,375" in content
    assert 'type="range" id="budget-slider" name="point"' in content
    assert re.search(r'<label class="ds-label"[^>]*for="budget-slider">', content)
    assert '<output id="budget-slider-value" for="budget-slider">3\u00a0000\u00a0000</output>' in content
    assert 'method="get"' in content  # without JavaScript, a GET form shows the chosen level
    assert "portfolio/slider.js" in content
    assert "<script>" not in content  # no inline script: the CSP forbids it
    # Left out at the current budget, most severe first, with who is affected and the consequence.
    assert [m.code for m in response.context["left_out"]] == ["M2", "M3"]
    left = login_client(leader).get(url("detail", portfolio) + "?show=left")
    assert [r.measure.code for r in left.context["table_rows"]] == ["M2", "M3"]
    assert "Brukere av rehabilitering i institusjon" in left.content.decode()


def test_a_budget_level_without_javascript(worked, portfolio, leader, login_client):
    response = login_client(leader).get(url("detail", portfolio) + "?column=cost_nok&point=0")
    context = response.context
    assert context["point"] == 0
    assert context["step_budget"] == 1_500_000
    assert [m.code for m in context["leaving"]] == ["M4", "M5", "M6"]  # most severe first
    assert context["leaving"][0].severity == 4
    left = login_client(leader).get(url("detail", portfolio) + "?column=cost_nok&point=0&show=left")
    assert "Uten dagaktivitet for personer med demens øker risikoen." in left.content.decode()


def test_the_slider_with_htmx_swaps_a_precomputed_level(worked, portfolio, leader, login_client):
    client = login_client(leader)
    top = len(client.get(url("detail", portfolio)).context["frontier"].steps) - 1  # computes and caches it
    response = client.get(url("frontier", portfolio) + f"?column=cost_nok&point={top}", HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content
    assert 'id="frontier-status" hx-swap-oob="innerHTML"' in content
    assert response.context["step"].selected == ("M1", "M3", "M4", "M5", "M6")
    assert [m.code for m in response.context["entering"]] == ["M3"]
    # Without htmx the same address leads to the whole page at that level.
    plain = client.get(url("frontier", portfolio) + f"?column=cost_nok&point={top}")
    assert plain.status_code == 302
    assert f"point={top}" in plain["Location"]


def chosen_x(content: str) -> float:
    """The budget use the frontier chart marks (its chosen point's data-x)."""
    found = re.search(r'class="pri-frontier-chosen" data-x="([0-9.]+)"', content)
    assert found, "no marked point on the chart"
    return float(found.group(1))


def test_the_workspace_answers_what_the_budget_buys_at_the_top_with_the_frontier_chart(
    worked, portfolio, leader, login_client
):
    client = login_client(leader)
    content = client.get(url("detail", portfolio)).content.decode()
    bar = content[content.index('id="budget-bar"') : content.index('id="frontier-status"')]
    assert 'id="budget-slider"' in bar
    assert 'data-testid="budget-summary"' in bar
    summary = client.get(url("detail", portfolio)).context["summary"]
    assert (summary["selected"], summary["left_out"], summary["mandatory"]) == (4, 2, 1)
    assert summary["value"] == pytest.approx(2.375)
    assert content.index('id="budget-bar"') < content.index('class="pri-svg-chart"')  # the chart on the page
    assert chosen_x(content) == 3_000_000  # the budget's own level is marked
    low = client.get(url("detail", portfolio) + "?column=cost_nok&point=0")
    assert chosen_x(low.content.decode()) == low.context["step_used"] == 1_500_000
    assert low.context["summary"]["left_out"] == 5  # only the mandatory M1 at the legal minimum


def test_the_budget_control_moves_the_marked_point_and_the_summary_with_htmx(worked, portfolio, leader, login_client):
    client = login_client(leader)
    client.get(url("detail", portfolio))
    page = client.get(url("frontier", portfolio) + "?column=cost_nok&point=0", HTTP_HX_REQUEST="true")
    content = page.content.decode()
    assert chosen_x(content) == 1_500_000
    assert 'id="ws-summary" hx-swap-oob="innerHTML"' in content
    assert 'id="measure-table" hx-swap-oob="innerHTML"' in content
    assert [r.measure.code for r in page.context["table_rows"]] == ["M1"]  # selected at this level
    top = client.get(url("frontier", portfolio) + "?column=cost_nok&point=999", HTTP_HX_REQUEST="true")
    assert chosen_x(top.content.decode()) == 3_000_000  # an odd level falls back to the budget


def test_budget_levels_are_whole_kroner_and_round_between_the_ends(worked, portfolio, leader, login_client):
    services.set_budget(portfolio, leader, {"cost_nok": Decimal("2345678.9")})
    response = login_client(leader).get(url("detail", portfolio))
    labels = response.context["labels"]
    assert all("," not in label for label in labels), labels  # no øre
    levels = [s.budget["cost_nok"] for s in response.context["frontier"].steps]
    inner = [x for x in levels[1:-1] if not math.isclose(x, 2345678.9)]
    assert inner
    assert all(x % 100_000 == 0 for x in inner)
    assert response.context["step_budget"] == pytest.approx(2345678.9)  # the budget is a level


def test_what_enters_and_leaves_one_step_up_and_one_step_down(worked, portfolio, leader, login_client):
    response = login_client(leader).get(url("detail", portfolio) + "?column=cost_nok&point=2")
    steps = response.context["frontier"].steps
    down, up = (m["step"] for m in response.context["step_moves"])
    here, below, above = (set(steps[k].selected) for k in (2, 1, 3))
    assert {m.code for m in up["enter"]} == above - here
    assert {m.code for m in up["leave"]} == here - above
    assert {m.code for m in down["enter"]} == below - here
    assert {m.code for m in down["leave"]} == here - below
    assert up["budget"] == steps[3].budget["cost_nok"]
    assert down["budget"] == steps[1].budget["cost_nok"]
    first = login_client(leader).get(url("detail", portfolio) + "?column=cost_nok&point=0")
    assert first.context["step_moves"][0]["step"] is None  # nothing below the legal minimum


def test_the_measure_table_filters_sorts_and_shows_the_tabs(worked, portfolio, leader, login_client):
    client = login_client(leader)
    response = client.get(url("detail", portfolio) + "?show=all&q=rehab&sort=name")
    assert [r.measure.code for r in response.context["table_rows"]] == ["M2", "M3"]
    tabs = {key: count for key, _label, count in response.context["table_tabs"]}
    assert tabs == {"selected": 0, "left": 2, "mandatory": 0, "all": 2}
    by_value = client.get(url("detail", portfolio) + "?show=all&sort=value").context["table_rows"]
    values = [r.value for r in by_value]
    assert values == sorted(values, reverse=True)
    mandatory = client.get(url("detail", portfolio) + "?show=mandatory").context["table_rows"]
    assert [r.measure.code for r in mandatory] == ["M1"]
    content = client.get(url("detail", portfolio)).content.decode()
    assert 'tabindex="0" role="region" aria-labelledby="measure-table-caption"' in content
    assert 'aria-current="page" data-tab="selected"' in content
    # Odd input: control characters dropped, the length capped, unknown tab and sort fall back.
    odd = client.get(url("detail", portfolio) + "?q=" + "re%00hab" + "x" * 500 + "&show=nope&sort=nope")
    assert odd.status_code == 200
    assert odd.context["table_query"].startswith("rehab")
    assert len(odd.context["table_query"]) <= 100
    assert (odd.context["table_tab"], odd.context["table_sort"]) == ("selected", "order")


def test_scenarios_and_the_budget_have_their_own_tabs(worked, portfolio, leader, login_client):
    services.create_optimal_scenario(portfolio, leader)
    client = login_client(leader)
    scenarios = client.get(url("detail", portfolio) + "?view=scenarios").content.decode()
    assert 'id="scenarios-heading"' in scenarios
    assert 'id="measure-table"' not in scenarios
    assert "/scenarios/optimal/" in scenarios
    budget = client.get(url("detail", portfolio) + "?view=budget").content.decode()
    assert f'action="/portfolio/{portfolio.pk}/budget/"' in budget
    assert "export.xlsx" in budget
    answer = client.get(url("detail", portfolio)).content.decode()
    assert 'id="measure-table"' in answer
    assert 'id="scenarios-heading"' not in answer


def test_moving_the_budget_control_writes_nothing(worked, portfolio, leader, login_client, settings, queued_tasks):
    from prioritet.portfolio.models import RobustnessAnalysis

    settings.PORTFOLIO_ROBUSTNESS_INLINE_LIMIT = 0
    client = login_client(leader)
    before = RobustnessAnalysis.objects.count()
    response = client.get(url("frontier", portfolio) + "?column=cost_nok&point=1", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert RobustnessAnalysis.objects.count() == before  # the htmx look-up reads, never queues


def test_a_page_view_does_not_recompute(worked, portfolio, leader, login_client, monkeypatch):
    client = login_client(leader)
    client.get(url("detail", portfolio))
    calls = []
    for name in ("optimise", "frontier", "robustness"):
        original = getattr(analysis.engine, name)

        def spy(*args, _original=original, _name=name, **kwargs):
            calls.append(_name)
            return _original(*args, **kwargs)

        monkeypatch.setattr(analysis.engine, name, spy)
    client.get(url("detail", portfolio))
    client.get(url("frontier", portfolio) + "?point=3", HTTP_HX_REQUEST="true")
    assert calls == []


def test_robustness_status_polls_while_pending(worked, portfolio, leader, login_client, settings, queued_tasks):
    from prioritet.portfolio.models import RobustnessAnalysis

    settings.PORTFOLIO_ROBUSTNESS_INLINE_LIMIT = 0
    client = login_client(leader)
    content = client.get(url("detail", portfolio)).content.decode()
    poll = f'hx-post="{url("robustness", portfolio)}"'
    assert poll in content
    assert "every 5s" in content
    assert not RobustnessAnalysis.objects.exists()  # the page only reads: its poll, a POST, asks
    assert client.get(url("robustness", portfolio), HTTP_HX_REQUEST="true").context["robustness"].status == "pending"
    assert not RobustnessAnalysis.objects.exists()
    response = client.post(url("robustness", portfolio), HTTP_HX_REQUEST="true")
    assert poll in response.content.decode()
    assert "every 5s" in response.content.decode()
    assert RobustnessAnalysis.objects.count() == 1
    run_queued_tasks()
    response = client.post(url("robustness", portfolio), HTTP_HX_REQUEST="true")
    assert "every 5s" not in response.content.decode()
    assert response.context["robustness"].ready
    assert RobustnessAnalysis.objects.count() == 1
    content = client.get(url("detail", portfolio)).content.decode()
    assert nb("always in") in content


def test_an_empty_portfolio_says_what_to_do(portfolio, leader, login_client):
    response = login_client(leader).get(url("detail", portfolio))
    assert response.status_code == 200
    assert response.context["rows"] == []


def test_mandatory_measures_above_the_budget_show_the_shortfall(worked, portfolio, leader, login_client):
    services.set_budget(portfolio, leader, {"cost_nok": Decimal(1_000_000)})
    response = login_client(leader).get(url("detail", portfolio))
    assert response.status_code == 200
    assert "500\u00a0000" in response.content.decode()


# Forms --------------------------------------------------------------------------------------------------------


def test_the_measure_form_refuses_a_mandatory_measure_without_legal_basis(portfolio, leader, login_client):
    data = {
        "code": "N1",
        "name": "Nattevakt",
        "kind": "new",
        "benefit": "3",
        "severity": "5",
        "resources": "4",
        "mandatory": "on",
        "legal_basis": "",
        "amount_cost_nok": "1 250 000,50",
        "amount_fte": "1,5",
    }
    response = login_client(leader).post(url("measure_create", portfolio), data)
    assert response.status_code == 200
    assert "legal_basis" in response.context["form"].errors
    assert not Measure.objects.exists()
    data["legal_basis"] = "Helse- og omsorgstjenesteloven § 4-1"
    response = login_client(leader).post(url("measure_create", portfolio), data)
    assert response.status_code == 302
    measure = Measure.objects.get()
    assert measure.mandatory
    assert MeasureAmount.objects.get(measure=measure, column__key="cost_nok").amount == Decimal("1250000.5")


def test_the_measure_form_refuses_a_stale_version(worked, portfolio, leader, login_client):
    measure = worked["M6"]
    services.update_measure(measure, leader, measure.version, name="Endret av en annen")
    data = {
        "code": "M6",
        "name": "Mitt navn",
        "kind": "new",
        "benefit": "3",
        "severity": "2",
        "resources": "3",
        "amount_cost_nok": "500000",
        "amount_fte": "",
        "version": str(measure.version),
    }
    response = login_client(leader).post(url("measure_edit", portfolio, measure.pk), data)
    assert response.status_code == 200
    assert nb(CONFLICT["measure"]) in response.content.decode()
    measure.refresh_from_db()
    assert measure.name == "Endret av en annen"


def test_the_budget_form_reads_norwegian_numbers(portfolio, leader, login_client):
    client = login_client(leader)
    response = client.post(url("budget", portfolio), {"budget_cost_nok": "12 500 000,50", "budget_fte": ""})
    assert response.status_code == 302
    response = client.post(url("budget", portfolio), {"budget_cost_nok": "mange penger", "budget_fte": "-1"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"budget_cost_nok", "budget_fte"}


def test_archiving_a_measure_from_its_page(worked, portfolio, leader, login_client):
    m6 = worked["M6"]
    response = login_client(leader).post(
        url("measure_archive", portfolio, m6.pk), {"version": m6.version, "archived": "on"}
    )
    assert response.status_code == 302
    m6.refresh_from_db()
    assert m6.archived


# Scenarios ----------------------------------------------------------------------------------------------------


def test_save_the_optimal_selection_and_a_budget_level(worked, portfolio, leader, login_client):
    client = login_client(leader)
    client.get(url("detail", portfolio))
    response = client.post(
        url("scenario_save", portfolio), {"name": "Rådmannens forslag", "kind": "proposal", "source": "optimal"}
    )
    assert response.status_code == 302
    response = client.post(
        url("scenario_save", portfolio),
        {"name": "Kutt", "kind": "political", "source": "point", "column": "cost_nok", "point": "0"},
    )
    assert response.status_code == 302
    proposal, cut = Scenario.objects.order_by("id")
    assert sorted(m.code for m in proposal.measures.all()) == ["M1", "M4", "M5", "M6"]
    assert [m.code for m in cut.measures.all()] == ["M1"]
    assert cut.budget["cost_nok"] == "1500000.000000"
    assert cut.kind == ScenarioKind.POLITICAL


def test_create_the_optimal_scenario(worked, portfolio, leader, login_client):
    response = login_client(leader).post(url("scenario_optimal", portfolio))
    assert response.status_code == 302
    assert Scenario.objects.get().kind == ScenarioKind.OPTIMAL


def test_a_manual_scenario_is_checked_before_it_is_saved(worked, portfolio, leader, login_client):
    client = login_client(leader)
    data = {
        "name": "Politisk alternativ",
        "kind": "political",
        "note": "",
        "measures": [worked[c].pk for c in ("M2", "M3", "M5")],
        "budget_cost_nok": "3 000 000",
        "budget_fte": "",
        "action": "check",
    }
    response = client.post(url("scenario_create", portfolio), data)
    assert response.status_code == 200
    check = response.context["check"]
    assert [m.code for m in check.missing_mandatory] == ["M1"]
    assert [g for g, _ in check.group_conflicts] == ["rehab"]
    assert [(a.code, b.code) for a, b in check.broken_requires] == [("M5", "M4")]
    assert not Scenario.objects.exists()
    data["action"] = "save"
    response = client.post(url("scenario_create", portfolio), data)
    assert response.status_code == 200
    assert "measures" in response.context["form"].errors
    assert not Scenario.objects.exists()
    data["measures"] = [worked[c].pk for c in ("M1", "M2", "M3", "M5")]
    response = client.post(url("scenario_create", portfolio), data)
    assert response.status_code == 302  # breaks a group and a requires, but keeps the legal minimum
    assert Scenario.objects.get().measures.count() == 4


def test_a_scenario_edit_with_a_stale_version_is_refused(worked, portfolio, leader, login_client):
    scenario = services.create_optimal_scenario(portfolio, leader, name="A")
    version = scenario.version
    services.update_scenario(scenario, leader, version, name="B")
    data = {
        "name": "C",
        "kind": "optimal",
        "note": "",
        "measures": [worked["M1"].pk],
        "budget_cost_nok": "",
        "budget_fte": "",
        "version": str(version),
        "action": "save",
    }
    response = login_client(leader).post(url("scenario", portfolio, scenario.pk), data)
    assert response.status_code == 200
    assert nb(CONFLICT["scenario"]) in response.content.decode()
    scenario.refresh_from_db()
    assert scenario.name == "B"


def test_readers_see_scenarios_but_cannot_change_them(worked, portfolio, leader, caseworker, login_client):
    scenario = services.create_optimal_scenario(portfolio, leader, name="A")
    client = login_client(caseworker)
    response = client.get(url("scenario", portfolio, scenario.pk))
    assert response.status_code == 200
    assert 'name="measures"' not in response.content.decode()
    assert client.post(url("scenario", portfolio, scenario.pk), {"name": "x"}).status_code == 403


def test_scenarios_side_by_side(worked, portfolio, leader, login_client):
    optimal = services.create_optimal_scenario(portfolio, leader, name="Optimal")
    minimum = services.create_scenario(portfolio, leader, name="Minimum", kind="political", measures=[worked["M1"]])
    response = login_client(leader).get(url("scenarios", portfolio))
    content = response.content.decode()
    assert "Optimal" in content
    assert "Minimum" in content
    assert [c.scenario for c in response.context["comparison"].scenarios] == [optimal, minimum]
    response = login_client(leader).get(url("scenarios", portfolio) + f"?scenarios={minimum.pk}")
    assert [c.scenario for c in response.context["comparison"].scenarios] == [minimum]


# Resource columns -------------------------------------------------------------------------------------------


def test_leaders_add_resource_columns(portfolio, leader, caseworker, login_client):
    response = login_client(leader).post(
        reverse("portfolio:columns"), {"key": "timer", "label": "Timer", "unit": "per uke"}
    )
    assert response.status_code == 302
    assert portfolio.municipality.resource_columns.filter(key="timer").exists()
    response = login_client(leader).post(reverse("portfolio:columns"), {"key": "Timer!", "label": "x", "unit": ""})
    assert "key" in response.context["form"].errors
    assert login_client(caseworker).post(reverse("portfolio:columns"), {"key": "y", "label": "y"}).status_code == 403
    assert login_client(caseworker).get(reverse("portfolio:columns")).status_code == 200


# Accessible names --------------------------------------------------------------------------------------------


class _Controls(HTMLParser):
    """Every form control and whether it has a name a screen reader announces."""

    def __init__(self) -> None:
        super().__init__()
        self.labels: set[str] = set()
        self.controls: list[dict] = []
        self.buttons: list[str] = []
        self._button: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "label" and a.get("for"):
            self.labels.add(a["for"])
        if tag in ("input", "select", "textarea") and a.get("type") not in ("hidden", "submit"):
            self.controls.append(a)
        if tag == "button":
            self._button = []

    def handle_data(self, data):
        if self._button is not None:
            self._button.append(data)

    def handle_endtag(self, tag):
        if tag == "button" and self._button is not None:
            self.buttons.append("".join(self._button).strip())
            self._button = None


def _unlabelled(content: str) -> list[dict]:
    parser = _Controls()
    parser.feed(content)
    assert all(parser.buttons), "a button without text"
    return [c for c in parser.controls if c.get("id") not in parser.labels and not c.get("aria-label")]


def test_every_control_has_a_label(worked, portfolio, leader, login_client):
    client = login_client(leader)
    scenario = services.create_optimal_scenario(portfolio, leader)
    pages = [
        url("detail", portfolio),
        url("measure_create", portfolio),
        url("measure_edit", portfolio, worked["M1"].pk),
        url("scenario_create", portfolio),
        url("scenario", portfolio, scenario.pk),
        url("scenarios", portfolio),
        url("import", portfolio),
        url("budget", portfolio),
        reverse("portfolio:columns"),
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        assert _unlabelled(response.content.decode()) == [], page


@pytest.mark.parametrize("query", ["?point=abc", "?point=999", "?column=nonsense&point=-1", "?column=fte"])
def test_odd_slider_parameters_fall_back_to_the_budget(worked, portfolio, leader, login_client, query):
    response = login_client(leader).get(url("detail", portfolio) + query)
    assert response.status_code == 200
    if "fte" in query:
        assert response.context["column"] == "fte"
    else:
        assert response.context["column"] == "cost_nok"
        assert response.context["step_budget"] == 3_000_000


def test_the_case_finds_its_portfolio(portfolio, service_case, political_case):
    from prioritet.portfolio import selectors

    assert selectors.portfolio_for_case(service_case) == portfolio
    assert selectors.portfolio_for_case(political_case) is None


def test_the_case_page_links_to_the_portfolio_and_the_link_offers_to_create_one(login_client, leader, service_case):
    from django.urls import reverse

    html = login_client(leader).get(reverse("cases:detail", args=[service_case.pk])).content.decode()
    link = reverse("portfolio:for_case", args=[service_case.pk])
    assert link in html
    page = login_client(leader).get(link)
    assert page.status_code == 200
    assert reverse("portfolio:create", args=[service_case.pk]) in page.content.decode()


def test_a_robustness_analysis_stopped_by_its_time_limit_says_so_with_its_samples_and_interval(
    worked, portfolio, leader, login_client, settings, queued_tasks
):
    settings.PORTFOLIO_ROBUSTNESS_INLINE_LIMIT = 0
    settings.PORTFOLIO_ROBUSTNESS_SECONDS = 0.0
    client = login_client(leader)
    client.post(url("robustness", portfolio), HTTP_HX_REQUEST="true")
    run_queued_tasks()
    response = client.get(url("robustness", portfolio), HTTP_HX_REQUEST="true")
    result = response.context["robustness"]
    assert (result.stopped_early, result.samples, result.requested) == (True, 0, 2000)
    with translation.override("nb"):
        expected = result.caveat
    assert "0 av 2" in expected
    assert "100 prosentpoeng" in expected
    assert expected in response.content.decode()
    # It says too that benefit's weight was taken on the grid (the core index's method).
    with translation.override("nb"):
        grid = result.grid_note
    assert "steg på 5 prosentpoeng" in grid
    assert grid in response.content.decode()
