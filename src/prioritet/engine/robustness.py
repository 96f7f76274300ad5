"""Stochastic multicriteria acceptability analysis (SMAA-2; Lahdelma & Salminen 2001).

When a group cannot agree on exact weights, sample every weight vector they find possible and ask
how often each measure gets each rank (rank acceptability) and, with a budget, how often it is in
the optimal portfolio (core index, as in robust portfolio modelling; Liesiö et al. 2007).
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import pairwise

import numpy as np

from .criteria import CRITERIA, RESOURCE_CRITERIA, SCALE_MAX, SCALE_MIN, Criterion
from .measures import BoolArray, FloatArray, IntArray, Measures
from .portfolio import VALUE_CRITERIA, PortfolioModel, SolveTimeLimitError
from .problems import Code, InputError, Problem
from .ranking import Method, profile_values
from .weights import WeightSpace

_DECIMALS = 12

#: A core index this close to 1 (or 0) means "in (out of) the portfolio whatever the weights"; the
#: margin absorbs sampling noise at the edges of the weight space.
ALWAYS = 0.99
NEVER = 0.01
#: Confidence of each core index's interval (Clopper–Pearson over the samples used).
CONFIDENCE = 0.95
#: The core index is computed on growing prefixes of the samples (this many first, then doubling):
#: when the time runs out, the last finished prefix is a valid, smaller random sample.
FIRST_BATCH = 50


class Inclusion(StrEnum):
    """How a measure's place in the optimal portfolio holds up across the possible weights."""

    ALWAYS = "always"
    SOMETIMES = "sometimes"
    NEVER = "never"


def inclusion(core: float) -> Inclusion:
    """A core index read as always in (≥ :data:`ALWAYS`), never (≤ :data:`NEVER`), else sometimes."""
    if core >= ALWAYS:
        return Inclusion.ALWAYS
    if core <= NEVER:
        return Inclusion.NEVER
    return Inclusion.SOMETIMES


@dataclass(frozen=True)
class Robustness:
    samples: int
    seed: int
    method: Method
    criteria: tuple[Criterion, ...]
    #: [i, r]: share of samples in which measure i has rank r + 1, for the first :attr:`top` ranks
    #: (all n unless fewer were asked for: n × n shares of 10,000 measures are 800 MB).
    rank_acceptability: FloatArray
    #: Share of samples in which measure i is in the optimal portfolio (with a budget only).
    core_index: FloatArray | None
    #: Each measure's mean rank over the samples (1 is first), whatever :attr:`top` is.
    expected_rank: FloatArray = field(default_factory=lambda: np.zeros(0))
    #: Each measure's most likely rank (1 is first; the best of equally likely ranks), whatever :attr:`top` is.
    most_likely_rank: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    #: Number of MILPs solved for the core index (fewer than samples: see ``_core_index``).
    solves: int = 0
    #: Samples the core index rests on: all of them unless the time ran out (the first ones drawn).
    core_samples: int = 0
    #: Samples (of :attr:`core_samples`) whose optimum no solve settled within its time limit: they
    #: are left out of :attr:`core_index` (a lower bound) and widen the interval upwards.
    core_unresolved: int = 0
    #: Whether the time limit stopped the core index before every sample was used.
    stopped_early: bool = False
    #: Each measure's core index's Clopper–Pearson interval at :data:`CONFIDENCE` over
    #: :attr:`core_samples` samples ([0, 1] when none was used).
    core_low: FloatArray | None = None
    core_high: FloatArray | None = None
    #: With a grid, the core index solves at each sample's benefit weight rounded to the nearest
    #: multiple of 1/:attr:`grid` inside the space (see :func:`snap_to_grid`); None: at each sample's own.
    grid: int | None = None

    @property
    def top(self) -> int:
        """How many ranks :attr:`rank_acceptability` has a column for."""
        return int(self.rank_acceptability.shape[1])


