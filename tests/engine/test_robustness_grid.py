"""The core index on a grid of benefit weights (issue 16 §4): each sample's weight rounded to the
nearest multiple of 1/G inside the space, and at every grid point the exact optimum, checked against
every subset on small instances and against scipy's ``milp`` on larger ones with ties and tight
budgets."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prioritet.engine import VALUE_CRITERIA, InfeasibleError, Measures, PortfolioModel, WeightSpace, robustness
from prioritet.engine.criteria import Criterion
from prioritet.engine.robustness import _core_index, _Corner, benefit_range, snap_to_grid

from .oracles import _bits, feasible_subsets, is_feasible
from .strategies import Instance, instances
from .test_exact import portfolios, reference_optimum
from .test_robustness import core_bounds, engine_samples, feasible_instance

grids = st.sampled_from([1, 2, 3, 4, 5, 10, 20])


def whole(m: Measures) -> tuple[np.ndarray, np.ndarray]:
    """Each measure's benefit and severity above the scale's bottom (0–4), as whole numbers."""
    return m.scores[:, 0] - 1, m.scores[:, 1] - 1


@settings(max_examples=200, deadline=None)
@given(st.floats(0.0, 1.0), st.floats(0.0, 1.0), st.lists(st.floats(0.0, 1.0), min_size=1, max_size=40), grids)
def test_a_weight_goes_to_the_nearest_grid_point_in_the_space(
    a: float, b: float, where: list[float], grid: int
) -> None:
    low, high = min(a, b), max(a, b)
    t = low + (high - low) * np.array(where)
    snapped, size = snap_to_grid(t, grid, low, high)
    if size == 0:
        # No point of any allowed grid in the range: the samples are kept as drawn.
        np.testing.assert_array_equal(snapped, t)
        assert high - low < 1 / 1000
        return
    assert size % grid == 0
    assert size <= max(grid, 1000)
    steps = snapped * size
    np.testing.assert_allclose(steps, np.rint(steps), atol=1e-9)
    # Inside the space (a grid point within float noise of a bound, 1e-9 of a step, counts as on
    # it), and the nearest point inside it.
    assert np.all(snapped >= low - 1e-9 / size)
    assert np.all(snapped <= high + 1e-9 / size)
    inside = np.arange(np.ceil(low * size - 1e-9), np.floor(high * size + 1e-9) + 1) / size
    nearest = inside[np.argmin(np.abs(t[:, None] - inside[None, :]), axis=1)]
    np.testing.assert_allclose(np.abs(snapped - t), np.abs(nearest - t), atol=1e-12)
    # The grid asked for, unless the range holds too few of its points; then the first fine enough.
    if size > grid:
        coarser = size - grid
        assert np.floor(high * coarser + 1e-9) - np.ceil(low * coarser - 1e-9) + 1 < min(5, coarser + 1)


def test_the_whole_range_keeps_the_grid_asked_for_and_a_narrow_one_refines_it() -> None:
    t = np.random.default_rng(0).uniform(0.0, 1.0, 500)
    snapped, size = snap_to_grid(t, 20)
    assert size == 20
    assert np.abs(snapped - t).max() <= 1 / 40 + 1e-12
    narrow = np.random.default_rng(1).uniform(0.31, 0.34, 500)
    snapped, size = snap_to_grid(narrow, 20, 0.31, 0.34)
    # [0.31, 0.34] holds fewer than five multiples of 1/20, 1/40, …, 1/140 (four of 1/100: 0.31–0.34),
    # and five of 1/160 (50/160 … 54/160).
    assert size == 160
    assert np.unique(snapped).size == 5


@pytest.mark.parametrize(
    ("space", "expected"),
    [
        (WeightSpace(criteria=VALUE_CRITERIA), (0.0, 1.0)),
        (WeightSpace(criteria=VALUE_CRITERIA, order=(Criterion.SEVERITY, Criterion.BENEFIT)), (0.0, 0.5)),
        (WeightSpace(criteria=VALUE_CRITERIA, order=(Criterion.BENEFIT, Criterion.SEVERITY)), (0.5, 1.0)),
        (WeightSpace(criteria=VALUE_CRITERIA, bounds={Criterion.SEVERITY: (0.2, 0.7)}), (0.3, 0.8)),
        (
            WeightSpace(
                criteria=VALUE_CRITERIA,
                bounds={Criterion.SEVERITY: (0.2, 0.7), Criterion.BENEFIT: (0.0, 0.6)},
                order=(Criterion.SEVERITY, Criterion.BENEFIT),
            ),
            (0.3, 0.5),
        ),
        (WeightSpace(criteria=VALUE_CRITERIA, bounds={Criterion.SEVERITY: (0.0, 0.0)}), (1.0, 1.0)),
    ],
)
def test_the_benefit_weights_a_space_allows_hold_its_samples(space: WeightSpace, expected: tuple[float, float]) -> None:
    assert benefit_range(space) == pytest.approx(expected)
    t = space.sample(2000, np.random.default_rng(0))[:, 0]
    assert t.min() >= expected[0] - 1e-12
    assert t.max() <= expected[1] + 1e-12
    # Uniform on it: the samples reach both ends.
    assert t.min() <= expected[0] + 0.01
    assert t.max() >= expected[1] - 0.01


@settings(max_examples=40, deadline=None)
@given(instances(max_n=9).filter(feasible_instance), st.integers(0, 1000), grids)
def test_the_grid_core_index_is_the_exact_one_at_the_rounded_weights(inst: Instance, seed: int, grid: int) -> None:
    m = inst.measures
    samples = 60
    r = robustness(m, samples=samples, seed=seed, budget=inst.budget, top=0, grid=grid)
    snapped, size = snap_to_grid(engine_samples(samples, seed, inst.budget, None)[:, 0], grid)
    assert r.grid == size
    assert (r.core_samples, r.stopped_early, r.core_unresolved) == (samples, False, 0)
    assert r.core_index is not None
    # At most one solve per distinct grid point.
    assert 1 <= r.solves <= np.unique(snapped).size
    lower, upper = core_bounds(inst, snapped)
    assert np.all(r.core_index >= lower - 1e-12), (r.core_index, lower)
    assert np.all(r.core_index <= upper + 1e-12), (r.core_index, upper)
    # Bounded in time (generously) it is the same analysis.
    bounded = robustness(
        m, samples=samples, seed=seed, budget=inst.budget, top=0, grid=grid, time_limit=600.0, solve_time_limit=300.0
    )
    assert bounded.core_index is not None
    np.testing.assert_array_equal(bounded.core_index, r.core_index)
    assert (bounded.core_samples, bounded.stopped_early, bounded.grid) == (samples, False, size)


@settings(max_examples=40, deadline=None)
@given(instances(max_n=9).filter(feasible_instance), st.data())
def test_every_grid_point_gets_the_brute_force_optimum(inst: Instance, data: st.DataObject) -> None:
    """Also the points the bisection did not solve: a corner optimal at two grid points is optimal
    between them, which whole-number arithmetic over every subset confirms."""
    m = inst.measures
    grid = data.draw(grids)
    ks = data.draw(st.lists(st.integers(0, grid), min_size=1, max_size=25))
    memo: dict[tuple[float, float], _Corner] = {}
    core, solves = _core_index(m, np.array(ks) / grid, inst.budget, memo=memo, grid=grid)
    assert solves == len(memo) <= len(set(ks))
    bits = _bits(len(m))[feasible_subsets(m, inst.budget)].astype(np.int64)
    b, s = whole(m)
    big_b, big_s = bits @ b, bits @ s
    for (wb, ws), corner in memo.items():
        assert is_feasible(m, inst.budget, corner.selected)
        assert int(wb) * corner.benefit + int(ws) * corner.severity == int((int(wb) * big_b + int(ws) * big_s).max())
    # Each sample counted with an optimum at its own point, whether solved or settled between.
    lower, upper = core_bounds(inst, np.array(ks) / grid)
    assert np.all(core >= lower - 1e-12), (core, lower)
    assert np.all(core <= upper + 1e-12), (core, upper)
    np.testing.assert_array_equal(core[m.required_closure()], 1.0)


@pytest.mark.slow
@settings(max_examples=15, deadline=None)
@given(portfolios(), st.sampled_from([4, 10, 20]))
def test_every_grid_point_is_milps_optimum_on_larger_instances(
    case: tuple[Measures, dict[str, float]], grid: int
) -> None:
    """20–120 measures with ties and budgets from 2 % to 90 %: the corner found at each of the
    grid's points is worth exactly what ``milp`` proves optimal there (whole numbers: no tolerance)."""
    m, budget = case
    try:
        PortfolioModel(m, tuple(budget)).check_budget(budget)
    except InfeasibleError:
        return
    memo: dict[tuple[float, float], _Corner] = {}
    ks = np.arange(grid + 1)
    try:
        _core_index(m, ks / grid, budget, memo=memo, grid=grid)
    except InfeasibleError:
        assert reference_optimum(m, np.zeros(len(m)), budget) is None
        return
    b, s = whole(m)
    found = {int(k): c for (k, _), c in memo.items()}
    for k in ks.tolist():
        values = (k * b + (grid - k) * s).astype(np.float64)
        expected = reference_optimum(m, values, budget)
        assert expected is not None
        # The point was solved, or settled by two solved neighbours on the same line: either way the
        # corner of the nearest solved point below or above is optimal here.
        below = max(p for p in found if p <= k) if any(p <= k for p in found) else None
        corner = found[below] if below is not None else found[min(found)]
        assert is_feasible(m, budget, corner.selected)
        assert k * corner.benefit + (grid - k) * corner.severity == round(expected)


