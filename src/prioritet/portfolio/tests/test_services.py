"""Services and the conversion: the portfolio's rules hold for every caller, not only the forms."""

from __future__ import annotations

import uuid
from decimal import Decimal

import numpy as np
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from prioritet.accounts.models import Role
from prioritet.cases import services as case_services
from prioritet.cases.models import Level
from prioritet.core.concurrency import ConcurrentEditError
from prioritet.core.tasks import run_queued_tasks
from prioritet.engine import CRITERIA, Criterion
from prioritet.portfolio import selectors, services
from prioritet.portfolio.conversion import engine_measures
from prioritet.portfolio.models import (
    Budget,
    Measure,
    Portfolio,
    ResourceColumn,
    RobustnessAnalysis,
    Scenario,
    ScenarioKind,
)

from .conftest import add_worked_example


def measure_fields(**extra):
    fields = {"code": "X", "name": "Tiltak X", "benefit": 3, "severity": 3, "resources": 3}
    fields.update(extra)
    return fields


# Portfolio and resource columns -----------------------------------------------------------------------


def test_a_portfolio_starts_with_nok_and_fte_columns(portfolio):
    keys = list(ResourceColumn.objects.filter(municipality=portfolio.municipality).values_list("key", flat=True))
    assert keys == ["cost_nok", "fte"]


def test_one_portfolio_per_case_and_only_at_service_or_political_level(service_case, leader, user_factory):
    first = services.create_portfolio(service_case, leader)
    assert services.create_portfolio(service_case, leader) == first
    assert Portfolio.objects.count() == 1
    caseworker = user_factory(Role.CASEWORKER)
    individual = case_services.create_case(
        caseworker.municipality,
        caseworker,
        no_action_consequence="Funksjonstap.",
        level=Level.INDIVIDUAL,
        title="Søknad",
    )
    with pytest.raises(ValidationError):
        services.create_portfolio(individual, caseworker)


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.HEALTH_PERSONNEL, Role.DIRECTOR, Role.MUNICIPAL_ADMIN])
def test_only_leaders_create_the_portfolio_of_a_service_case(service_case, user_factory, role):
    with pytest.raises(PermissionDenied):
        services.create_portfolio(service_case, user_factory(role))


def test_a_municipality_may_define_more_resource_columns(portfolio, leader, caseworker):
    column = services.create_resource_column(portfolio.municipality, leader, key="timer", label="Timer", unit="per uke")
    assert column.position == 2
    with pytest.raises(ValidationError):
        services.create_resource_column(portfolio.municipality, leader, key="timer", label="Igjen")
    with pytest.raises(ValidationError):
        services.create_resource_column(portfolio.municipality, leader, key="Kostnad kr", label="Ugyldig")
    with pytest.raises(PermissionDenied):
        services.create_resource_column(portfolio.municipality, caseworker, key="plasser", label="Plasser")


# Measures -----------------------------------------------------------------------------------------------


def test_a_mandatory_measure_needs_a_legal_basis(portfolio, leader):
    with pytest.raises(ValidationError) as err:
        services.create_measure(portfolio, leader, **measure_fields(mandatory=True, legal_basis="  "))
    assert "legal_basis" in err.value.message_dict
    assert not Measure.objects.exists()
    measure = services.create_measure(portfolio, leader, **measure_fields())
    with pytest.raises(ValidationError):
        services.update_measure(measure, leader, measure.version, mandatory=True)
    measure.refresh_from_db()
    assert not measure.mandatory


def test_two_mandatory_measures_cannot_share_an_exclusive_group(portfolio, leader):
    services.create_measure(
        portfolio, leader, **measure_fields(code="A", mandatory=True, legal_basis="§ 4-1", group="g")
    )
    with pytest.raises(ValidationError) as err:
        services.create_measure(
            portfolio, leader, **measure_fields(code="B", mandatory=True, legal_basis="§ 4-1", group="g")
        )
    assert "group" in err.value.message_dict


def test_requires_stays_within_the_portfolio(portfolio, political_portfolio, leader, director):
    own = services.create_measure(portfolio, leader, **measure_fields(code="A"))
    foreign = services.create_measure(political_portfolio, director, **measure_fields(code="F"))
    with pytest.raises(ValidationError) as err:
        services.create_measure(portfolio, leader, **measure_fields(code="B", requires=foreign))
    assert "requires" in err.value.message_dict
    with pytest.raises(ValidationError):
        services.update_measure(own, leader, own.version, requires=own)


