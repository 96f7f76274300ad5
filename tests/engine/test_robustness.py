"""Robustness (SMAA-2): validation, the shape of the results, rank acceptability against a naive
per-sample full sort, and the core index against solving every sample on its own (``optimise``)
and against enumerating every subset."""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Mapping

import numpy as np
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from prioritet.engine import (
    CRITERIA,
    VALUE_CRITERIA,
    Code,
    Criterion,
    InfeasibleError,
    Measures,
    Method,
    WeightSpace,
    optimise,
    robustness,
)
from prioritet.engine.robustness import ALWAYS, NEVER, Inclusion, _core_index, _rank_acceptability, inclusion

from .oracles import _bits, additive_value, feasible_subsets, naive_order, portfolio_values, topsis_closeness
from .refusals import refused
from .strategies import Instance, instances, plain_measures, value_weights

B, S, R = Criterion.BENEFIT, Criterion.SEVERITY, Criterion.RESOURCES

#: A selection the solver returns may be this far below the optimum (HiGHS's absolute gap, which
#: scipy leaves at its default). The core-index oracle counts such selections as optimal too.
SOLVER_GAP = 1e-6


def engine_samples(
    samples: int, seed: int, budget: Mapping[str, float] | None, space: WeightSpace | None
) -> np.ndarray:
    """The weight vectors :func:`robustness` draws, as full (benefit, severity, resources) rows:
    the space's own sampler with ``numpy.random.default_rng(seed)``, on benefit and severity only
    when there is a budget."""
    criteria = VALUE_CRITERIA if budget else CRITERIA
    space = space or WeightSpace(criteria=criteria)
    if space.criteria != criteria:
        space = WeightSpace(criteria=criteria, bounds=space.bounds, order=space.order)
    w = space.sample(samples, np.random.default_rng(seed))
    full = np.zeros((samples, 3))
    for k, c in enumerate(criteria):
        full[:, CRITERIA.index(c)] = w[:, k]
    return full


def naive_acceptability(m: Measures, weights: np.ndarray, method: Method) -> np.ndarray:
    """For every sample: every measure's value from scratch, a full sort with the tie-break."""
    n = len(m)
    counts = np.zeros((n, n))
    scores = m.scores.tolist()
    for w in weights.tolist():
        if method is Method.ADDITIVE:
            values = [additive_value(row, w) for row in scores]
        else:
            values = topsis_closeness(scores, w)
        for position, i in enumerate(naive_order(values, m)):
            counts[i, position] += 1
    return counts / len(weights)


# --- validation and shape ---------------------------------------------------------------------------

SMALL = Measures.build(
    ["a", "b", "c"],
    None,
    [(5, 2, 4), (2, 5, 2), (3, 3, 3)],
    resources={"cost": [3.0, 2.0, 2.0]},
    mandatory=[False, False, True],
)


@pytest.mark.parametrize("samples", [0, -5])
def test_samples_must_be_positive(samples: int) -> None:
    with refused(Code.SAMPLES_TOO_FEW) as excinfo:
        robustness(SMALL, samples=samples)
    assert excinfo.value.problems[0].params == {"samples": samples}


@pytest.mark.parametrize(
    "space",
    [WeightSpace(bounds={R: (0.0, 0.5)}), WeightSpace(order=(S, R))],
)
def test_no_resources_bound_or_order_with_a_budget(space: WeightSpace) -> None:
    with refused(Code.RESOURCES_SPACE_WITH_BUDGET) as excinfo:
        robustness(SMALL, samples=10, budget={"cost": 4}, space=space)
    assert excinfo.value.problems[0].params == {"criterion": R}


def test_a_three_criteria_space_without_resources_constraints_is_narrowed_with_a_budget() -> None:
    space = WeightSpace(bounds={S: (0.5, 1.0)})
    r = robustness(SMALL, samples=200, seed=3, budget={"cost": 4}, space=space)
    assert r.criteria == VALUE_CRITERIA
    assert r.core_index is not None
    expected = naive_acceptability(SMALL, engine_samples(200, 3, {"cost": 4}, space), Method.ADDITIVE)
    np.testing.assert_allclose(r.rank_acceptability, expected, atol=1e-12)


