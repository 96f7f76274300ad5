"""The optimal portfolio: hand-worked knapsacks, validation, the constraints as properties, and a
brute-force oracle that enumerates every subset."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prioritet.engine import Code, Criterion, InfeasibleError, InputError, Measures, Weights, objective_values, optimise

from .oracles import TOL, brute_force, is_feasible, portfolio_values
from .refusals import refused
from .strategies import Instance, grid_value_weights, instances, value_weights

B, S, R = Criterion.BENEFIT, Criterion.SEVERITY, Criterion.RESOURCES

# --- hand-worked ----------------------------------------------------------------------------------------
#
# Portfolio value with equal weights: (b−1)/8 + (s−1)/8.
#   id  b s   value   cost  fte
#   a   5 5   1       6     1
#   b   4 4   3/4     4     2
#   c   3 4   5/8     3     2
#   d   2 1   1/8     2     1


def knapsack(**kwargs: object) -> Measures:
    return Measures.build(
        ["a", "b", "c", "d"],
        None,
        [(5, 5, 3), (4, 4, 3), (3, 4, 3), (2, 1, 3)],
        resources={"cost": [6.0, 4.0, 3.0, 2.0], "fte": [1.0, 2.0, 2.0, 1.0]},
        **kwargs,  # type: ignore[arg-type]
    )


def chosen(measures: Measures, selected: np.ndarray) -> set[str]:
    return {measures.ids[i] for i in np.flatnonzero(selected)}


@pytest.mark.parametrize(
    ("budget", "kwargs", "expected", "value"),
    [
        # within 7: {b,c} 11/8 beats {a} 1, {b,d} 7/8, {c,d} 3/4 ({a,d} costs 8)
        ({"cost": 7}, {}, {"b", "c"}, 11 / 8),
        # within 9: {a,c} 13/8 beats {b,c,d} 3/2 and {a,d} 9/8 ({a,b} costs 10)
        ({"cost": 9}, {}, {"a", "c"}, 13 / 8),
        # everything fits
        ({"cost": 15}, {}, {"a", "b", "c", "d"}, 5 / 2),
        # nothing fits but d
        ({"cost": 2}, {}, {"d"}, 1 / 8),
        # two budgets: fte 2 rules out {a,c} (3), {b,d} and {c,d} (3); {a,d} 9/8 beats {a} 1
        ({"cost": 9, "fte": 2}, {}, {"a", "d"}, 9 / 8),
        # d mandatory: 5 left for {b} (4) or {c} (3); {b,c} costs 7 and {a} 6
        ({"cost": 7}, {"mandatory": [False, False, False, True]}, {"b", "d"}, 7 / 8),
        # a and c exclusive: {b,c,d} 3/2 beats {a,d} 9/8
        ({"cost": 9}, {"groups": ["G", None, "G", None]}, {"b", "c", "d"}, 3 / 2),
        # c requires d: {b,c} now costs 9; {a} 1 beats {b,d} 7/8 and {c,d} 3/4
        ({"cost": 7}, {"requires": [None, None, "d", None]}, {"a"}, 1.0),
    ],
)
def test_knapsack_by_hand(
    budget: dict[str, float], kwargs: dict[str, object], expected: set[str], value: float
) -> None:
    m = knapsack(**kwargs)
    p = optimise(m, budget)
    assert chosen(m, p.selected) == expected
    assert p.value == pytest.approx(value, abs=1e-12)
    assert p.budget == {c: float(v) for c, v in budget.items()}
    assert p.used == {c: float(m.resources[c][p.selected].sum()) for c in budget}
    assert p.weights == pytest.approx({"benefit": 0.5, "severity": 0.5})
    np.testing.assert_allclose(p.measure_values, [1, 3 / 4, 5 / 8, 1 / 8])
    assert p.optimal


def test_weights_change_the_portfolio() -> None:
    # Severity only: values (s−1)/4 = 1, 3/4, 3/4, 0. Within 9 {a,c} 7/4 still; within 7 {b,c} 3/2.
    # Benefit only: values 1, 3/4, 1/2, 1/4: within 7 {b,c} 5/4 ties with nothing else ({a} 1,
    # {b,d} 1); within 8 {a,d} 5/4 ties {b,c} 5/4 (costs 8 and 7), so only the value is asserted.
    m = knapsack()
    p = optimise(m, {"cost": 7}, Weights({S: 1}))
    assert chosen(m, p.selected) == {"b", "c"}
    assert p.value == pytest.approx(3 / 2)
    assert p.weights == pytest.approx({"benefit": 0.0, "severity": 1.0})
    p = optimise(m, {"cost": 8}, Weights({B: 3, R: 0}))
    assert p.value == pytest.approx(5 / 4)
    assert p.weights == pytest.approx({"benefit": 1.0, "severity": 0.0})


def test_objective_values_renormalise_benefit_and_severity() -> None:
    m = knapsack()
    # benefit 3, severity 1 → 3/4, 1/4 of the partials (b−1)/4, (s−1)/4
    expected = [0.75 * (b - 1) / 4 + 0.25 * (s - 1) / 4 for b, s in [(5, 5), (4, 4), (3, 4), (2, 1)]]
    np.testing.assert_allclose(objective_values(m, Weights({B: 3, S: 1})), expected, atol=1e-15)
    np.testing.assert_allclose(objective_values(m), [1, 3 / 4, 5 / 8, 1 / 8], atol=1e-15)


# --- validation -----------------------------------------------------------------------------------------


def test_a_resources_weight_with_a_budget_is_an_input_error() -> None:
    with refused(Code.RESOURCES_WEIGHT_WITH_BUDGET) as excinfo:
        optimise(knapsack(), {"cost": 7}, Weights({B: 1, S: 1, R: 1}))
    assert excinfo.value.problems[0].params == {"criterion": R}


def test_unknown_budget_column() -> None:
    with refused(Code.UNKNOWN_RESOURCE_COLUMN) as excinfo:
        optimise(knapsack(), {"kroner": 7})
    assert excinfo.value.problems[0].params == {"column": "kroner", "known": ("cost", "fte")}


@pytest.mark.parametrize("bad", [-1.0, float("nan"), float("inf")])
def test_budget_must_be_finite_and_non_negative(bad: float) -> None:
    with refused(Code.BUDGET_NEGATIVE) as excinfo:
        optimise(knapsack(), {"cost": 7, "fte": bad})
    assert excinfo.value.problems[0].params["column"] == "fte"


def test_mandatory_over_budget_reports_the_shortfall_per_column() -> None:
    # a (6, 1 fte) mandatory, and it requires c (3, 2 fte): 9 and 3 fte are forced.
    m = knapsack(mandatory=[True, False, False, False], requires=["c", None, None, None])
    with pytest.raises(InfeasibleError) as excinfo:
        optimise(m, {"cost": 7.5, "fte": 2})
    assert excinfo.value.shortfall == pytest.approx({"cost": 1.5, "fte": 1.0})
    assert [(p.code, p.column) for p in excinfo.value.problems] == [
        (Code.MANDATORY_EXCEED_BUDGET, None),
        (Code.BUDGET_SHORTFALL, "cost"),
        (Code.BUDGET_SHORTFALL, "fte"),
    ]
    assert excinfo.value.problems[1].params == {"needed": 9.0, "budget": 7.5, "short": 1.5}
    # Only the columns that are short are listed.
    with pytest.raises(InfeasibleError) as excinfo:
        optimise(m, {"cost": 8, "fte": 3})
    assert excinfo.value.shortfall == pytest.approx({"cost": 1.0})
    # Exactly enough is enough.
    p = optimise(m, {"cost": 9, "fte": 3})
    assert chosen(m, p.selected) == {"a", "c"}


def test_mandatory_measures_in_one_group_is_an_input_error() -> None:
    # Through requires: a is mandatory and requires b, which shares group G with a.
    m = knapsack(mandatory=[True, False, False, False], requires=["b", None, None, None], groups=["G", "G", None, None])
    with pytest.raises(InputError) as excinfo:
        optimise(m, {"cost": 100})
    (p,) = excinfo.value.problems
    assert p.column == "group"
    assert p.row in (2, 3)
    assert p.code is Code.MANDATORY_IN_ONE_GROUP
    assert p.params["group"] == "G"
    assert {p.params["id"], p.params["other"]} == {"a", "b"}


def test_without_budget_columns_everything_of_value_is_chosen() -> None:
    p = optimise(knapsack(), {})
    assert p.selected.all()
    assert p.used == {}


# --- properties -----------------------------------------------------------------------------------------


def forced_closure(m: Measures) -> list[bool]:
    """Mandatory measures and whatever they require, by a naive fixed point."""
    forced = [bool(x) for x in m.mandatory]
    changed = True
    while changed:
        changed = False
        for i, target in enumerate(m.requires):
            if forced[i] and target is not None and not forced[m.ids.index(target)]:
                forced[m.ids.index(target)] = True
                changed = True
    return forced


def random_feasible_selection(inst: Instance, data: st.DataObject) -> list[bool] | None:
    """Start from the forced measures and add random measures (with what they require) while the
    selection stays feasible; None when even the forced measures are not feasible."""
    m = inst.measures
    selection = forced_closure(m)
    if not is_feasible(m, inst.budget, selection):
        return None
    for i in data.draw(st.permutations(range(len(m)))):
        if selection[i] or not data.draw(st.booleans()):
            continue
        trial = list(selection)
        j: int | None = i
        while j is not None and not trial[j]:
            trial[j] = True
            target = m.requires[j]
            j = None if target is None else m.ids.index(target)
        if is_feasible(m, inst.budget, trial):
            selection = trial
    return selection


@settings(max_examples=150, deadline=None)
@given(instances(max_n=10), grid_value_weights, st.data())
def test_the_optimum_meets_every_constraint_and_beats_any_feasible_selection(
    inst: Instance, w: tuple[int, int], data: st.DataObject
) -> None:
    m = inst.measures
    try:
        p = optimise(m, inst.budget, value_weights(w))
    except (InfeasibleError, InputError):
        assert random_feasible_selection(inst, data) is None
        return
    selected = p.selected.tolist()
    # mandatory measures are in; budgets, groups and requires hold
    assert all(s for s, mand in zip(selected, m.mandatory, strict=True) if mand)
    for c, amount in inst.budget.items():
        assert p.used[c] <= amount
        assert p.used[c] == pytest.approx(float(m.resources[c][p.selected].sum()))
    for g in {g for g in m.groups if g is not None}:
        assert sum(s for s, g2 in zip(selected, m.groups, strict=True) if g2 == g) <= 1
    for i, target in enumerate(m.requires):
        if selected[i] and target is not None:
            assert selected[m.ids.index(target)]
    values = portfolio_values(m, *w)
    assert p.value == pytest.approx(sum(v for v, s in zip(values, selected, strict=True) if s), abs=1e-12)
    # never worse than a random feasible selection
    for _ in range(3):
        other = random_feasible_selection(inst, data)
        assert other is not None
        assert p.value >= sum(v for v, s in zip(values, other, strict=True) if s) - TOL


def expected_error(inst: Instance) -> type[Exception] | None:
    """What the engine should raise: InputError when two forced measures (mandatory, or required by
    a mandatory one) share an exclusive group — a contradiction no budget can fix — else
    InfeasibleError when the forced measures exceed a budget, else nothing."""
    m = inst.measures
    forced = forced_closure(m)
    groups = [g for g, f in zip(m.groups, forced, strict=True) if f and g is not None]
    if len(groups) != len(set(groups)):
        return InputError
    for c, amount in inst.budget.items():
        if sum(float(a) for a, f in zip(m.resources[c], forced, strict=True) if f) > amount:
            return InfeasibleError
    return None


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(instances(max_n=15), grid_value_weights)
def test_brute_force_oracle(inst: Instance, w: tuple[int, int]) -> None:
    """Enumerate all 2^n subsets: the MILP's value is the best feasible value, and it reports
    infeasibility exactly when no subset is feasible."""
    m = inst.measures
    oracle = brute_force(m, inst.budget, portfolio_values(m, *w))
    error = expected_error(inst)
    assert (error is None) == (oracle.best is not None)
    if error is not None:
        with pytest.raises(error) as excinfo:
            optimise(m, inst.budget, value_weights(w))
        if error is InfeasibleError:
            forced = forced_closure(m)
            short = {
                c: sum(float(a) for a, f in zip(m.resources[c], forced, strict=True) if f) - amount
                for c, amount in inst.budget.items()
            }
            assert excinfo.value.shortfall == pytest.approx({c: s for c, s in short.items() if s > 0})
        return
    p = optimise(m, inst.budget, value_weights(w))
    assert oracle.best is not None
    assert abs(p.value - oracle.best) <= TOL
    assert is_feasible(m, inst.budget, p.selected)


@settings(max_examples=100, deadline=None)
@given(instances(max_n=8), st.tuples(st.floats(0.0, 1.0), st.floats(0.0, 1.0)).filter(lambda w: sum(w) > 1e-3))
def test_any_weights_are_optimal_to_the_last_digits(inst: Instance, w: tuple[float, float]) -> None:
    """Arbitrary real weights make selections nearly tie; the engine scales the objective so that
    HiGHS's absolute tolerances cannot stop it short of the true optimum."""
    m = inst.measures
    oracle = brute_force(m, inst.budget, portfolio_values(m, *w))
    if oracle.best is None:
        return
    p = optimise(m, inst.budget, value_weights(w))
    assert p.value >= oracle.best - TOL
    assert is_feasible(m, inst.budget, p.selected)