def test_ids_are_unique_in_a_portfolio(portfolio, political_portfolio, leader, director):
    services.create_measure(portfolio, leader, **measure_fields(code="A"))
    with pytest.raises(ValidationError):
        services.create_measure(portfolio, leader, **measure_fields(code="A"))
    services.create_measure(political_portfolio, director, **measure_fields(code="A"))  # another portfolio: fine


def test_a_stale_version_is_refused_and_nothing_is_written(portfolio, leader):
    measure = services.create_measure(portfolio, leader, amounts={"cost_nok": Decimal(100)}, **measure_fields())
    services.update_measure(measure, leader, measure.version, name="Først")
    with pytest.raises(ConcurrentEditError) as err:
        services.update_measure(measure, leader, measure.version, name="Sist", amounts={"cost_nok": Decimal(5)})
    assert err.value.current.name == "Først"
    measure.refresh_from_db()
    assert measure.name == "Først"
    assert measure.amounts.get().amount == Decimal(100)


def test_a_required_measure_cannot_be_archived(worked, leader):
    m4 = worked["M4"]
    with pytest.raises(ValidationError):
        services.set_measure_archived(m4, leader, m4.version, True)
    m5 = worked["M5"]
    services.set_measure_archived(m5, leader, m5.version, True)
    m4.refresh_from_db()
    services.set_measure_archived(m4, leader, m4.version, True)
    assert Measure.objects.filter(archived=True).count() == 2
    assert Measure.objects.count() == 6  # nothing deleted


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.HEALTH_PERSONNEL, Role.DIRECTOR, Role.MUNICIPAL_ADMIN])
def test_only_leaders_change_a_service_portfolio(portfolio, user_factory, role):
    with pytest.raises(PermissionDenied):
        services.create_measure(portfolio, user_factory(role), **measure_fields())


def test_only_directors_change_a_political_portfolio(political_portfolio, leader, director):
    with pytest.raises(PermissionDenied):
        services.create_measure(political_portfolio, leader, **measure_fields())
    services.create_measure(political_portfolio, director, **measure_fields())


def test_a_decided_case_freezes_its_portfolio(worked, portfolio, leader):
    case = portfolio.case
    case.status = "decided"
    case.save()
    portfolio.refresh_from_db()
    m6 = worked["M6"]
    with pytest.raises(ValidationError):
        services.update_measure(m6, leader, m6.version, name="Nytt navn")
    with pytest.raises(ValidationError):
        services.set_budget(portfolio, leader, {"cost_nok": Decimal(1)})
    with pytest.raises(ValidationError):
        services.create_optimal_scenario(portfolio, leader)


def test_the_budget_is_set_and_emptied_never_deleted(portfolio, leader):
    services.set_budget(portfolio, leader, {"cost_nok": Decimal("2500000.50"), "fte": None})
    assert selectors.portfolio_data(portfolio).budget == {"cost_nok": 2_500_000.5}
    services.set_budget(portfolio, leader, {"cost_nok": None})
    assert selectors.portfolio_data(portfolio).budget == {}
    assert Budget.objects.count() == 1
    assert Budget.history.count() == 2
    with pytest.raises(ValidationError):
        services.set_budget(portfolio, leader, {"unknown": Decimal(1)})
    with pytest.raises(ValidationError):
        services.set_budget(portfolio, leader, {"fte": Decimal(-1)})


# Conversion to the engine --------------------------------------------------------------------------------


def test_the_portfolio_becomes_the_engines_measures(worked, portfolio, leader):
    m2 = worked["M2"]
    services.set_measure_archived(m2, leader, m2.version, True)
    measures = engine_measures(portfolio)
    assert measures.ids == ("M1", "M3", "M4", "M5", "M6")
    assert measures.names[0] == "Forsvarlig nattbemanning"
    b, s, r = (CRITERIA.index(c) for c in (Criterion.BENEFIT, Criterion.SEVERITY, Criterion.RESOURCES))
    assert measures.scores[0, b] == 3
    assert measures.scores[0, s] == 5
    assert measures.scores[0, r] == 3
    assert list(measures.resources) == ["cost_nok", "fte"]
    assert measures.resources["cost_nok"].tolist() == [1_500_000, 600_000, 800_000, 200_000, 500_000]
    assert measures.resources["fte"][0] == pytest.approx(1.875)
    assert measures.mandatory.tolist() == [True, False, False, False, False]
    assert measures.groups == (None, "rehab", None, None, None)
    assert measures.requires == (None, None, None, "M4", None)


