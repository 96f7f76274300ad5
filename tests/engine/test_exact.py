"""The bound-and-fix solver (issue 16) against scipy's ``milp`` solved to a zero gap: the same optimum
value on random instances far beyond the brute-force oracle's reach, with ties, tight budgets,
groups, prerequisites and mandatory measures; and never "optimal" without a closed gap."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

from prioritet.engine import (
    BudgetRange,
    Criterion,
    InfeasibleError,
    Measures,
    PortfolioModel,
    Weights,
    frontier,
    objective_values,
)
from prioritet.engine.exact import value_step

from .oracles import TOL, is_feasible

COLUMNS = ("cost_nok", "fte")


def reference_optimum(m: Measures, values: np.ndarray, budget: dict[str, float]) -> float | None:
    """The model written out from the measures' plain fields and solved by ``milp`` to a zero gap;
    None when nothing is feasible."""
    n = len(m)
    rows: list[list[tuple[int, float]]] = []
    upper: list[float] = []
    members: dict[str, list[int]] = {}
    for i, g in enumerate(m.groups):
        if g is not None:
            members.setdefault(g, []).append(i)
    for idx in members.values():
        rows.append([(i, 1.0) for i in idx])
        upper.append(1.0)
    position = {mid: i for i, mid in enumerate(m.ids)}
    for i, target in enumerate(m.requires):
        if target is not None:
            rows.append([(i, 1.0), (position[target], -1.0)])
            upper.append(0.0)
    constraints = [LinearConstraint(np.vstack([m.resource(c) for c in budget]), -np.inf, list(budget.values()))]
    if rows:
        r = [k for k, row in enumerate(rows) for _ in row]
        c = [i for row in rows for i, _ in row]
        d = [a for row in rows for _, a in row]
        constraints.append(LinearConstraint(coo_array((d, (r, c)), shape=(len(rows), n)), -np.inf, upper))
    # Mandatory measures and everything they require, written out here rather than borrowed.
    forced = np.array(m.mandatory, dtype=bool)
    changed = True
    while changed:
        changed = False
        for i, target in enumerate(m.requires):
            if forced[i] and target is not None and not forced[position[target]]:
                forced[position[target]] = changed = True
    result = milp(
        c=-values * 1e4,
        constraints=constraints,
        integrality=np.ones(n),
        bounds=Bounds(forced.astype(float), np.ones(n)),
        options={"mip_rel_gap": 0.0},
    )
    if result.status == 2:
        return None
    assert result.status == 0, result.message
    return -float(result.fun) / 1e4


@st.composite
def portfolios(draw: st.DrawFn) -> tuple[Measures, dict[str, float]]:
    """20–120 measures; ties are the rule (scores from a pool of 1–4 profiles half the time), costs
    from a few amounts (more ties), budgets anywhere from tight (2 %) to loose (90 %)."""
    n = draw(st.integers(20, 120))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    if draw(st.booleans()):
        pool = rng.integers(1, 6, size=(draw(st.integers(1, 4)), 3))
        scores = pool[rng.integers(0, len(pool), n)]
    else:
        scores = rng.integers(1, 6, size=(n, 3))
    cost = rng.choice([1.0, 2.0, 3.0, 5.0], n) if draw(st.booleans()) else np.round(rng.lognormal(0.0, 1.0, n) * 100)
    fte = np.round(cost * rng.uniform(0.5, 1.5, n), 1)
    ids = [f"m{k:03d}" for k in rng.permutation(n)]
    groups = [None if rng.random() < 0.6 else f"g{rng.integers(0, max(1, n // 4))}" for _ in range(n)]
    requires: list[str | None] = [None] * n
    for i in range(n):
        if rng.random() < 0.1:
            j = int(rng.integers(0, n))
            if j != i:
                requires[i] = ids[j]
    mandatory = np.zeros(n, dtype=bool)
    for i in rng.permutation(n)[: draw(st.integers(0, 3))]:
        if groups[i] is None and requires[i] is None:
            mandatory[i] = True
    m = Measures.build(
        ids,
        None,
        scores,
        resources={"cost_nok": cost, "fte": fte},
        mandatory=mandatory,
        groups=groups,
        requires=requires,
    )
    share = draw(st.sampled_from([0.02, 0.1, 0.3, 0.5, 0.9]))
    columns = COLUMNS[: draw(st.integers(1, 2))]
    budget = {c: float(np.round(m.resource(c).sum() * share * rng.uniform(0.8, 1.2), 1)) for c in columns}
    return m, budget


#: Grid weights (the objective moves in steps: the bound alone can prove it) and any weights (no steps).
weights = st.one_of(
    st.tuples(st.integers(0, 10), st.integers(0, 10))
    .filter(lambda w: sum(w) > 0)
    .map(lambda w: (float(w[0]), float(w[1]))),
    st.tuples(st.floats(0.0, 1.0), st.floats(0.0, 1.0)).filter(lambda w: sum(w) > 1e-3),
)


@settings(max_examples=120, deadline=None)
@given(portfolios(), weights)
def test_the_fast_solver_finds_milps_optimum_value_on_random_instances(
    case: tuple[Measures, dict[str, float]], w: tuple[float, float]
) -> None:
    m, budget = case
    values = objective_values(m, Weights({Criterion.BENEFIT: w[0], Criterion.SEVERITY: w[1]}))
    expected = reference_optimum(m, values, budget)
    model = PortfolioModel(m, tuple(budget))
    try:
        selected = model.solve(values, budget)
    except InfeasibleError:
        assert expected is None
        return
    assert expected is not None
    assert is_feasible(m, budget, selected)
    value = float(values[selected].sum())
    assert value == pytest.approx(expected, abs=1e-7)
    last = model.last
    assert last is not None
    assert last.optimal
    # "Optimal" only with the gap closed: the proven bound is the value itself.
    assert last.bound <= last.value + 1e-7
    assert last.value == pytest.approx(expected, abs=1e-7)


@settings(max_examples=25, deadline=None)
@given(portfolios(), st.integers(3, 8))
def test_a_frontier_started_from_each_previous_step_matches_milp_at_every_step(
    case: tuple[Measures, dict[str, float]], steps: int
) -> None:
    m, _ = case
    forced = m.required_closure()
    start = float(m.resource("cost_nok")[forced].sum())
    total = float(m.resource("cost_nok").sum())
    points = frontier(m, {"cost_nok": BudgetRange(start, max(total, start + 1.0), steps)})
    values = objective_values(m)
    for p in points:
        assert p.value == pytest.approx(reference_optimum(m, values, p.budget), abs=TOL)


def test_the_value_step_is_an_eighth_with_equal_weights_and_none_for_irrational_ones() -> None:
    assert value_step(np.array([0.0, 0.125, 0.75, 1.0])) == 0.125
    assert value_step(np.array([7 / 60, 8 / 60, 15 / 60])) == pytest.approx(1 / 60)
    assert value_step(np.array([0.1, np.pi / 10])) == 0.0
    assert value_step(np.zeros(3)) == 0.0


def test_a_proof_by_the_bound_alone_needs_no_branching_on_a_large_instance() -> None:
    rng = np.random.default_rng(7)
    n = 3000
    cost = np.round(rng.lognormal(12.0, 1.0, n), -3)
    m = Measures.build(
        [f"t{k}" for k in range(n)],
        None,
        rng.integers(1, 6, size=(n, 3)),
        resources={"cost_nok": cost, "fte": cost / 9e5},
    )
    budget = {"cost_nok": float(cost.sum() / 2), "fte": float(cost.sum() / 9e5 / 2)}
    model = PortfolioModel(m, COLUMNS)
    values = objective_values(m)
    selected = model.solve(values, budget)
    last = model.last
    assert last is not None
    assert last.optimal
    assert last.proof in {"bound", "reduced"}
    assert float(values[selected].sum()) == pytest.approx(reference_optimum(m, values, budget), abs=1e-7)


def test_what_the_fast_path_cannot_prove_goes_to_the_full_milp(monkeypatch: pytest.MonkeyPatch) -> None:
    from prioritet.engine import exact

    rng = np.random.default_rng(3)
    n = 40
    cost = rng.integers(1, 20, n).astype(float)
    m = Measures.build([f"t{k}" for k in range(n)], None, rng.integers(1, 6, size=(n, 3)), resources={"cost_nok": cost})
    budget = {"cost_nok": float(cost.sum() / 3)}
    values = objective_values(m)

    def unproven(
        s: exact.Structure, v: np.ndarray, ub: np.ndarray, start: object = None, time_limit: object = None
    ) -> exact.Outcome:
        return exact.Outcome(s.forced.copy(), 0.0, np.inf, False, "none", len(v))

    monkeypatch.setattr(exact, "solve", unproven)
    model = PortfolioModel(m, ("cost_nok",))
    selected = model.solve(values, budget)
    assert model.last is not None
    assert model.last.proof == "milp"
    assert model.last.optimal
    assert float(values[selected].sum()) == pytest.approx(reference_optimum(m, values, budget), abs=1e-7)


@settings(max_examples=30, deadline=None)
@given(portfolios())
def test_the_table_of_cheaper_options_tidies_as_the_search_per_call_does(
    case: tuple[Measures, dict[str, float]],
) -> None:
    from prioritet.engine import portfolio

    m, budget = case
    values = objective_values(m)
    with_table = PortfolioModel(m, tuple(budget))
    try:
        raw = with_table.solve(values, budget)
    except InfeasibleError:
        return
    assert with_table.last is not None
    untidy = with_table.last.selected
    without = PortfolioModel(m, tuple(budget))
    original = portfolio._MAX_CHEAPER_COMPARISONS
    portfolio._MAX_CHEAPER_COMPARISONS = 0
    try:
        tidied = without._prefer_cheaper(untidy.copy())
    finally:
        portfolio._MAX_CHEAPER_COMPARISONS = original
    assert without._cheaper is None
    assert np.array_equal(tidied, raw)