@settings(max_examples=150, deadline=None)
@given(instances(max_n=10, mandatory=False))
def test_near_equal_weights_still_find_the_optimum(inst: Instance) -> None:
    """Weights 1 and 1.0000003 once let the solver stop 3.7e-7 short (its gap and dual tolerances)."""
    m = inst.measures
    w = (1.0, 1.0000003)
    oracle = brute_force(m, inst.budget, portfolio_values(m, *w))
    if oracle.best is None:
        return
    assert optimise(m, inst.budget, value_weights(w)).value >= oracle.best - TOL


@settings(max_examples=50, deadline=None)
@given(instances(min_n=2, max_n=8, mandatory=False, groups=False, requires=False, max_cost=3_000_000))
def test_large_costs_never_exceed_the_budget(inst: Instance) -> None:
    """Kroner amounts in the millions: rounding the solver's answer must not push use over a budget."""
    m = inst.measures
    p = optimise(m, inst.budget)
    for c, amount in inst.budget.items():
        assert float(m.resources[c][p.selected].sum()) <= amount
    oracle = brute_force(m, inst.budget, portfolio_values(m, 1, 1))
    assert oracle.best is not None
    assert abs(p.value - oracle.best) <= TOL


# --- of two equally good measures, the cheaper ------------------------------------------------------


