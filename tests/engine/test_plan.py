"""The multi-year plan (økonomiplan): hand-worked plans from issue 14, its refusals, ties broken as the
portfolio breaks them, and a brute-force oracle over every start-year assignment."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prioritet.engine import Code, InputError, Measures, Plan, PlanMeasures, optimise_plan

from .oracles import TOL, PlanCase, plan_brute_force, plan_feasible, plan_milp, portfolio_values
from .strategies import grid_value_weights, ids_for, value_weights

YEARS = range(2027, 2031)


def plan_of(
    rows: list[tuple[str, tuple[int, int, int], float, float | None, int | None]],
    *,
    mandatory: list[bool] | None = None,
    groups: list[str | None] | None = None,
    requires: list[str | None] | None = None,
) -> PlanMeasures:
    """Rows of (id, scores, running cost, first-year cost or None for the running cost, earliest)."""
    m = Measures.build(
        [r[0] for r in rows], None, [r[1] for r in rows], mandatory=mandatory, groups=groups, requires=requires
    )
    return PlanMeasures.build(
        m,
        {"cost": [r[2] for r in rows]},
        {"cost": [r[2] if r[3] is None else r[3] for r in rows]},
        [r[4] for r in rows],
    )


def starts(plan: PlanMeasures, result: object) -> dict[str, int]:
    return {plan.measures.ids[i]: s for i, s in enumerate(result.start) if s is not None}  # type: ignore[attr-defined]


# --- hand-worked ----------------------------------------------------------------------------------------
#
# Values with equal weights, (b−1)/8 + (s−1)/8: scores (5,5) → 1, (3,3) → 1/2, (2,2) → 1/4.


def test_a_measure_is_worth_starting_late_because_of_its_establishment_cost() -> None:
    """Budgets 90, 150, 100, 100. «drift» costs 60 a year (value 1); «ny» costs 80 to establish and 20
    a year after (value 1/2). Both from 2027 need 140 > 90. «ny» from 2027 and «drift» from 2028:
    4·½ + 3·1 = 5. «drift» from 2027 and «ny» from 2028 (60 + 80 = 140 ≤ 150): 4 + 3·½ = 5,5, best."""
    plan = plan_of([("drift", (5, 5, 3), 60.0, None, None), ("ny", (3, 3, 3), 20.0, 80.0, None)])
    result = optimise_plan(plan, YEARS, {"cost": [90.0, 150.0, 100.0, 100.0]})
    assert starts(plan, result) == {"drift": 2027, "ny": 2028}
    assert result.value == pytest.approx(5.5)
    assert result.used == {"cost": [60.0, 140.0, 80.0, 80.0]}
    assert result.optimal
    # Without the establishment cost «ny» fits beside «drift» from the first year (60 + 20 ≤ 90): 6.
    cheap = plan_of([("drift", (5, 5, 3), 60.0, None, None), ("ny", (3, 3, 3), 20.0, None, None)])
    assert starts(cheap, optimise_plan(cheap, YEARS, {"cost": [90.0, 150.0, 100.0, 100.0]})) == {
        "drift": 2027,
        "ny": 2027,
    }


def test_a_saving_finances_another_measure_from_year_two() -> None:
    """Budget 100 a year, all of it taken by the mandatory «dagens» (100). «omstilling» saves 40 a year
    from the year after it starts (0 in its first year); «ny» (40 a year) then fits from 2028."""
    plan = plan_of(
        [
            ("dagens", (2, 2, 3), 100.0, None, None),
            ("omstilling", (2, 2, 3), -40.0, 0.0, None),
            ("ny", (5, 5, 3), 40.0, None, None),
        ],
        mandatory=[True, False, False],
    )
    result = optimise_plan(plan, YEARS, {"cost": 100.0})
    assert starts(plan, result) == {"dagens": 2027, "omstilling": 2027, "ny": 2028}
    assert result.used == {"cost": [100.0, 100.0, 100.0, 100.0]}
    assert result.value == pytest.approx(4 * 0.25 + 4 * 0.25 + 3 * 1.0)
    # Without the saving, nothing but the mandatory measure fits.
    without = plan_of(
        [("dagens", (2, 2, 3), 100.0, None, None), ("ny", (5, 5, 3), 40.0, None, None)], mandatory=[True, False]
    )
    assert starts(without, optimise_plan(without, YEARS, {"cost": 100.0})) == {"dagens": 2027}


def test_a_chain_of_requirements_runs_only_when_what_it_requires_runs() -> None:
    """«c» requires «b», which requires «a». «a» may start in 2028 at the earliest; «b» costs 50 in its
    first year, which only the 2029 budget allows. So «b» starts in 2029 and «c», though allowed
    from 2027 and the most valuable, cannot run before 2029."""
    plan = plan_of(
        [
            ("a", (2, 2, 3), 10.0, None, 2028),
            ("b", (3, 3, 3), 10.0, 50.0, None),
            ("c", (5, 5, 3), 10.0, None, 2027),
        ],
        requires=[None, "a", "b"],
    )
    result = optimise_plan(plan, YEARS, {"cost": [100.0, 40.0, 100.0, 100.0]})
    assert starts(plan, result) == {"a": 2028, "b": 2029, "c": 2029}
    running = result.running()
    assert running.tolist() == [[False, True, True, True], [False, False, True, True], [False, False, True, True]]
    assert result.value == pytest.approx(3 * 0.25 + 2 * 0.5 + 2 * 1.0)
    # Free of the chain, «c» runs from 2027.
    free = plan_of([("c", (5, 5, 3), 10.0, None, 2027)])
    assert starts(free, optimise_plan(free, YEARS, {"cost": [100.0, 40.0, 100.0, 100.0]})) == {"c": 2027}


def test_at_most_one_of_a_group_ever_starts() -> None:
    plan = plan_of([("x", (5, 5, 3), 10.0, None, None), ("y", (5, 4, 3), 10.0, None, 2029)], groups=["alt", "alt"])
    assert starts(plan, optimise_plan(plan, YEARS, {"cost": 100.0})) == {"x": 2027}


def test_a_mandatory_measure_starts_in_its_earliest_year_even_when_that_costs_value() -> None:
    """«lov» (mandatory from 2028) costs 60 to establish, then 30. Started later it would leave room for
    «z» (50 a year) from 2027; started in 2028 as it must, 60 + 50 > 100 keeps «z» out until 2029."""
    plan = plan_of([("lov", (1, 1, 3), 30.0, 60.0, 2028), ("z", (5, 5, 3), 50.0, None, None)], mandatory=[True, False])
    result = optimise_plan(plan, YEARS, {"cost": 100.0})
    assert starts(plan, result) == {"lov": 2028, "z": 2029}
    assert result.used == {"cost": [0.0, 60.0, 80.0, 80.0]}


def test_the_cheaper_of_two_equal_measures_from_the_same_year_whatever_the_row_order() -> None:
    rows = [("dyr", (4, 4, 3), 30.0, 50.0, None), ("billig", (4, 4, 3), 30.0, 40.0, None)]
    for order in (rows, rows[::-1]):
        plan = plan_of(order, groups=["g", "g"])
        result = optimise_plan(plan, YEARS, {"cost": 100.0})
        assert starts(plan, result) == {"billig": 2027}


# --- refusals ---------------------------------------------------------------------------------------------


def test_mandatory_measures_that_do_not_fit_name_the_year_and_the_column() -> None:
    plan = plan_of(
        [("lov", (3, 3, 3), 50.0, 120.0, 2029), ("annen", (3, 3, 3), 10.0, None, None)], mandatory=[True, False]
    )
    with pytest.raises(InputError) as err:
        optimise_plan(plan, YEARS, {"cost": 100.0})
    (problem,) = err.value.problems
    assert problem.code is Code.PLAN_MANDATORY_SHORTFALL
    assert problem.column == "cost"
    assert problem.params == {"year": 2029, "needed": 120.0, "budget": 100.0, "short": 20.0}


def test_a_mandatory_measure_whose_requirement_cannot_run_in_time_is_named() -> None:
    plan = plan_of(
        [("lov", (3, 3, 3), 10.0, None, 2027), ("grunnlag", (3, 3, 3), 10.0, None, 2029)],
        mandatory=[True, False],
        requires=["grunnlag", None],
    )
    with pytest.raises(InputError) as err:
        optimise_plan(plan, YEARS, {"cost": 100.0})
    (problem,) = err.value.problems
    assert problem.code is Code.PLAN_REQUIRED_TOO_LATE
    assert problem.params["other"] == "grunnlag"
    assert problem.params["year"] == 2027


@pytest.mark.parametrize(
    ("years", "budget", "code"),
    [
        (range(2027, 2031), {"cost": [100.0, 100.0]}, Code.PLAN_BUDGET_LENGTH),
        (range(2027, 2031), {"cost": [100.0, float("nan"), 1.0, 1.0]}, Code.PLAN_BUDGET_INVALID),
        (range(2030, 2027), {"cost": 100.0}, Code.PLAN_YEARS),
        (range(2000, 2040), {"cost": 100.0}, Code.PLAN_YEARS),
        (range(2027, 2031), {"fte": 1.0}, Code.UNKNOWN_RESOURCE_COLUMN),
    ],
)
def test_bad_years_and_budgets_are_refused(years: range, budget: dict[str, object], code: Code) -> None:
    plan = plan_of([("a", (3, 3, 3), 10.0, None, None)])
    with pytest.raises(InputError) as err:
        optimise_plan(plan, years, budget)  # type: ignore[arg-type]
    assert [p.code for p in err.value.problems] == [code]


def test_a_negative_budget_is_a_savings_target() -> None:
    plan = plan_of(
        [("kutt", (1, 1, 3), -30.0, None, None), ("mer", (5, 5, 3), 10.0, None, None)], mandatory=[True, False]
    )
    result = optimise_plan(plan, YEARS, {"cost": -20.0})
    assert starts(plan, result) == {"kutt": 2027, "mer": 2027}
    assert result.used == {"cost": [-20.0] * 4}


def test_the_reference_row_is_never_part_of_a_plan() -> None:
    m = Measures.build(["ingen", "a"], None, [(1, 5, 1), (3, 3, 3)], baseline=[True, False])
    plan = PlanMeasures.build(m, {"cost": [0.0, 10.0]}).candidates
    assert plan.measures.ids == ("a",)
    assert starts(plan, optimise_plan(plan, YEARS, {"cost": 10.0})) == {"a": 2027}


# --- the oracle -------------------------------------------------------------------------------------------


@st.composite
def plan_cases(draw: st.DrawFn) -> PlanCase:
    """Up to five measures over one to three years: every start-year assignment can be enumerated
    (at most 4⁵). Amounts are integers (sums exact), some negative (savings); earliest years fall
    before, inside and after the period; budgets range from tight to slack, some negative."""
    n = draw(st.integers(1, 5))
    years = list(range(2027, 2027 + draw(st.integers(1, 3))))
    pool = draw(st.lists(st.tuples(st.integers(1, 5), st.integers(1, 5), st.just(3)), min_size=1, max_size=3))
    scores = [draw(st.sampled_from(pool)) for _ in range(n)]
    ids = ids_for(n, list(draw(st.permutations(range(n)))))
    columns = ("cost", "fte")[: draw(st.integers(1, 2))]
    amount = st.integers(-6, 12).map(float)
    running = {c: [draw(amount) for _ in range(n)] for c in columns}
    first = {c: [draw(st.one_of(st.just(running[c][i]), amount)) for i in range(n)] for c in columns}
    earliest = [draw(st.sampled_from([None, None, 2026, *years, years[-1] + 1])) for _ in range(n)]
    mandatory = [draw(st.integers(0, 6)) == 0 for _ in range(n)]
    groups = [draw(st.sampled_from([None, None, "A", "B"])) for _ in range(n)]
    requires: list[str | None] = [None] * n
    if n > 1:
        for i in range(n):
            if draw(st.integers(0, 3)) == 0:
                j = draw(st.integers(0, n - 2))
                requires[i] = ids[j if j < i else j + 1]
    budget = {c: [float(draw(st.integers(-4, 25))) for _ in years] for c in columns}
    return PlanCase(ids, scores, running, first, earliest, mandatory, groups, requires, years, budget)


def measures_of(case: PlanCase) -> PlanMeasures:
    m = Measures.build(
        case.ids, None, case.scores, mandatory=case.mandatory, groups=case.groups, requires=case.requires
    )
    return PlanMeasures.build(m, case.running, case.first, case.earliest)


@settings(max_examples=300, deadline=None)
@given(plan_cases(), grid_value_weights)
def test_the_plan_is_as_good_as_the_best_of_every_start_year_assignment(case: PlanCase, w: tuple[int, int]) -> None:
    result = _optimum_as_good_as(plan_brute_force, case, w)
    if result is not None:
        for c in case.budget:
            assert np.all(np.asarray(result.used[c]) <= np.asarray(case.budget[c]) + TOL)


def _optimum_as_good_as(oracle: Callable[..., float | None], case: PlanCase, w: tuple[int, int]) -> Plan | None:
    """The engine's plan is proven optimal, feasible and worth the oracle's best value; when the oracle
    finds no feasible plan, the engine refuses the input. Returns the engine's plan (None if refused)."""
    plan = measures_of(case)
    best = oracle(case, portfolio_values(plan.measures, *w))
    if best is None:
        with pytest.raises(InputError):
            optimise_plan(plan, case.years, case.budget, value_weights(w))
        return None
    result = optimise_plan(plan, case.years, case.budget, value_weights(w))
    assert result.optimal
    assert plan_feasible(case, result.start)
    assert abs(result.value - best) <= TOL
    return result


