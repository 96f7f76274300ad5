"""Checks that every timed result is right, so that the figures compare equal results."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import Bounds, LinearConstraint, milp

from prioritet.engine import FrontierPoint, Measures, Portfolio, Ranking, Robustness, objective_values

from .peers import PeerRanking
from .solver_model import portfolio_model

#: Values closer than this count as equal when ordering (ties may be broken differently).
VALUE_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Check:
    ok: bool
    text: str


def ranking_agreement(ours: Ranking, peer: PeerRanking) -> Check:
    """Same value for every measure, and the same order of the distinct values.

    Walk our order and cut it into groups of (near-)equal value. The peer agrees when every measure
    of a group is ranked ahead of every measure of the next group; inside a group (a tie) any order is
    fine, since each library breaks ties its own way.
    """
    diff = float(np.max(np.abs(ours.values - peer.values)))
    v = ours.values[ours.order]
    steps = v[:-1] - v[1:]
    descending = bool(np.all(steps >= -VALUE_TOLERANCE))
    starts = np.flatnonzero(np.r_[True, steps > VALUE_TOLERANCE])
    peer_rank = peer.ranks[ours.order]
    worst_in_group = np.maximum.reduceat(peer_rank, starts)
    best_in_group = np.minimum.reduceat(peer_rank, starts)
    same_order = bool(np.all(worst_in_group[:-1] < best_in_group[1:]))
    ok = descending and same_order and diff <= VALUE_TOLERANCE
    verdict = "agree" if ok else "DISAGREE"
    return Check(ok, f"{verdict}: {len(starts)} distinct values in the same order, max |Δvalue| {diff:.1e}")


def rank_acceptability_sound(result: Robustness, n: int) -> Check:
    a = result.rank_acceptability
    rows = float(np.max(np.abs(a.sum(axis=1) - 1)))
    cols = float(np.max(np.abs(a.sum(axis=0) - 1)))
    ok = a.shape == (n, n) and rows < 1e-9 and cols < 1e-9
    return Check(
        ok, f"{'sound' if ok else 'UNSOUND'}: every measure has a rank and every rank a measure in each sample"
    )


def core_index_sound(result: Robustness, measures: Measures) -> Check:
    core = result.core_index
    if core is None:
        return Check(False, "NO core index")
    in_range = bool(np.all((core >= -1e-12) & (core <= 1 + 1e-12)))
    mandatory = bool(np.all(np.abs(core[measures.mandatory] - 1) < 1e-12))
    ok = in_range and mandatory
    return Check(
        ok,
        f"{'sound' if ok else 'UNSOUND'}: core index in [0, 1], 1 for every mandatory measure; "
        f"{result.solves} MILPs solved for {result.samples} samples",
    )


def feasible(measures: Measures, selected: NDArray[np.bool_], budget: Mapping[str, float]) -> bool:
    within = all(measures.resource(c)[selected].sum() <= b * (1 + 1e-9) + 1e-9 for c, b in budget.items())
    forced = bool(np.all(selected[measures.mandatory]))
    per_group: dict[str, int] = {}
    for i in np.flatnonzero(selected):
        g = measures.groups[i]
        if g is not None:
            per_group[g] = per_group.get(g, 0) + 1
    return within and forced and all(k <= 1 for k in per_group.values())


def independent_bound(
    measures: Measures, values: NDArray[np.float64], budget: Mapping[str, float]
) -> tuple[float, float]:
    """The portfolio problem built from the arrays (:func:`.solver_model.portfolio_model`, not the
    engine's model) and solved by scipy's HiGHS with default options and a zero gap:
    returns (best value found, proven upper bound on the optimum).

    The bound, not the reported status, is what the check trusts: HiGHS 1.12 can report "optimal"
    with a gap left open when an objective is scaled so that its integrality step is large.
    """
    model = portfolio_model(measures, values, budget)
    n = model.columns
    result = milp(
        c=-model.c,
        constraints=[LinearConstraint(model.a, -np.inf, model.upper)],
        integrality=np.ones(n),
        bounds=Bounds(model.lower, np.ones(n)),
        options={"mip_rel_gap": 0.0},
    )
    if result.status != 0:
        raise RuntimeError(f"independent solve failed: {result.message}")
    return -float(result.fun), -float(result.mip_dual_bound)


def _proven(value: float, bound: float) -> bool:
    """``value`` reaches the upper bound (to far below the 1/8-or-finer steps values move in)."""
    return value >= bound - 1e-7 * max(1.0, abs(bound))


def portfolio_optimal(measures: Measures, portfolio: Portfolio, budget: Mapping[str, float]) -> Check:
    ok_feasible = feasible(measures, portfolio.selected, budget)
    best, bound = independent_bound(measures, portfolio.measure_values, budget)
    ok = ok_feasible and _proven(portfolio.value, bound) and portfolio.optimal
    return Check(
        ok,
        f"{'optimal' if ok else 'NOT OPTIMAL'}: {'feasible' if ok_feasible else 'INFEASIBLE'}, value "
        f"{portfolio.value:.4f}, independent HiGHS solve: best {best:.4f}, upper bound {bound:.4f}; "
        f"{int(portfolio.selected.sum())} measures selected",
    )


def portfolio_optimal_value(measures: Measures, value: float, budget: Mapping[str, float]) -> Check:
    """A value reported from another process against an independent solve to a zero gap."""
    best, bound = independent_bound(measures, np.asarray(objective_values(measures), dtype=np.float64), budget)
    ok = _proven(value, bound) and value <= bound + 1e-9
    return Check(
        ok,
        f"{'optimal' if ok else 'NOT OPTIMAL'}: value {value:.4f}, independent HiGHS solve (gap 0): best {best:.4f}, "
        f"upper bound {bound:.4f}",
    )


def frontier_sound(
    measures: Measures, points: list[FrontierPoint], proven: Sequence[float] | None = None, by: str = ""
) -> Check:
    """Every point feasible, value rising with the budget, and every point's value at the upper bound
    of an independent solve of the same budget; or, given ``proven`` (each step's optimum proven at a
    zero gap by another solver, ``by``, in the same run), equal to it — the same check, without
    solving the 50 steps once more."""
    values = np.array([p.value for p in points])
    increasing = bool(np.all(np.diff(values) >= -1e-9))
    all_feasible = all(feasible(measures, p.selected, p.budget) for p in points)
    # The frontier's objective with its default weights: benefit and severity equally.
    objective = np.asarray(objective_values(measures), dtype=np.float64)
    short = []
    for k, p in enumerate(points):
        if proven is not None:
            if abs(p.value - proven[k]) > 1e-7 * max(1.0, abs(proven[k])):
                short.append(f"step {k + 1}: {p.value:.4f} ≠ {proven[k]:.4f}")
            continue
        _, bound = independent_bound(measures, objective, p.budget)
        if not _proven(p.value, bound):
            short.append(f"step {k + 1}: {p.value:.4f} < bound {bound:.4f}")
    ok = increasing and all_feasible and not short
    verdict = "sound" if ok else "UNSOUND"
    text = (
        f"{verdict}: {len(points)} points, {'all feasible' if all_feasible else 'SOME INFEASIBLE'}, value "
        f"{'rising' if increasing else 'NOT RISING'} {values[0]:.2f} → {values[-1]:.2f}, "
    )
    reference = f"the optimum {by} proved (gap 0)" if proven is not None else "its independent upper bound"
    text += f"each at {reference}" if not short else f"NOT at {reference} at " + "; ".join(short)
    return Check(ok, text)