def test_infeasible_budget_propagates() -> None:
    with pytest.raises(InfeasibleError) as excinfo:
        robustness(SMALL, samples=10, budget={"cost": 1})
    assert excinfo.value.shortfall == pytest.approx({"cost": 1.0})


def test_result_fields_and_reproducibility() -> None:
    a = robustness(SMALL, samples=300, seed=11, method=Method.TOPSIS)
    assert (a.samples, a.seed, a.method, a.criteria) == (300, 11, Method.TOPSIS, CRITERIA)
    assert a.core_index is None
    assert a.solves == 0
    assert a.rank_acceptability.shape == (3, 3)
    b = robustness(SMALL, samples=300, seed=11, method=Method.TOPSIS)
    np.testing.assert_array_equal(a.rank_acceptability, b.rank_acceptability)
    c = robustness(SMALL, samples=300, seed=12, method=Method.TOPSIS)
    assert not np.array_equal(a.rank_acceptability, c.rank_acceptability)


def test_acceptability_is_a_multiple_of_one_over_samples() -> None:
    r = robustness(SMALL, samples=7, seed=1)
    np.testing.assert_allclose(r.rank_acceptability * 7, np.round(r.rank_acceptability * 7), atol=1e-9)


def test_one_sample() -> None:
    r = robustness(SMALL, samples=1, seed=0, budget={"cost": 4})
    assert r.core_index is not None
    assert set(r.core_index.tolist()) <= {0.0, 1.0}
    assert r.core_index[2] == 1.0


# --- rank acceptability ---------------------------------------------------------------------------------


@st.composite
def spaces(draw: st.DrawFn, criteria: tuple[Criterion, ...] = CRITERIA) -> WeightSpace | None:
    """None (the default space), or bounds and an order that leave plenty of room, including a
    criterion bounded to exactly 0."""
    if draw(st.booleans()):
        return None
    bounds: dict[Criterion, tuple[float, float]] = {}
    # A criterion bounded to 0 only among three: of two, the other would have to weigh exactly 1.
    zero = draw(st.sampled_from([None, *criteria])) if len(criteria) == 3 else None
    for c in criteria:
        if c is zero:
            bounds[c] = (0.0, 0.0)
        elif draw(st.booleans()):
            lo = draw(st.sampled_from([0.0, 0.1, 0.2]))
            bounds[c] = (lo, draw(st.sampled_from([0.7, 0.9, 1.0])))
    order = [c for c in draw(st.permutations(criteria)) if c is not zero][: draw(st.integers(0, 3))]
    return WeightSpace(criteria=criteria, bounds=bounds, order=tuple(order))