def test_the_fingerprint_follows_every_number_but_not_the_texts(worked, portfolio, leader):
    before = selectors.portfolio_data(portfolio).measures_key
    m6 = worked["M6"]
    m6 = services.update_measure(m6, leader, m6.version, name="Nytt navn", consequence="Annen tekst")
    assert selectors.portfolio_data(portfolio).measures_key == before
    services.update_measure(m6, leader, m6.version, amounts={"cost_nok": Decimal(500_001)})
    assert selectors.portfolio_data(portfolio).measures_key != before


def test_an_edit_is_never_served_a_stale_result(worked, portfolio, leader):
    best = selectors.optimum(selectors.portfolio_data(portfolio))
    assert best.selected == ("M1", "M4", "M5", "M6")
    m3 = worked["M3"]
    services.update_measure(m3, leader, m3.version, benefit=5, severity=5)
    best = selectors.optimum(selectors.portfolio_data(portfolio))
    assert "M3" in best.selected


def test_the_optimum_uses_the_municipalitys_weights_without_resources(worked, portfolio):
    from prioritet.weighting.models import WeightVersion

    WeightVersion.objects.create(
        municipality=portfolio.municipality, number=2, benefit=1, severity=3, resources=5, reason="test"
    )
    best = selectors.optimum(selectors.portfolio_data(portfolio))
    assert best.weights == {"benefit": 0.25, "severity": 0.75}
    assert best.value == pytest.approx(2.4375)  # methods §6.5


def test_mandatory_measures_that_do_not_fit_give_the_shortfall(worked, portfolio, leader):
    services.set_budget(portfolio, leader, {"cost_nok": Decimal(1_000_000)})
    best = selectors.optimum(selectors.portfolio_data(portfolio))
    assert not best.ok
    assert best.shortfall == {"cost_nok": 500_000}


def test_robustness_classes(worked, portfolio):
    result = selectors.robustness(selectors.portfolio_data(portfolio))
    assert result.ready
    assert result.samples == 2000
    assert result.core["M1"] == 1.0
    classes = result.classes()
    assert classes["M1"] == selectors.Inclusion.ALWAYS
    assert classes["M2"] == selectors.Inclusion.NEVER
    assert selectors.inclusion(0.5) == selectors.Inclusion.SOMETIMES
    assert selectors.inclusion(0.99) == selectors.Inclusion.ALWAYS
    assert selectors.inclusion(0.01) == selectors.Inclusion.NEVER


def test_robustness_of_a_large_portfolio_runs_in_a_background_task(worked, portfolio, settings, queued_tasks):
    settings.PORTFOLIO_ROBUSTNESS_INLINE_LIMIT = 0
    data = selectors.portfolio_data(portfolio)
    first = services.request_robustness(data)
    assert first.status == selectors.RobustnessStatus.PENDING
    run_queued_tasks()
    second = selectors.robustness(data)
    assert second.ready
    assert second.core["M1"] == 1.0
    record = RobustnessAnalysis.objects.get()
    assert (record.status, record.municipality, record.portfolio) == ("done", portfolio.municipality, portfolio)
    assert record.result["core"] == second.core


def test_a_second_request_for_the_same_analysis_finds_the_queued_one(worked, portfolio, settings, queued_tasks):
    settings.PORTFOLIO_ROBUSTNESS_INLINE_LIMIT = 0
    for _ in range(3):
        assert (
            services.request_robustness(selectors.portfolio_data(portfolio)).status
            == selectors.RobustnessStatus.PENDING
        )
    record = RobustnessAnalysis.objects.get()
    assert record.status == "queued"
    assert list(DBTaskResult.objects.values_list("id", flat=True)) == [uuid.UUID(record.task_id)]


def test_an_analysis_whose_portfolio_changed_before_it_ran_fails_and_the_new_inputs_get_their_own(
    worked, portfolio, leader, settings, queued_tasks
):
    settings.PORTFOLIO_ROBUSTNESS_INLINE_LIMIT = 0
    services.request_robustness(selectors.portfolio_data(portfolio))
    services.set_budget(portfolio, leader, {"cost_nok": Decimal(2_500_000)})
    run_queued_tasks()
    assert RobustnessAnalysis.objects.get().status == "failed"
    assert services.request_robustness(selectors.portfolio_data(portfolio)).status == selectors.RobustnessStatus.PENDING
    run_queued_tasks()
    assert selectors.robustness(selectors.portfolio_data(portfolio)).ready
    assert sorted(RobustnessAnalysis.objects.values_list("status", flat=True)) == ["done", "failed"]