def robustness(
    measures: Measures,
    samples: int = 10_000,
    seed: int = 0,
    budget: Mapping[str, float] | None = None,
    space: WeightSpace | None = None,
    method: Method = Method.ADDITIVE,
    top: int | None = None,
    time_limit: float | None = None,
    solve_time_limit: float | None = None,
    grid: int | None = None,
) -> Robustness:
    """Rank acceptability (of the first ``top`` ranks; all by default), each measure's expected and
    most likely rank and, with a budget, the core index, over ``samples`` weight vectors.

    The core index solves portfolios, which can take long: ``time_limit`` bounds its total time and
    ``solve_time_limit`` each solve (seconds). It is computed on growing prefixes of the samples, so
    when time runs out the result rests on the last finished prefix and says so
    (:attr:`Robustness.core_samples`, :attr:`Robustness.stopped_early`, with intervals).

    With a ``grid``, the core index is the exact one for the sampled weights rounded to multiples of
    ``1/grid`` of the benefit weight (:func:`snap_to_grid`): at most ``grid + 1`` solves, each with
    small whole-number weights, which HiGHS proves quickly where the near-ties of arbitrary weights
    take it minutes. The rank acceptability always uses the samples as drawn."""
    if grid is not None and grid < 1:
        raise ValueError(f"a grid needs at least one step, got {grid}")
    if samples < 1:
        raise InputError([Problem(Code.SAMPLES_TOO_FEW, {"samples": samples})])
    criteria = VALUE_CRITERIA if budget else CRITERIA
    space = space or WeightSpace(criteria=criteria)
    if space.criteria != criteria:
        if budget and any(c in RESOURCE_CRITERIA for c in (*space.bounds, *space.order)):
            named = next(c for c in RESOURCE_CRITERIA if c in (*space.bounds, *space.order))
            raise InputError([Problem(Code.RESOURCES_SPACE_WITH_BUDGET, {"criterion": named})])
        space = WeightSpace(criteria=criteria, bounds=space.bounds, order=space.order)
    rng = np.random.default_rng(seed)
    weights = space.sample(samples, rng)
    full = np.zeros((samples, len(CRITERIA)))
    for k, c in enumerate(criteria):
        full[:, CRITERIA.index(c)] = weights[:, k]
    active = [CRITERIA.index(c) for c in criteria if space.bounds.get(c, (0.0, 1.0))[1] > 0]
    ranks = _RankCounts.of(measures, full, active, method)
    core, solves, used, stopped, unresolved = None, 0, 0, False, 0
    low = high = None
    steps = None
    if budget:
        share = weights[:, 0]
        if grid is not None:
            share, steps = snap_to_grid(share, grid, *benefit_range(space))
        core, unknown, used, solves, stopped = _budgeted_core_index(
            measures, share, budget, time_limit, solve_time_limit, steps
        )
        low, high = core_interval(core, used, unknown=unknown)
        unresolved = round(float(unknown.max(initial=0.0)) * used)
    return Robustness(
        samples=samples,
        seed=seed,
        method=method,
        criteria=criteria,
        rank_acceptability=ranks.acceptability(len(measures) if top is None else max(0, min(top, len(measures)))),
        core_index=core,
        expected_rank=ranks.expected(),
        most_likely_rank=ranks.most_likely(),
        solves=solves,
        core_samples=used,
        core_unresolved=unresolved,
        stopped_early=stopped,
        core_low=low,
        core_high=high,
        grid=steps,
    )


#: A grid is refined (a multiple of the one asked for) until the space holds this many of its points.
_GRID_POINTS = 5
#: … but never finer than this: weights of more steps make the solves slow again.
_FINEST_GRID = 1000


def snap_to_grid(share: FloatArray, grid: int, low: float = 0.0, high: float = 1.0) -> tuple[FloatArray, int]:
    """Each benefit weight rounded to the nearest multiple of 1/G in [``low``, ``high``] (the
    benefit weights the space allows, which hold every sample), and G.

    G is ``grid`` when the range holds at least :data:`_GRID_POINTS` of its points (or all of
    them), else the least multiple of ``grid`` that does (at most :data:`_FINEST_GRID`, where at
    least one point must lie in the range). With no such point (a range narrower than 1/1000 off
    the grid) the samples are kept as drawn and G is 0."""
    low, high = min(low, float(share.min())), max(high, float(share.max()))
    chosen = 0
    for size in range(grid, max(grid, _FINEST_GRID) + 1, grid):
        first, last = math.ceil(low * size - 1e-9), math.floor(high * size + 1e-9)
        if last >= first:
            chosen = size
            if last - first + 1 >= min(_GRID_POINTS, size + 1):
                break
    if not chosen:
        return share, 0
    first, last = math.ceil(low * chosen - 1e-9), math.floor(high * chosen + 1e-9)
    return np.clip(np.rint(share * chosen), first, last) / chosen, chosen