def test_a_grid_analysis_of_a_bounded_space_stays_inside_it() -> None:
    m = Measures.build(["a", "b", "c"], None, [(5, 1, 3), (1, 5, 3), (4, 4, 3)], resources={"cost": [1.0, 1.0, 1.0]})
    space = WeightSpace(criteria=(Criterion.BENEFIT, Criterion.SEVERITY), bounds={Criterion.BENEFIT: (0.3, 0.42)})
    r = robustness(m, samples=500, seed=2, budget={"cost": 1.0}, space=space, top=0, grid=20)
    # Multiples of 1/20 give three points in [0.3, 0.42] (0.30, 0.35, 0.40), of 1/40 five.
    assert r.grid == 40
    # For benefit weights t in [0.3, 0.42], c is worth 3, a 4t and b 4(1 − t): c always. The two
    # ends of the grid agree, so nothing between them is solved.
    assert r.core_index is not None
    assert r.core_index.tolist() == [0.0, 0.0, 1.0]
    assert r.solves == 2


def test_a_grid_needs_a_step() -> None:
    m = Measures.build(["a"], None, [(5, 1, 3)], resources={"cost": [1.0]})
    with pytest.raises(ValueError, match="grid"):
        robustness(m, samples=10, budget={"cost": 1.0}, grid=0)