def test_reading_the_robustness_of_a_large_portfolio_queues_nothing(worked, portfolio, settings, queued_tasks):
    settings.PORTFOLIO_ROBUSTNESS_INLINE_LIMIT = 0
    data = selectors.portfolio_data(portfolio)
    assert selectors.robustness(data).status == selectors.RobustnessStatus.PENDING
    assert not RobustnessAnalysis.objects.exists()
    assert not DBTaskResult.objects.exists()
    services.request_robustness(data)
    assert RobustnessAnalysis.objects.get().status == "queued"


def test_no_robustness_without_a_budget(portfolio, leader):
    add_worked_example(portfolio, leader)
    assert selectors.robustness(selectors.portfolio_data(portfolio)).status == selectors.RobustnessStatus.NO_BUDGET


# Scenarios -----------------------------------------------------------------------------------------------


def test_a_scenario_without_a_mandatory_measure_is_always_refused(worked, portfolio, leader):
    with pytest.raises(ValidationError) as err:
        services.create_scenario(
            portfolio, leader, name="Uten nattbemanning", kind=ScenarioKind.POLITICAL, measures=[worked["M4"]]
        )
    assert "M1" in str(err.value)
    assert not Scenario.objects.exists()
    scenario = services.create_scenario(
        portfolio, leader, name="Minimum", kind=ScenarioKind.POLITICAL, measures=[worked["M1"]]
    )
    with pytest.raises(ValidationError):
        services.update_scenario(scenario, leader, scenario.version, measures=[worked["M4"]])
    assert list(Scenario.objects.get().measures.all()) == [worked["M1"]]


def test_what_a_mandatory_measure_requires_is_part_of_the_floor(portfolio, leader):
    base = services.create_measure(portfolio, leader, **measure_fields(code="BASE"))
    top = services.create_measure(
        portfolio, leader, **measure_fields(code="TOP", mandatory=True, legal_basis="§ 4-1", requires=base)
    )
    with pytest.raises(ValidationError):
        services.create_scenario(portfolio, leader, name="S", kind=ScenarioKind.PROPOSAL, measures=[top])
    services.create_scenario(portfolio, leader, name="S", kind=ScenarioKind.PROPOSAL, measures=[top, base])


def test_a_scenario_shows_broken_budget_groups_and_requires(worked, portfolio, leader):
    chosen = [worked[c] for c in ("M1", "M2", "M3", "M5", "M6")]
    scenario = services.create_scenario(
        portfolio, leader, name="Alt unntatt dagaktivitet", kind=ScenarioKind.POLITICAL, measures=chosen
    )
    check = selectors.check_scenario(selectors.portfolio_data(portfolio), scenario)
    assert check.over == {"cost_nok": pytest.approx(1_000_000)}
    assert [(g, [m.code for m in ms]) for g, ms in check.group_conflicts] == [("rehab", ["M2", "M3"])]
    assert [(a.code, b.code) for a, b in check.broken_requires] == [("M5", "M4")]
    assert not check.missing_mandatory
    assert [m.code for m in check.left_out] == ["M4"]
    assert check.breaks_rules
    assert check.can_be_saved
    assert check.value == pytest.approx(0.75 * 3 + 0.5 + 0.375)


def test_the_optimal_scenario_is_the_optimum_with_the_budget_it_was_made_for(worked, portfolio, leader):
    scenario = services.create_optimal_scenario(portfolio, leader)
    assert scenario.kind == ScenarioKind.OPTIMAL
    assert sorted(m.code for m in scenario.measures.all()) == ["M1", "M4", "M5", "M6"]
    assert scenario.budget == {"cost_nok": "3000000.000000", "fte": None}
    services.set_budget(portfolio, leader, {"cost_nok": Decimal(2_000_000)})
    check = selectors.check_scenario(selectors.portfolio_data(portfolio), scenario)
    assert not check.breaks_rules  # still held against its own budget