def benefit_range(space: WeightSpace) -> tuple[float, float]:
    """The benefit weights a space over benefit and severity allows (the two sum to 1): its bounds
    on either, narrowed by an order between them."""
    b_low, b_high = space.bounds.get(Criterion.BENEFIT, (0.0, 1.0))
    s_low, s_high = space.bounds.get(Criterion.SEVERITY, (0.0, 1.0))
    low, high = max(b_low, 1.0 - s_high), min(b_high, 1.0 - s_low)
    if s_high <= 0:
        low = high = 1.0
    elif b_high <= 0:
        low = high = 0.0
    else:
        order = [c for c in space.order if c in (Criterion.BENEFIT, Criterion.SEVERITY)]
        if order == [Criterion.BENEFIT, Criterion.SEVERITY]:
            low = max(low, 0.5)
        elif order == [Criterion.SEVERITY, Criterion.BENEFIT]:
            high = min(high, 0.5)
    return low, high


def core_interval(
    core: FloatArray, samples: int, confidence: float = CONFIDENCE, unknown: FloatArray | None = None
) -> tuple[FloatArray, FloatArray]:
    """Clopper–Pearson interval of each core index, a share of ``samples`` independent samples;
    a share ``unknown`` of them unresolved counts as out for the lower end and in for the upper.

    Exact (never narrower than its confidence), so a short run's "sometimes" is not oversold."""
    if samples <= 0:
        return np.zeros(len(core)), np.ones(len(core))
    from scipy.stats import beta  # scipy only where a portfolio is analysed

    k = np.rint(np.asarray(core) * samples)
    extra = np.zeros(len(core)) if unknown is None else np.rint(np.asarray(unknown) * samples)
    alpha = 1.0 - confidence
    with np.errstate(invalid="ignore", divide="ignore"):
        low = np.where(k > 0, beta.ppf(alpha / 2, k, samples - k + 1), 0.0)
        up = np.minimum(k + extra, samples)
        high = np.where(up < samples, beta.ppf(1 - alpha / 2, up + 1, samples - up), 1.0)
    return np.asarray(np.nan_to_num(low, nan=0.0), dtype=np.float64), np.asarray(
        np.nan_to_num(high, nan=1.0), dtype=np.float64
    )


class _OutOfTimeError(Exception):
    """The robustness analysis's time is up (raised between solves)."""


def _budgeted_core_index(
    measures: Measures,
    benefit_share: FloatArray,
    budget: Mapping[str, float],
    time_limit: float | None,
    solve_time_limit: float | None,
    grid: int | None = None,
) -> tuple[FloatArray, FloatArray, int, int, bool]:
    """The core index on the longest prefix of the samples finished in time: (core, share of samples
    left unresolved by a solve that ran out of time, samples used, solves, stopped early).

    Prefixes of :data:`FIRST_BATCH`, then twice as many, …, then all: the samples are independent
    draws, so every prefix is a random sample of its own. Solves are remembered by their weights,
    so a longer prefix only solves where its new samples need corners the shorter one did not.
    With a ``grid`` (G > 0) the shares are multiples of 1/G and :func:`_grid_core_index` solves at them."""
    n = len(benefit_share)
    if time_limit is None and solve_time_limit is None:
        core, solves = _core_index(measures, benefit_share, budget, grid=grid or 0)
        return core, np.zeros(len(measures)), n, solves, False
    deadline = None if time_limit is None else time.perf_counter() + time_limit
    model = PortfolioModel(measures, tuple(budget))
    memo: dict[tuple[float, float], _Corner] = {}
    counter = [0]
    sizes = []
    size = FIRST_BATCH
    while size < n:
        sizes.append(size)
        size *= 2
    sizes.append(n)
    # Before any sample: only what is certain, the mandatory measures in every selection.
    best: FloatArray = model.forced.astype(np.float64)
    best_unknown: FloatArray = np.zeros(len(measures))
    used = 0
    for size in sizes:
        unresolved: list[float] = []
        try:
            core, _ = _core_index(
                measures,
                benefit_share[:size],
                budget,
                model=model,
                memo=memo,
                deadline=deadline,
                solve_time_limit=solve_time_limit,
                counter=counter,
                unresolved=unresolved,
                grid=grid or 0,
            )
        except _OutOfTimeError:
            return best, best_unknown, used, counter[0], True
        # A mandatory measure is in every selection, also at the samples left unresolved.
        core[model.forced] = 1.0
        best, used = core, size
        # Samples left unresolved are in or out: each could add 1/size to any measure's share.
        best_unknown = np.full(len(measures), np.isin(benefit_share[:size], unresolved).sum() / size)
    return best, best_unknown, used, counter[0], False