@settings(max_examples=60, deadline=None)
@given(plain_measures(max_n=9), spaces(), st.sampled_from(list(Method)), st.integers(0, 1000))
def test_rank_acceptability_matches_a_naive_sort_of_every_sample(
    m: Measures, space: WeightSpace | None, method: Method, seed: int
) -> None:
    r = robustness(m, samples=150, seed=seed, space=space, method=method)
    a = r.rank_acceptability
    np.testing.assert_allclose(a.sum(axis=0), 1.0, atol=1e-12)
    np.testing.assert_allclose(a.sum(axis=1), 1.0, atol=1e-12)
    assert np.all((a >= 0) & (a <= 1))
    expected = naive_acceptability(m, engine_samples(150, seed, None, space), method)
    np.testing.assert_allclose(a, expected, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(plain_measures(max_n=9), spaces(VALUE_CRITERIA), st.sampled_from(list(Method)), st.integers(0, 1000))
def test_with_a_budget_ranks_use_benefit_and_severity_only(
    m: Measures, space: WeightSpace | None, method: Method, seed: int
) -> None:
    """With a budget the samples are (benefit, severity) weights and resources weighs nothing."""
    n = len(m)
    m = Measures.build(m.ids, None, m.scores, resources={"cost": [1.0] * n})
    budget = {"cost": float(n) / 2}
    r = robustness(m, samples=100, seed=seed, budget=budget, space=space, method=method)
    assert r.criteria == VALUE_CRITERIA
    samples = engine_samples(100, seed, budget, space)
    assert np.all(samples[:, 2] == 0)
    np.testing.assert_allclose(r.rank_acceptability, naive_acceptability(m, samples, method), atol=1e-12)
    assert r.core_index is not None
    assert r.core_index.sum() <= n // 2 + 1e-9  # no sample selects more than n // 2 measures


@settings(max_examples=60, deadline=None)
@given(plain_measures(max_n=12), st.sampled_from(list(Method)), st.data())
def test_rank_acceptability_on_given_weights(m: Measures, method: Method, data: st.DataObject) -> None:
    """The private routine on weight rows chosen here: small whole-number weights, so that distinct
    profiles tie exactly and only the tie-break separates them, and criteria with weight 0 in every
    row (the routine then groups profiles on the other criteria). Its contract, which robustness()
    meets, is that a criterion it counts as active weighs more than 0 in every row."""
    zero = data.draw(st.sets(st.integers(0, 2), max_size=2))
    rows = data.draw(
        st.lists(
            st.tuples(*[st.just(0) if k in zero else st.integers(1, 3) for k in range(3)]), min_size=1, max_size=20
        )
    )
    weights = np.array(rows, dtype=np.float64)
    weights /= weights.sum(axis=1, keepdims=True)
    active = [k for k in range(3) if k not in zero]
    got = _rank_acceptability(m, weights, active, method)
    np.testing.assert_allclose(got, naive_acceptability(m, weights, method), atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(plain_measures(max_n=12), spaces(), st.sampled_from(list(Method)), st.integers(0, 1000), st.integers(0, 14))
def test_the_first_ranks_and_the_summaries_are_those_of_the_whole_matrix(
    m: Measures, space: WeightSpace | None, method: Method, seed: int, top: int
) -> None:
    whole = robustness(m, samples=120, seed=seed, space=space, method=method)
    first = robustness(m, samples=120, seed=seed, space=space, method=method, top=top)
    n = len(m)
    assert first.top == min(top, n)
    np.testing.assert_array_equal(first.rank_acceptability, whole.rank_acceptability[:, : min(top, n)])
    ranks = np.arange(1, n + 1)
    np.testing.assert_allclose(first.expected_rank, whole.rank_acceptability @ ranks, atol=1e-9)
    np.testing.assert_array_equal(first.most_likely_rank, whole.rank_acceptability.argmax(axis=1) + 1)


def test_the_first_ranks_of_many_measures_need_no_n_by_n_matrix() -> None:
    """4,000 measures: the whole matrix would be 128 MB of shares (and as much again while counting);
    the first ten ranks and the summaries take a fraction of it."""
    rng = np.random.default_rng(7)
    n = 4000
    m = Measures.build([f"T{i:05d}" for i in range(n)], None, rng.integers(1, 6, size=(n, 3)))
    tracemalloc.start()
    try:
        result = robustness(m, samples=500, seed=1, top=10)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.rank_acceptability.shape == (n, 10)
    assert peak < n * n * 8 / 4
    assert sorted(result.most_likely_rank.tolist())[0] == 1


# --- core index -------------------------------------------------------------------------------------------


def core_bounds(inst: Instance, ts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each measure, the share of samples in which it is in *every* optimal subset (lower) and
    in *some* optimal subset (upper), by enumerating all subsets. Where the optimum is unique in every
    sample the two agree and the core index is determined exactly."""
    m = inst.measures
    bits = _bits(len(m))[feasible_subsets(m, inst.budget)]
    assert len(bits), "instance must be feasible"
    lower = np.zeros(len(m))
    upper = np.zeros(len(m))
    for t in ts.tolist():
        v = bits.astype(np.float64) @ np.array(portfolio_values(m, t, 1.0 - t))
        optimal = bits[v >= v.max() - SOLVER_GAP]
        lower += optimal.all(axis=0)
        upper += optimal.any(axis=0)
    return lower / len(ts), upper / len(ts)


def feasible_instance(inst: Instance) -> bool:
    return bool(feasible_subsets(inst.measures, inst.budget).any())


@pytest.mark.slow
@settings(max_examples=30, deadline=None)
@given(instances(max_n=9).filter(feasible_instance), st.integers(0, 1000))
def test_core_index_matches_solving_every_sample(inst: Instance, seed: int) -> None:
    m = inst.measures
    samples = 30
    r = robustness(m, samples=samples, seed=seed, budget=inst.budget)
    core = r.core_index
    assert core is not None
    assert np.all((core >= 0) & (core <= 1))
    np.testing.assert_array_equal(core[m.required_closure()], 1.0)
    assert 2 <= r.solves <= samples  # the ends always; 2K − 1 for K corners, fewer than the samples here
    ts = engine_samples(samples, seed, inst.budget, None)[:, 0]
    # Every sample solved on its own.
    one_by_one = np.mean([optimise(m, inst.budget, value_weights((t, 1.0 - t))).selected for t in ts], axis=0)
    lower, upper = core_bounds(inst, ts)
    for got in (core, one_by_one):
        assert np.all(got >= lower - 1e-12), (got, lower)
        assert np.all(got <= upper + 1e-12), (got, upper)
    unique = bool(np.allclose(lower, upper))
    event(f"optimum unique in every sample: {unique}")
    if unique:
        np.testing.assert_allclose(core, one_by_one, atol=1e-12)
        np.testing.assert_allclose(core, lower, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(instances(max_n=8).filter(feasible_instance), st.data())
def test_core_index_bisection_at_breakpoints_and_repeated_samples(inst: Instance, data: st.DataObject) -> None:
    """Benefit shares on a grid of small fractions hit the breakpoints where two selections tie;
    repeats and the ends 0 and 1 test the bisection's bookkeeping."""
    grid = sorted({k / q for q in range(1, 9) for k in range(q + 1)})
    ts = np.array([0.0, 1.0, *data.draw(st.lists(st.sampled_from(grid), min_size=3, max_size=30))])
    core, solves = _core_index(inst.measures, ts, inst.budget)
    # The search looks only where samples lie: never more than 2D − 1 solves for D distinct samples.
    assert solves <= 2 * np.unique(ts).size - 1
    lower, upper = core_bounds(inst, ts)
    assert np.all(core >= lower - 1e-12)
    assert np.all(core <= upper + 1e-12)


def test_core_index_by_hand() -> None:
    """Budget 2 fits one of a (benefit 5, severity 1) and b (benefit 1, severity 5) besides c (cost 0):
    a is best when t·1 > (1 − t)·1, i.e. benefit weight t > 1/2. Uniform t on [0, 1]: a's core index
    is the share of samples with t > 1/2, b's the rest, c's 1."""
    m = Measures.build(["a", "b", "c"], None, [(5, 1, 3), (1, 5, 3), (2, 2, 3)], resources={"cost": [2.0, 2.0, 0.0]})
    r = robustness(m, samples=2000, seed=5, budget={"cost": 2})
    ts = engine_samples(2000, 5, {"cost": 2}, None)[:, 0]
    assert r.core_index is not None
    assert r.core_index.tolist() == [float((ts > 0.5).mean()), float((ts < 0.5).mean()), 1.0]
    assert r.core_index[0] == pytest.approx(0.5, abs=0.05)
    # Only the ends and the bisection near t = 1/2 are solved.
    assert r.solves < 40


def test_core_index_searches_only_where_samples_lie() -> None:
    """Four corner selections over t (a alone, b alone, c alone, and the severe d), but samples only at
    the ends: the two end solves settle everything, whatever lies between (a regression: the search
    once solved every corner between the ends, seven solves for five samples)."""
    m = Measures.build(
        ["a", "b", "c", "d"],
        None,
        [(5, 1, 3), (4, 3, 3), (3, 4, 3), (1, 5, 3)],
        resources={"cost": [1.0, 1.0, 1.0, 1.0]},
    )
    core, solves = _core_index(m, np.array([0.0, 1.0, 0.0, 0.0, 0.0]), {"cost": 1.0})
    assert solves == 2
    assert core.tolist() == [0.2, 0.0, 0.0, 0.8]
    core, solves = _core_index(m, np.array([0.0, 0.45, 1.0]), {"cost": 1.0})
    assert solves <= 3
    assert core.tolist() == pytest.approx([1 / 3, 0.0, 1 / 3, 1 / 3])


def test_core_index_of_measures_excluded_by_a_mandatory_group_member_is_zero() -> None:
    m = Measures.build(
        ["a", "b", "c"],
        None,
        [(3, 3, 3), (5, 5, 1), (4, 4, 2)],
        resources={"cost": [1.0, 1.0, 1.0]},
        mandatory=[True, False, False],
        groups=["G", "G", None],
    )
    r = robustness(m, samples=100, seed=0, budget={"cost": 5})
    assert r.core_index is not None
    assert r.core_index.tolist() == [1.0, 0.0, 1.0]


@pytest.mark.parametrize(
    ("core", "expected"),
    [
        (1.0, Inclusion.ALWAYS),
        (ALWAYS, Inclusion.ALWAYS),
        (0.98, Inclusion.SOMETIMES),
        (0.5, Inclusion.SOMETIMES),
        (0.02, Inclusion.SOMETIMES),
        (NEVER, Inclusion.NEVER),
        (0.0, Inclusion.NEVER),
    ],
)
def test_a_core_index_reads_as_always_sometimes_or_never(core: float, expected: Inclusion) -> None:
    """The one reading of the core index, for the portfolio page and the command line."""
    assert inclusion(core) is expected


# --- bounded core index (issue 16 §4) -----------------------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(instances(max_n=8).filter(feasible_instance), st.integers(0, 1000))
def test_with_a_generous_time_limit_the_core_index_is_the_exact_one(inst: Instance, seed: int) -> None:
    exact = robustness(inst.measures, samples=120, seed=seed, budget=inst.budget, top=0)
    bounded = robustness(
        inst.measures, samples=120, seed=seed, budget=inst.budget, top=0, time_limit=600.0, solve_time_limit=300.0
    )
    assert exact.core_index is not None
    assert bounded.core_index is not None
    np.testing.assert_allclose(bounded.core_index, exact.core_index, atol=1e-12)
    assert (bounded.core_samples, bounded.stopped_early, bounded.core_unresolved) == (120, False, 0)
    assert exact.core_samples == 120
    assert not exact.stopped_early
    assert bounded.core_low is not None
    assert bounded.core_high is not None
    assert np.all(bounded.core_low <= bounded.core_index)
    assert np.all(bounded.core_index <= bounded.core_high)


class _Clock:
    """A clock that moves one second at every reading: the analysis runs out of time after a
    known number of steps, whatever the machine's load."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        self.now += 1.0
        return self.now


def test_a_short_time_limit_stops_early_says_so_and_its_intervals_hold_the_full_estimate(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rng = np.random.default_rng(3)
    n = 12
    m = Measures.build(
        [f"T{i:02d}" for i in range(n)], None, rng.integers(1, 6, size=(n, 3)), resources={"cost": rng.uniform(1, 9, n)}
    )
    budget = {"cost": 25.0}
    full = robustness(m, samples=400, seed=11, budget=budget, top=0)
    monkeypatch.setattr(time, "perf_counter", _Clock())
    short = robustness(m, samples=400, seed=11, budget=budget, top=0, time_limit=20.0)
    assert short.stopped_early
    assert 0 < short.core_samples < 400
    assert short.core_low is not None
    assert short.core_high is not None
    assert full.core_index is not None
    assert np.all(short.core_low <= full.core_index)
    assert np.all(full.core_index <= short.core_high)
    # The estimate is the share over the samples used: a multiple of one over their number.
    assert short.core_index is not None
    np.testing.assert_allclose(short.core_index * short.core_samples, np.rint(short.core_index * short.core_samples))


def test_no_time_at_all_uses_no_sample_and_claims_nothing() -> None:
    m = Measures.build(["a", "b"], None, [(5, 1, 3), (1, 5, 3)], resources={"cost": [2.0, 2.0]})
    r = robustness(m, samples=100, seed=1, budget={"cost": 2.0}, time_limit=0.0)
    assert (r.core_samples, r.stopped_early) == (0, True)
    assert r.core_index is not None
    assert r.core_index.tolist() == [0.0, 0.0]
    assert r.core_low is not None
    assert r.core_high is not None
    assert r.core_low.tolist() == [0.0, 0.0]
    assert r.core_high.tolist() == [1.0, 1.0]
