"""The frontier: validation, a worked example checked by hand, and its properties (value never
falls as the budget grows, entered/left are the differences between consecutive selections, and
every point is the optimal portfolio at its budget)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prioritet.engine import (
    BudgetRange,
    Code,
    Criterion,
    InfeasibleError,
    InputError,
    Measures,
    Weights,
    frontier,
    optimise,
)

from .oracles import TOL, brute_force, is_feasible, portfolio_values
from .refusals import refused
from .strategies import Instance, grid_value_weights, instances, value_weights

# A service area (values with equal weights, v = ((b−1)/4 + (s−1)/4)/2):
#   M1 (3,5) v 3/4  1 500 000  mandatory
#   M2 (4,4) v 3/4  1 200 000  group rehab
#   M3 (4,4) v 3/4    600 000  group rehab
#   M4 (4,4) v 3/4    800 000
#   M5 (3,3) v 1/2    200 000  requires M4
#   M6 (3,2) v 3/8    500 000
SERVICE = Measures.build(
    ["M1", "M2", "M3", "M4", "M5", "M6"],
    None,
    [(3, 5, 3), (4, 4, 5), (4, 4, 3), (4, 4, 3), (3, 3, 2), (3, 2, 2)],
    resources={"cost_nok": [1_500_000, 1_200_000, 600_000, 800_000, 200_000, 500_000]},
    mandatory=[True, False, False, False, False, False],
    groups=[None, "rehab", "rehab", None, None, None],
    requires=[None, None, None, None, "M4", None],
)


def names(selected: np.ndarray) -> set[str]:
    return {SERVICE.ids[i] for i in np.flatnonzero(selected)}


def test_worked_frontier() -> None:
    """Each level by hand, with 1 500 000 going to M1 first:
    1.5 M: nothing else fits → {M1}, 3/4.
    2.0 M: 0.5 M left: M6 (M5 needs M4) → 3/4 + 3/8 = 9/8.
    2.5 M: 1.0 M left: M4+M5 (1/2 + 3/4 = 5/4) beats M3 or M4 alone (3/4); M3+M6 costs 1.1 M → 2.
    3.0 M: 1.5 M left: M4+M5+M6 (1.5 M, 13/8) beats M3+M4 (1.4 M, 3/2) → 19/8.
    3.5 M: 2.0 M left: M3+M4+M5 (1.6 M, 2) beats M3+M4+M6 (1.9 M, 15/8); all four cost 2.1 M → 11/4.
    4.0 M: 2.5 M left: M3+M4+M5+M6 (2.1 M, 19/8); M2 instead of M3 costs 2.7 M → 25/8.
    """
    points = frontier(SERVICE, {"cost_nok": BudgetRange(1_500_000, 4_000_000, 6)})
    expected = [
        ({"M1"}, 3 / 4, set(), set()),
        ({"M1", "M6"}, 9 / 8, {"M6"}, set()),
        ({"M1", "M4", "M5"}, 2.0, {"M4", "M5"}, {"M6"}),
        ({"M1", "M4", "M5", "M6"}, 19 / 8, {"M6"}, set()),
        ({"M1", "M3", "M4", "M5"}, 11 / 4, {"M3"}, {"M6"}),
        ({"M1", "M3", "M4", "M5", "M6"}, 25 / 8, {"M6"}, set()),
    ]
    assert len(points) == len(expected)
    for k, (point, (selected, value, entered, left)) in enumerate(zip(points, expected, strict=True)):
        assert point.budget == {"cost_nok": 1_500_000 + 500_000 * k}
        assert names(point.selected) == selected
        assert point.value == pytest.approx(value, abs=1e-12)
        assert point.used == {"cost_nok": float(SERVICE.resources["cost_nok"][point.selected].sum())}
        if k:
            assert names(point.entered) == entered
        else:
            assert names(point.entered) == selected  # at the first level everything "enters"
        assert names(point.left) == left


def test_two_ranges_move_in_lockstep_and_a_fixed_budget_stays() -> None:
    m = Measures.build(
        ["a", "b"],
        None,
        [(5, 5, 3), (3, 3, 3)],
        resources={"cost": [10.0, 5.0], "fte": [2.0, 1.0], "rooms": [1.0, 1.0]},
    )
    points = frontier(m, {"cost": BudgetRange(0, 20, 3), "fte": BudgetRange(0, 4, 3)}, fixed={"rooms": 1})
    assert [p.budget for p in points] == [
        {"cost": 0.0, "fte": 0.0, "rooms": 1.0},
        {"cost": 10.0, "fte": 2.0, "rooms": 1.0},
        {"cost": 20.0, "fte": 4.0, "rooms": 1.0},
    ]
    # rooms = 1 admits one measure at most: a (value 1) once it fits.
    assert [p.selected.tolist() for p in points] == [[False, False], [True, False], [True, False]]
    assert [p.value for p in points] == [0.0, 1.0, 1.0]


def test_frontier_weights() -> None:
    m = Measures.build(["a", "b"], None, [(5, 1, 3), (1, 5, 3)], resources={"cost": [1.0, 1.0]})
    sev = frontier(m, {"cost": BudgetRange(1, 2, 2)}, weights=Weights({Criterion.SEVERITY: 1}))
    assert sev[0].selected.tolist() == [False, True]
    ben = frontier(m, {"cost": BudgetRange(1, 2, 2)}, weights=Weights({Criterion.BENEFIT: 1}))
    assert ben[0].selected.tolist() == [True, False]
    with refused(Code.RESOURCES_WEIGHT_WITH_BUDGET) as excinfo:
        frontier(m, {"cost": BudgetRange(1, 2, 2)}, weights=Weights({Criterion.RESOURCES: 1}))
    assert excinfo.value.problems[0].params == {"criterion": Criterion.RESOURCES}


# --- validation --------------------------------------------------------------------------------------


def test_too_few_steps_names_the_column() -> None:
    with refused(Code.RANGE_STEPS) as excinfo:
        frontier(SERVICE, {"cost_nok": BudgetRange(0, 10, 1)})
    assert excinfo.value.problems[0].params == {"column": "cost_nok", "steps": 1}


def test_range_must_rise() -> None:
    with refused(Code.RANGE_ORDER) as excinfo:
        frontier(SERVICE, {"cost_nok": BudgetRange(5, 5, 3)})
    assert excinfo.value.problems[0].params == {"column": "cost_nok", "start": 5.0, "stop": 5.0}


def test_ranges_need_the_same_number_of_steps() -> None:
    m = Measures.build(["a"], None, [(3, 3, 3)], resources={"x": [1.0], "y": [1.0]})
    with refused(Code.RANGE_STEPS_DIFFER):
        frontier(m, {"x": BudgetRange(0, 1, 3), "y": BudgetRange(0, 1, 4)})


def test_at_least_one_range() -> None:
    with refused(Code.RANGE_MISSING):
        frontier(SERVICE, {}, fixed={"cost_nok": 3_000_000})


def test_every_problem_at_once() -> None:
    m = Measures.build(["a"], None, [(3, 3, 3)], resources={"x": [1.0], "y": [1.0]})
    with pytest.raises(InputError) as excinfo:
        frontier(m, {"x": BudgetRange(0, 1, 1), "y": BudgetRange(0, 1, 4)})
    assert len(excinfo.value.problems) == 2


def test_unknown_column() -> None:
    with refused(Code.UNKNOWN_RESOURCE_COLUMN) as excinfo:
        frontier(SERVICE, {"kroner": BudgetRange(0, 1, 2)})
    assert excinfo.value.problems[0].params["column"] == "kroner"


def test_a_range_starting_below_the_mandatory_minimum_is_infeasible() -> None:
    with pytest.raises(InfeasibleError) as excinfo:
        frontier(SERVICE, {"cost_nok": BudgetRange(1_000_000, 2_000_000, 3)})
    assert excinfo.value.shortfall == pytest.approx({"cost_nok": 500_000})
    head, line = excinfo.value.problems
    assert head.code is Code.MANDATORY_EXCEED_BUDGET
    assert (line.code, line.column, line.params["short"]) == (Code.BUDGET_SHORTFALL, "cost_nok", 500_000)
    assert line.params["needed"] - line.params["budget"] == pytest.approx(500_000)


# --- properties ----------------------------------------------------------------------------------------


@st.composite
def frontier_cases(draw: st.DrawFn) -> tuple[Instance, dict[str, BudgetRange], dict[str, float]]:
    inst = draw(instances(max_n=9))
    columns = list(inst.budget)
    ranged = columns[: draw(st.integers(1, len(columns)))]
    steps = draw(st.integers(2, 6))
    ranges = {}
    for c in ranged:
        total = float(inst.measures.resources[c].sum())
        start = float(draw(st.integers(0, int(total))))
        ranges[c] = BudgetRange(start, start + float(draw(st.integers(1, int(total) + 5))), steps)
    fixed = {c: inst.budget[c] for c in columns if c not in ranges}
    return inst, ranges, fixed


@pytest.mark.slow
@settings(max_examples=80, deadline=None)
@given(frontier_cases(), grid_value_weights)
def test_frontier_properties(
    case: tuple[Instance, dict[str, BudgetRange], dict[str, float]], w: tuple[int, int]
) -> None:
    inst, ranges, fixed = case
    m = inst.measures
    try:
        points = frontier(m, ranges, fixed, value_weights(w))
    except (InfeasibleError, InputError):
        # Infeasible at the first (smallest) level, or contradictory mandatory measures.
        first = {**{c: r.start for c, r in ranges.items()}, **fixed}
        assert brute_force(m, first, portfolio_values(m, *w)).best is None
        return
    steps = next(iter(ranges.values())).steps
    assert len(points) == steps
    values = portfolio_values(m, *w)
    previous = np.zeros(len(m), dtype=bool)
    for k, point in enumerate(points):
        expected_budget = {c: float(np.linspace(r.start, r.stop, steps)[k]) for c, r in ranges.items()}
        assert point.budget == {**expected_budget, **fixed}
        assert is_feasible(m, point.budget, point.selected)
        # Each point is the optimum at its budget (checked against every subset).
        best = brute_force(m, point.budget, values).best
        assert best is not None
        assert abs(point.value - best) <= TOL
        assert abs(point.value - optimise(m, point.budget, value_weights(w)).value) <= TOL
        # entered / left are the differences with the previous level.
        assert not (point.entered & point.left).any()
        if k:
            np.testing.assert_array_equal(point.entered, point.selected & ~previous)
        else:
            np.testing.assert_array_equal(point.entered, point.selected)
        np.testing.assert_array_equal(point.left, previous & ~point.selected)
        np.testing.assert_array_equal((previous & ~point.left) | point.entered, point.selected)
        for c in point.used:
            assert point.used[c] == pytest.approx(float(m.resources[c][point.selected].sum()))
            assert point.used[c] <= point.budget[c] + TOL
        previous = point.selected
    # The value never falls as the budget grows.
    assert all(b.value >= a.value - TOL for a, b in itertools.pairwise(points))


def test_a_column_both_ranged_and_fixed_is_refused() -> None:
    with refused(Code.RANGE_AND_FIXED) as err:
        frontier(SERVICE, {"cost_nok": BudgetRange(1_500_000, 4_000_000, 3)}, fixed={"cost_nok": 2_000_000})
    assert err.value.problems[0].params == {"column": "cost_nok"}