def _rank_acceptability(measures: Measures, weights: FloatArray, active: list[int], method: Method) -> FloatArray:
    """The whole n × n rank acceptability (:class:`_RankCounts`)."""
    return _RankCounts.of(measures, weights, active, method).acceptability(len(measures))


@dataclass(frozen=True)
class _RankCounts:
    """How often each score profile starts at each rank, and where each measure sits in its profile.

    Measures with equal scores on the criteria that carry weight always tie and keep their fixed
    tie-break order, so a profile's measures occupy consecutive ranks: it is enough to know, per
    sample, at which rank each profile starts. That is O(samples × profiles) to count, and every
    answer is read from the (profiles × n) counts: a measure's rank is its profile's start plus its
    place among the profile's members. Nothing n × n is built unless all ranks are asked for.
    """

    #: [p, r]: samples in which profile p starts at rank r + 1.
    histogram: IntArray
    #: Each measure's profile, and its place among the profile's members in tie-break order.
    profile_of: IntArray
    within: IntArray
    samples: int

    @classmethod
    def of(cls, measures: Measures, weights: FloatArray, active: list[int], method: Method) -> _RankCounts:
        n = len(measures)
        levels = 5
        # Profiles are the criteria that carry weight plus benefit and severity, which break ties: two
        # profiles can then tie in value only if they differ in benefit or severity, so the tie-break
        # orders them as whole blocks and never interleaves their members.
        columns = sorted({*active, 0, 1})
        code = (measures.scores[:, columns] - 1) @ (levels ** np.arange(len(columns))[::-1])
        present, first, inverse, sizes = np.unique(code, return_index=True, return_inverse=True, return_counts=True)
        representative = measures.scores[first]
        # Tie-break between profiles (severity, then benefit, descending) is the tie-break of their
        # first member in the global order.
        first_in_order = np.full(len(present), n)
        np.minimum.at(first_in_order, inverse, measures.tiebreak)
        profile_order = np.argsort(first_in_order)
        values = profile_values(method, representative, sizes, weights)[:, profile_order]
        ranked = np.argsort(-np.round(values, _DECIMALS), axis=1, kind="stable")
        ranked_sizes = sizes[profile_order][ranked]
        starts = np.cumsum(ranked_sizes, axis=1) - ranked_sizes
        start_of = np.empty_like(starts)
        np.put_along_axis(start_of, ranked, starts, axis=1)
        u = len(present)
        histogram = np.bincount((np.arange(u)[None, :] * n + start_of).ravel(), minlength=u * n).reshape(u, n)
        within = np.empty(n, dtype=np.int64)
        seen = np.zeros(u, dtype=np.int64)
        profile_of = np.empty(n, dtype=np.int64)
        profile_of[:] = np.argsort(profile_order)[inverse]
        for i in measures.tiebreak_order:
            p = profile_of[i]
            within[i] = seen[p]
            seen[p] += 1
        return cls(histogram, profile_of, within, len(weights))

    def acceptability(self, top: int) -> FloatArray:
        """[i, r]: share of samples in which measure i has rank r + 1, for r < ``top``."""
        shift = np.arange(top)[None, :] - self.within[:, None]
        counts = np.where(shift >= 0, self.histogram[self.profile_of[:, None], np.clip(shift, 0, None)], 0)
        return np.asarray(counts / self.samples, dtype=np.float64)

    def expected(self) -> FloatArray:
        """Each measure's mean rank (1 is first)."""
        start = self.histogram @ np.arange(self.histogram.shape[1], dtype=np.float64) / self.samples
        return np.asarray(start[self.profile_of] + self.within + 1.0, dtype=np.float64)

    def most_likely(self) -> IntArray:
        """Each measure's most likely rank (1 is first; the best of equally likely ranks)."""
        return np.asarray(np.argmax(self.histogram, axis=1)[self.profile_of] + self.within + 1, dtype=np.int64)