def test_a_stale_scenario_version_is_refused(worked, portfolio, leader):
    scenario = services.create_optimal_scenario(portfolio, leader, name="A")
    services.update_scenario(scenario, leader, scenario.version, name="B")
    with pytest.raises(ConcurrentEditError):
        services.update_scenario(scenario, leader, scenario.version, name="C", measures=[worked["M1"]])
    scenario.refresh_from_db()
    assert scenario.name == "B"
    assert scenario.measures.count() == 4


def test_scenarios_keep_their_history_and_are_archived_not_deleted(worked, portfolio, leader):
    scenario = services.create_optimal_scenario(portfolio, leader, name="A")
    scenario = services.update_scenario(scenario, leader, scenario.version, measures=[worked["M1"], worked["M4"]])
    services.set_scenario_archived(scenario, leader, scenario.version, True)
    assert Scenario.objects.get().archived
    assert scenario.history.count() >= 3
    assert selectors.scenarios_of(portfolio) == []


def test_comparison_lines_scenarios_up(worked, portfolio, leader):
    optimal = services.create_optimal_scenario(portfolio, leader, name="Optimal")
    minimum = services.create_scenario(
        portfolio, leader, name="Minimum", kind=ScenarioKind.POLITICAL, measures=[worked["M1"]]
    )
    comparison = selectors.compare_scenarios(selectors.portfolio_data(portfolio), [optimal, minimum])
    assert [c.scenario for c in comparison.scenarios] == [optimal, minimum]
    assert comparison.scenarios[0].check.value == pytest.approx(2.375)
    assert comparison.scenarios[1].check.used["cost_nok"] == 1_500_000
    rows = {m.code: chosen for m, chosen in comparison.rows}
    assert rows["M1"] == (True, True)
    assert rows["M4"] == (True, False)
    assert rows["M2"] == (False, False)
    assert [m.code for m in comparison.scenarios[1].check.left_out][:3] == ["M2", "M3", "M4"]


def test_selected_measure_archived_later_is_shown_as_such(worked, portfolio, leader):
    scenario = services.create_optimal_scenario(portfolio, leader)
    m6 = worked["M6"]
    services.set_measure_archived(m6, leader, m6.version, True)
    data = selectors.portfolio_data(portfolio)
    check = selectors.check_scenario(data, scenario)
    assert [m.code for m in check.archived] == ["M6"]
    assert "M6" not in {m.code for m in check.selected}
    assert np.isclose(check.value, 2.0)


def test_a_stored_robustness_analysis_keeps_its_samples_and_intervals(worked, portfolio, settings, queued_tasks):
    settings.PORTFOLIO_ROBUSTNESS_INLINE_LIMIT = 0
    data = selectors.portfolio_data(portfolio)
    services.request_robustness(data)
    run_queued_tasks()
    stored = RobustnessAnalysis.objects.get().result
    assert (stored["samples"], stored["requested"], stored["stopped_early"], stored["unresolved"]) == (
        2000,
        2000,
        False,
        0,
    )
    for code, share in stored["core"].items():
        assert stored["low"][code] <= share <= stored["high"][code]
    result = selectors.robustness(data)
    assert result.caveat == ""
    assert result.low == stored["low"]
    # The core index is solved on the web's grid of benefit weights, and the page says so.
    assert stored["grid"] == result.grid == 20
    with translation.override("en"):
        assert "steps of 5 percentage points" in result.grid_note
    with translation.override("nb"):
        assert "steg på 5 prosentpoeng" in result.grid_note


def test_a_robustness_analysis_out_of_time_is_stored_as_stopped_early(worked, portfolio, settings, queued_tasks):
    settings.PORTFOLIO_ROBUSTNESS_INLINE_LIMIT = 0
    settings.PORTFOLIO_ROBUSTNESS_SECONDS = 0.0
    data = selectors.portfolio_data(portfolio)
    services.request_robustness(data)
    run_queued_tasks()
    stored = RobustnessAnalysis.objects.get().result
    assert (stored["samples"], stored["stopped_early"]) == (0, True)
    assert set(stored["low"].values()) == {0.0}
    assert set(stored["high"].values()) == {1.0}
    with translation.override("en"):
        assert "stopped at its time limit after 0 of 2,000" in selectors.robustness(data).caveat
    # With no sample used nothing is known: no measure reads as "never" (or "always").
    assert set(selectors.robustness(data).classes().values()) == {selectors.Inclusion.SOMETIMES}