@st.composite
def larger_plan_cases(draw: st.DrawFn) -> PlanCase:
    """Up to forty measures over up to five years, too many to enumerate: scores from a pool of two
    or three (many ties), integer amounts with savings, establishment costs, late earliest years,
    mandatory measures, groups and requirements, and budgets from a tenth to all of what every
    measure would take (tight ones leave a single step between the LP bound and the optimum)."""
    n = draw(st.integers(6, 40))
    years = list(range(2027, 2027 + draw(st.integers(1, 5))))
    pool = draw(st.lists(st.tuples(st.integers(1, 5), st.integers(1, 5), st.just(3)), min_size=1, max_size=3))
    scores = [draw(st.sampled_from(pool)) for _ in range(n)]
    ids = ids_for(n, list(draw(st.permutations(range(n)))))
    columns = ("cost", "fte")[: draw(st.integers(1, 2))]
    amount = st.integers(-4, 20).map(float)
    running = {c: [draw(amount) for _ in range(n)] for c in columns}
    first = {c: [draw(st.one_of(st.just(running[c][i]), amount)) for i in range(n)] for c in columns}
    earliest = [draw(st.sampled_from([None, None, None, *years[1:], years[-1] + 1])) for _ in range(n)]
    mandatory = [draw(st.integers(0, 12)) == 0 and earliest[i] is None for i in range(n)]
    groups = [draw(st.sampled_from([None, None, None, "A", "B", "C"])) for _ in range(n)]
    requires: list[str | None] = [None] * n
    for i in range(n):
        if not mandatory[i] and draw(st.integers(0, 6)) == 0:
            j = draw(st.integers(0, n - 2))
            requires[i] = ids[j if j < i else j + 1]
    share = draw(st.sampled_from([0.1, 0.25, 0.4, 0.6, 1.0]))
    budget = {c: [float(round(share * sum(max(v, 0.0) for v in running[c]))) for _ in years] for c in columns}
    return PlanCase(ids, scores, running, first, earliest, mandatory, groups, requires, years, budget)