def _core_index(
    measures: Measures,
    benefit_share: FloatArray,
    budget: Mapping[str, float],
    *,
    model: PortfolioModel | None = None,
    memo: dict[tuple[float, float], _Corner] | None = None,
    deadline: float | None = None,
    solve_time_limit: float | None = None,
    counter: list[int] | None = None,
    unresolved: list[float] | None = None,
    grid: int = 0,
) -> tuple[FloatArray, int]:
    """Share of samples in which each measure is in the optimal portfolio.

    With budgets the value uses benefit and severity only, so a selection is worth
    t·B + (1−t)·S for the benefit weight t, where B = Σ(b−1) and S = Σ(s−1) over the selection are
    whole numbers. The optimum over t is the upper envelope of these lines: a few corner selections,
    each optimal on an interval of t. The dichotomic search (Aneja & Nair 1979) finds the corners
    between the smallest and largest sampled t with at most 2K − 1 solves for K corners, however
    many samples there are; it looks only where samples lie and solves a lone sample directly, so it
    also needs at most 2D − 1 solves for D distinct samples. Each sample then takes the corner whose
    interval holds it. With a ``grid`` G > 0 the samples are multiples of 1/G and
    :func:`_grid_core_index` solves at them instead.

    ``memo`` keeps solves by their weights across calls on growing prefixes of the samples; past
    ``deadline`` (a :func:`time.perf_counter` reading) no new solve starts (:class:`_OutOfTimeError`), and
    none runs longer than ``solve_time_limit`` or the time left (:class:`SolveTimeLimitError`).
    Given an ``unresolved`` list, a solve that runs out of its own limit does not stop the analysis:
    the samples whose optimum it would have settled are added to the list and left out of the
    shares (which stay over all samples), so the caller can bound what they might have added.
    """
    solver = _Solver(
        measures,
        budget,
        model or PortfolioModel(measures, tuple(budget)),
        {} if memo is None else memo,
        deadline,
        solve_time_limit,
        [0] if counter is None else counter,
    )
    if grid:
        return _grid_core_index(solver, benefit_share, grid, unresolved), solver.solves

    def solve(weight_b: float, weight_s: float) -> _Corner:
        return solver.solve(weight_b, weight_s)

    def value(corner: _Corner, weight_b: float, weight_s: float) -> float:
        return weight_b * corner.benefit + weight_s * corner.severity

    def between(low: _Corner, high: _Corner, inner: FloatArray) -> list[_Corner]:
        """Corners strictly between ``low`` (more severity) and ``high`` (more benefit) that some of
        the ``inner`` samples (distinct, strictly between where the two were found) need."""
        if inner.size == 0 or high.benefit <= low.benefit or low.severity <= high.severity:
            return []
        if inner.size == 1:
            # One sample left: solving at it settles it, where a bisection step might not.
            weight_b, weight_s = float(inner[0]), 1.0 - float(inner[0])
        else:
            # Weights at which low and high are worth the same; a better selection there is a corner.
            weight_b, weight_s = low.severity - high.severity, high.benefit - low.benefit
        try:
            middle = solve(weight_b, weight_s)
        except SolveTimeLimitError:
            if unresolved is None:
                raise
            # The corners between are unknown: so is the optimum at these samples (see below).
            unresolved.extend(inner.tolist())
            return []
        if value(middle, weight_b, weight_s) <= max(value(low, weight_b, weight_s), value(high, weight_b, weight_s)):
            return []
        at = weight_b / (weight_b + weight_s)
        return [*between(low, middle, inner[inner < at]), middle, *between(middle, high, inner[inner > at])]

    def end(candidates: FloatArray) -> tuple[_Corner | None, int]:
        """The corner at the first of ``candidates`` whose solve finishes in time, and its place."""
        for k, weight in enumerate(candidates.tolist()):
            try:
                return solve(weight, 1.0 - weight), k
            except SolveTimeLimitError:
                if unresolved is None:
                    raise
                unresolved.append(weight)
        return None, len(candidates)

    t = np.sort(benefit_share)
    distinct = np.unique(t)
    first, a = end(distinct)
    if first is None:
        return np.zeros(len(measures)), solver.solves
    last, b = end(distinct[a + 1 :][::-1]) if a + 1 < distinct.size else (first, 0)
    last = last or first
    inner = distinct[a + 1 : distinct.size - b - 1] if last is not first else distinct[:0]
    corners: list[_Corner] = []
    for corner in (first, *between(first, last, inner), last):
        if not corners or (corner.benefit, corner.severity) != (corners[-1].benefit, corners[-1].severity):
            corners.append(corner)
    # t at which each corner hands over to the next: t·B_p + (1−t)·S_p = t·B_q + (1−t)·S_q.
    crossings = np.array(
        [
            (p.severity - q.severity) / ((p.severity - q.severity) + (q.benefit - p.benefit))
            for p, q in pairwise(corners)
        ]
    )
    known = t if not unresolved else t[~np.isin(t, unresolved)]
    share = np.bincount(np.searchsorted(crossings, known, side="right"), minlength=len(corners)) / len(t)
    return np.asarray(share @ np.vstack([c.selected for c in corners]).astype(np.float64)), solver.solves