@pytest.mark.parametrize("reverse", [False, True])
def test_the_cheaper_of_two_equal_alternatives_whatever_the_row_order(reverse: bool) -> None:
    rows = [("inst", (4, 4, 5), 1_200_000.0), ("hjem", (4, 4, 3), 600_000.0), ("dag", (4, 4, 3), 800_000.0)]
    rows = rows[::-1] if reverse else rows
    m = Measures.build(
        [r[0] for r in rows],
        None,
        [r[1] for r in rows],
        resources={"cost_nok": [r[2] for r in rows]},
        groups=["rehab" if r[0] in ("inst", "hjem") else None for r in rows],
    )
    # 2 000 000 fits either alternative with «dag»; both selections are worth 3/2.
    p = optimise(m, {"cost_nok": 2_000_000})
    assert chosen(m, p.selected) == {"hjem", "dag"}
    assert p.used == {"cost_nok": 1_400_000.0}


@settings(max_examples=150, deadline=None)
@given(instances(max_n=10), grid_value_weights)
def test_no_feasible_swap_for_a_cheaper_equal_measure_is_left(inst: Instance, w: tuple[int, int]) -> None:
    """Documented tidy-up: no selected, non-forced measure can be swapped for an unselected one with
    the same benefit and severity that takes no more of any budget and less of one, while every
    constraint still holds."""
    m = inst.measures
    try:
        p = optimise(m, inst.budget, value_weights(w))
    except (InfeasibleError, InputError):
        return
    usage = np.vstack([m.resources[c] for c in inst.budget])
    forced = forced_closure(m)
    for i in np.flatnonzero(p.selected):
        if forced[i]:
            continue
        for j in np.flatnonzero(~p.selected):
            same = m.scores[j, 0] == m.scores[i, 0] and m.scores[j, 1] == m.scores[i, 1]
            cheaper = bool(np.all(usage[:, j] <= usage[:, i]) and np.any(usage[:, j] < usage[:, i]))
            if same and cheaper:
                swapped = p.selected.copy()
                swapped[i], swapped[j] = False, True
                assert not is_feasible(m, inst.budget, swapped), (m.ids[i], m.ids[j])