@settings(max_examples=120, deadline=None)
@given(larger_plan_cases(), grid_value_weights)
def test_the_plan_is_as_good_as_scipys_milp_on_the_textbook_model(case: PlanCase, w: tuple[int, int]) -> None:
    """The engine solves its own formulation (runs-by-year variables, its own HiGHS options); the
    textbook one, one binary per start year, solved by scipy must reach the same value, and the
    engine must have proven it (HiGHS's dual bound closing the gap)."""
    _optimum_as_good_as(plan_milp, case, w)


def amounts_from(case: PlanCase, i: int, s: int) -> list[float]:
    """What measure ``i`` started in ``s`` takes of each column in each year."""
    return [
        case.first[c][i] if t == s else case.running[c][i] if t > s else 0.0 for c in case.budget for t in case.years
    ]


@settings(max_examples=150, deadline=None)
@given(plan_cases(), grid_value_weights)
def test_no_feasible_swap_for_a_cheaper_equal_measure_from_the_same_year_is_left(
    case: PlanCase, w: tuple[int, int]
) -> None:
    """As in the portfolio: no started, non-mandatory measure can be swapped for one not started with the
    same benefit and severity, started the same year, that takes no more of any budget in any year and
    less of one, while every rule still holds."""
    plan = measures_of(case)
    try:
        result = optimise_plan(plan, case.years, case.budget, value_weights(w))
    except InputError:
        return
    for i, s in enumerate(result.start):
        if s is None or case.mandatory[i]:
            continue
        mine = np.array(amounts_from(case, i, s))
        for j, other in enumerate(result.start):
            if other is not None or case.scores[j][:2] != case.scores[i][:2]:
                continue
            theirs = np.array(amounts_from(case, j, s))
            if np.all(theirs <= mine) and np.any(theirs < mine):
                swapped = list(result.start)
                swapped[i], swapped[j] = None, s
                assert not plan_feasible(case, swapped), (case.ids[i], case.ids[j], s)