def _grid_core_index(solver: _Solver, share: FloatArray, grid: int, unresolved: list[float] | None) -> FloatArray:
    """The core index when every benefit weight is a multiple k/G of 1/``grid``: solved at each
    distinct k with the whole-number weights (k, G − k), as a bisection over the sorted k.

    Where the optima at two grid points are worth the same line (equal B and S), that selection is
    optimal at every point between (the lemma of docs/methods.md §8.3): those are not solved. So at
    most one solve per distinct grid point, fewer where neighbours share a corner; each solve starts
    from the corner of a neighbour already solved. A point whose solve runs out of its limit leaves
    its samples unresolved (added to ``unresolved`` as k/G) and its neighbours are solved instead."""
    steps = np.rint(np.asarray(share) * grid).astype(np.int64)
    points = np.unique(steps).tolist()
    found: dict[int, _Corner | None] = {}

    def attempt(k: int, near: _Corner | None) -> _Corner | None:
        try:
            found[k] = solver.solve(float(k), float(grid - k), near)
        except SolveTimeLimitError:
            if unresolved is None:
                raise
            unresolved.append(k / grid)
            found[k] = None
        return found[k]

    def fill(i: int, j: int) -> None:
        """Settle the points strictly between places ``i`` and ``j``, whose solves were tried."""
        if j - i <= 1:
            return
        low, high = found[points[i]], found[points[j]]
        if low is not None and high is not None and (low.benefit, low.severity) == (high.benefit, high.severity):
            for k in points[i + 1 : j]:
                found[k] = low
            return
        m = (i + j) // 2
        attempt(points[m], low or high)
        fill(i, m)
        fill(m, j)

    first = attempt(points[0], None)
    if len(points) > 1:
        attempt(points[-1], first)
        fill(0, len(points) - 1)
    n = len(solver.measures)
    count = np.bincount(np.searchsorted(points, steps), minlength=len(points))
    core = np.zeros(n)
    for k, c in zip(points, count.tolist(), strict=True):
        corner = found[k]
        if corner is not None:
            core += c * corner.selected
    return np.asarray(core / len(steps), dtype=np.float64)


class _Solver:
    """One portfolio model solved at many weights, each solve remembered by its weights and bounded
    by the analysis's deadline and the per-solve limit."""

    def __init__(
        self,
        measures: Measures,
        budget: Mapping[str, float],
        model: PortfolioModel,
        memo: dict[tuple[float, float], _Corner],
        deadline: float | None,
        solve_time_limit: float | None,
        counter: list[int],
    ) -> None:
        self.measures = measures
        self.budget = budget
        self.model = model
        self.memo = memo
        self.deadline = deadline
        self.solve_time_limit = solve_time_limit
        self.counter = counter
        #: Solves started by this analysis (not found in the memo).
        self.solves = 0
        span = SCALE_MAX - SCALE_MIN
        self.whole_b = measures.scores[:, CRITERIA.index(Criterion.BENEFIT)] - SCALE_MIN
        self.whole_s = measures.scores[:, CRITERIA.index(Criterion.SEVERITY)] - SCALE_MIN
        self.span = span

    def solve(self, weight_b: float, weight_s: float, near: _Corner | None = None) -> _Corner:
        """The optimal corner at these weights; ``near``, a corner optimal at nearby weights (a
        feasible selection), seeds the solver's incumbent."""
        key = (float(weight_b), float(weight_s))
        if key in self.memo:
            return self.memo[key]
        limit = self.solve_time_limit
        if self.deadline is not None:
            left = self.deadline - time.perf_counter()
            if left <= 0:
                raise _OutOfTimeError
            limit = left if limit is None else min(limit, left)
        self.solves += 1
        self.counter[0] += 1
        total = weight_b + weight_s
        values = (weight_b * self.whole_b + weight_s * self.whole_s) / (total * self.span)
        start = None if near is None else near.selected
        try:
            selected = self.model.solve(values, self.budget, start=start, time_limit=limit)
        except SolveTimeLimitError:
            if self.deadline is not None and self.deadline - time.perf_counter() <= 0:
                raise _OutOfTimeError from None
            raise
        corner = _Corner(selected, int(self.whole_b[selected].sum()), int(self.whole_s[selected].sum()))
        self.memo[key] = corner
        return corner


@dataclass(frozen=True)
class _Corner:
    """An optimal selection and its whole-number benefit and severity sums."""

    selected: BoolArray
    benefit: int
    severity: int
