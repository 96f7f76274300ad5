"""Stochastic multicriteria acceptability analysis (SMAA-2; Lahdelma & Salminen 2001).

When a group cannot agree on exact weights, sample every weight vector they find possible and ask
how often each measure gets each rank (rank acceptability) and, with a budget, how often it is in
the optimal portfolio (core index, as in robust portfolio modelling; Liesiö et al. 2007).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import pairwise

import numpy as np

from .criteria import CRITERIA, RESOURCE_CRITERIA, SCALE_MAX, SCALE_MIN, Criterion
from .measures import BoolArray, FloatArray, IntArray, Measures
from .portfolio import VALUE_CRITERIA, PortfolioModel
from .problems import Code, InputError, Problem
from .ranking import Method, profile_values
from .weights import WeightSpace

_DECIMALS = 12

#: A core index this close to 1 (or 0) means "in (out of) the portfolio whatever the weights"; the
#: margin absorbs sampling noise at the edges of the weight space.
ALWAYS = 0.99
NEVER = 0.01


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
) -> Robustness:
    """Rank acceptability (of the first ``top`` ranks; all by default), each measure's expected and
    most likely rank and, with a budget, the core index, over ``samples`` weight vectors."""
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
    core, solves = (None, 0)
    if budget:
        core, solves = _core_index(measures, weights[:, 0], budget)
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
    )


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


def _core_index(measures: Measures, benefit_share: FloatArray, budget: Mapping[str, float]) -> tuple[FloatArray, int]:
    """Share of samples in which each measure is in the optimal portfolio.

    With budgets the value uses benefit and severity only, so a selection is worth
    t·B + (1−t)·S for the benefit weight t, where B = Σ(b−1) and S = Σ(s−1) over the selection are
    whole numbers. The optimum over t is the upper envelope of these lines: a few corner selections,
    each optimal on an interval of t. The dichotomic search (Aneja & Nair 1979) finds the corners
    between the smallest and largest sampled t with at most 2K − 1 solves for K corners, however
    many samples there are; it looks only where samples lie and solves a lone sample directly, so it
    also needs at most 2D − 1 solves for D distinct samples. Each sample then takes the corner whose
    interval holds it.
    """
    model = PortfolioModel(measures, tuple(budget))
    span = SCALE_MAX - SCALE_MIN
    whole_b = measures.scores[:, CRITERIA.index(Criterion.BENEFIT)] - SCALE_MIN
    whole_s = measures.scores[:, CRITERIA.index(Criterion.SEVERITY)] - SCALE_MIN
    solves = 0

    def solve(weight_b: float, weight_s: float) -> _Corner:
        nonlocal solves
        solves += 1
        total = weight_b + weight_s
        selected = model.solve((weight_b * whole_b + weight_s * whole_s) / (total * span), budget)
        return _Corner(selected, int(whole_b[selected].sum()), int(whole_s[selected].sum()))

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
        middle = solve(weight_b, weight_s)
        if value(middle, weight_b, weight_s) <= max(value(low, weight_b, weight_s), value(high, weight_b, weight_s)):
            return []
        at = weight_b / (weight_b + weight_s)
        return [*between(low, middle, inner[inner < at]), middle, *between(middle, high, inner[inner > at])]

    t = np.sort(benefit_share)
    distinct = np.unique(t)
    first = solve(distinct[0], 1.0 - distinct[0])
    last = solve(distinct[-1], 1.0 - distinct[-1]) if distinct.size > 1 else first
    corners: list[_Corner] = []
    for corner in (first, *between(first, last, distinct[1:-1]), last):
        if not corners or (corner.benefit, corner.severity) != (corners[-1].benefit, corners[-1].severity):
            corners.append(corner)
    # t at which each corner hands over to the next: t·B_p + (1−t)·S_p = t·B_q + (1−t)·S_q.
    crossings = np.array(
        [
            (p.severity - q.severity) / ((p.severity - q.severity) + (q.benefit - p.benefit))
            for p, q in pairwise(corners)
        ]
    )
    share = np.bincount(np.searchsorted(crossings, t, side="right"), minlength=len(corners)) / len(t)
    return np.asarray(share @ np.vstack([c.selected for c in corners]).astype(np.float64)), solves


@dataclass(frozen=True)
class _Corner:
    """An optimal selection and its whole-number benefit and severity sums."""

    selected: BoolArray
    benefit: int
    severity: int
