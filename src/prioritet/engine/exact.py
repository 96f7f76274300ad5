"""Exact portfolios faster than a general MILP solve: an LP bound, a greedy incumbent, variable fixing
by reduced costs, and a small MILP over what is left.

HiGHS's MIP presolve grows as n^1.9 on our models (5.4 s at 5,000 measures) although the LP
relaxation of a few knapsack rows, groups and prerequisites takes milliseconds and is almost
integral: only as many variables as there are rows can be fractional. So:

1. Solve the LP relaxation and take its row duals ``y ≥ 0``. For *any* such ``y`` the Lagrangian
   ``L(y) = y·b + Σ_forced d_i + Σ_free max(d_i, 0)``, with reduced costs ``d = v − Aᵀy``, is an
   upper bound on every feasible selection's value (weak duality). It is recomputed here in numpy
   from ``y``, so the bound does not rest on the LP solver's tolerances.
2. Build a feasible selection greedily (from the previous solution when one is given, and from the
   LP's integral part), adding measures by reduced cost while they fit.
3. The objective takes few values: benefit × severity gives at most 25 value classes, so with
   rational weights every selection's value is a multiple of a step ``δ`` (1/8 for equal weights).
   When ``L < incumbent + δ`` no selection can be better: the incumbent is proven optimal, the bound
   rounded down to the grid equals it and the gap is 0.
4. Otherwise a measure whose reduced cost exceeds ``L − incumbent`` (less ``δ``) cannot change
   without losing more than the gap: any selection that flips it is worth at most
   ``L − |d_i|``, no better than the incumbent. Those are fixed; HiGHS solves the few that remain to
   a zero gap, and its dual bound, not its status, is what proves the result.
5. If that proof fails for any reason, the caller falls back to the full MILP.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np

from .measures import BoolArray, FloatArray, IntArray
from .native_output import silenced_stdout

if TYPE_CHECKING:  # scipy and highspy are imported where a portfolio is solved: ranking never loads them
    import highspy
    from scipy.sparse import csr_array

#: See portfolio._OBJECTIVE_SCALE: HiGHS's absolute tolerances are far below any difference in value.
OBJECTIVE_SCALE = 1e4
#: Distinct values up to which a common step of the objective is looked for.
_MAX_CLASSES = 64
#: Largest denominator of a value class's step (weights in hundredths over a 4-step scale fit easily).
_MAX_DENOMINATOR = 100_000


@dataclass(frozen=True)
class Outcome:
    """A selection with its value and the proven upper bound on every feasible selection's value."""

    selected: BoolArray
    value: float
    bound: float
    optimal: bool
    #: How it was proven: ``bound`` (the Lagrangian bound alone), ``reduced`` (a MILP over the
    #: measures left after fixing), or ``none`` (not proven; the caller must solve it another way).
    proof: str
    #: Measures the reduced MILP was left with (0 when the bound alone proved the optimum).
    free: int


class InfeasibleRelaxationError(Exception):
    """Not even the LP relaxation has a feasible point, so no selection is feasible."""


def value_step(values: FloatArray) -> float:
    """The largest δ with every value an integer multiple of δ (to 1e-12), or 0 when there is none
    with a reasonable denominator. Any selection's value is then a multiple of δ."""
    distinct = np.unique(np.round(np.asarray(values, dtype=np.float64), 12))
    if len(distinct) > _MAX_CLASSES:
        return 0.0
    fractions = []
    for v in distinct.tolist():
        f = Fraction(v).limit_denominator(_MAX_DENOMINATOR)
        if abs(float(f) - v) > 1e-12:
            return 0.0
        fractions.append(f)
    nonzero = [f for f in fractions if f != 0]
    if not nonzero:
        return 0.0
    denominator = math.lcm(*(f.denominator for f in nonzero))
    numerator = math.gcd(*(int(f * denominator) for f in nonzero))
    return numerator / denominator


@dataclass
class Structure:
    """The constraint rows in the form the fast path needs: ``A x ≤ ub`` for the LP and the reduced
    MILP, and per-measure group and prerequisite indices for the greedy pass."""

    usage: FloatArray  # k × n, budget rows
    rows: csr_array  # all rows: budgets, then groups and prerequisites
    group: IntArray  # group index per measure, −1 for none (only groups of two or more)
    requirement: IntArray  # the measure each one requires, −1 for none
    forced: BoolArray
    _lp: LinearRelaxation | None = field(default=None, repr=False)
    #: The last objective and its value step: a frontier solves one objective at every step.
    _step: tuple[FloatArray, float] | None = field(default=None, repr=False)

    def value_step(self, values: FloatArray) -> float:
        if self._step is None or not np.array_equal(self._step[0], values):
            self._step = (values.copy(), value_step(values))
        return self._step[1]

    @property
    def no_savings(self) -> bool:
        """No measure gives resources back (a negative amount), so adding one never frees a budget."""
        return bool(self.usage.size == 0 or self.usage.min() >= 0)

    def relaxation(self) -> LinearRelaxation:
        if self._lp is None:
            self._lp = LinearRelaxation(self)
        return self._lp


def highs_model(
    rows: csr_array, cost: FloatArray, forced: BoolArray, ub: FloatArray, integral: bool = False
) -> highspy.Highs:
    """A quiet HiGHS instance holding ``min cost·x`` over ``rows x ≤ ub``, ``forced ≤ x ≤ 1`` (binary
    when ``integral``), passed as arrays in one call."""
    import highspy
    from scipy.sparse import csc_array

    n, m = len(forced), rows.shape[0]
    h = highspy.Highs()  # type: ignore[no-untyped-call]
    h.setOptionValue("output_flag", False)
    lp = highspy.HighsLp()
    lp.num_col_ = n
    lp.num_row_ = m
    lp.col_cost_ = np.asarray(cost, dtype=np.float64)
    lp.col_lower_ = forced.astype(np.float64)
    lp.col_upper_ = np.ones(n)
    lp.row_lower_ = np.full(m, -highspy.kHighsInf)
    lp.row_upper_ = np.asarray(ub, dtype=np.float64)
    a = csc_array(rows)
    a.sort_indices()
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.num_col_ = n
    lp.a_matrix_.num_row_ = m
    lp.a_matrix_.start_ = a.indptr.astype(np.int32)
    lp.a_matrix_.index_ = a.indices.astype(np.int32)
    lp.a_matrix_.value_ = a.data.astype(np.float64)
    if integral:
        lp.integrality_ = [highspy.HighsVarType.kInteger] * n
    h.passModel(lp)
    return h


def closes(value: float, bound: float, step: float) -> bool:
    """Whether a dual ``bound`` proves ``value`` optimal: no selection lies a whole step of the
    objective's grid (``step``, 0 for none) above it, or, without a grid, none above it at all."""
    tolerance = max(step - 1e-9, 1e-9 * max(1.0, abs(value))) if step else 1e-9 * max(1.0, abs(value))
    return bound < value + tolerance


class LinearRelaxation:
    """The LP relaxation kept in one HiGHS instance: a new solve changes only the costs and the
    row bounds, and the dual simplex starts from the last basis (a frontier step moves one budget,
    so it needs a handful of pivots instead of a solve from scratch)."""

    def __init__(self, s: Structure) -> None:
        import highspy

        self._highspy = highspy
        n = len(s.forced)
        m = s.rows.shape[0]
        self._lock = threading.Lock()
        self._n, self._m = n, m
        h = highs_model(s.rows, np.zeros(n), s.forced, np.zeros(m))
        self._h = h
        self._columns = np.arange(n, dtype=np.int32)
        self._rows = np.arange(m, dtype=np.int32)
        self._lower = np.full(m, -highspy.kHighsInf)
        self._cost: FloatArray | None = None

    def solve(self, values: FloatArray, ub: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Row duals ``y ≥ 0`` and the LP solution; :class:`InfeasibleRelaxationError` if it has none."""
        highspy = self._highspy
        with self._lock:
            h = self._h
            if self._cost is None or not np.array_equal(self._cost, values):
                h.changeColsCost(self._n, self._columns, -values)
                self._cost = values.copy()
            h.changeRowsBounds(self._m, self._rows, self._lower, ub)  # type: ignore[attr-defined]
            h.run()
            status = h.getModelStatus()
            if status == highspy.HighsModelStatus.kInfeasible:
                raise InfeasibleRelaxationError
            if status != highspy.HighsModelStatus.kOptimal:
                # A stale basis can stall the warm start; one cold solve settles it.
                h.clearSolver()
                h.run()
                status = h.getModelStatus()
                if status == highspy.HighsModelStatus.kInfeasible:
                    raise InfeasibleRelaxationError
                if status != highspy.HighsModelStatus.kOptimal:
                    raise RuntimeError(f"HiGHS did not solve the LP relaxation: {h.modelStatusToString(status)}")
            solution = h.getSolution()
            y = np.maximum(0.0, -np.asarray(solution.row_dual, dtype=np.float64))
            return y, np.asarray(solution.col_value, dtype=np.float64)


def _feasible(s: Structure, budget: FloatArray, x: BoolArray) -> bool:
    if not x[s.forced].all():
        return False
    if len(budget) and np.any(s.usage @ x.astype(np.float64) > budget + 1e-9 * np.maximum(1.0, np.abs(budget))):
        return False
    grouped = s.group[x & (s.group >= 0)]
    if len(grouped) and int(np.bincount(grouped).max()) > 1:
        return False
    need = s.requirement[x & (s.requirement >= 0)]
    return bool(x[need].all())


def greedy(s: Structure, budget: FloatArray, start: BoolArray, values: FloatArray, priority: FloatArray) -> BoolArray:
    """Add measures of positive value to the feasible ``start``, best ``priority`` first, while
    every budget, group and prerequisite still holds."""
    x = start.copy()
    left = budget - (s.usage @ x.astype(np.float64) if len(budget) else np.zeros(0))
    slack = 1e-9 * np.maximum(1.0, np.abs(budget))
    taken = set(s.group[x & (s.group >= 0)].tolist())
    candidates = np.flatnonzero(~x & (values > 0))
    if len(budget) and s.no_savings:
        # Without savings what is left only shrinks: a measure that does not fit now never will.
        fit = np.all(s.usage[:, candidates] <= (left + slack)[:, None], axis=0)
        candidates = candidates[fit]
    order = candidates[np.lexsort((-values[candidates], -priority[candidates]))]
    cost = s.usage[:, order].T.tolist() if len(budget) else [[]] * len(order)
    group = s.group[order].tolist()
    requirement = s.requirement[order].tolist()
    remaining = left.tolist()
    limit = slack.tolist()
    k_range = range(len(remaining))
    # The least any later candidate needs of each budget: once a budget has less left, stop.
    floor = (
        np.minimum.accumulate(s.usage[:, order][:, ::-1], axis=1)[:, ::-1].T.tolist()
        if len(budget) and len(order)
        else [[]] * len(order)
    )
    for j, c, g, r, least in zip(order.tolist(), cost, group, requirement, floor, strict=True):
        if (g >= 0 and g in taken) or (r >= 0 and not x[r]):
            continue
        fits = True
        for k in k_range:
            if remaining[k] - c[k] < -limit[k]:
                fits = False
                break
        if not fits:
            # Nothing later fits either once a budget has less left than any later candidate needs.
            if any(remaining[k] - least[k] < -limit[k] for k in k_range):
                break
            continue
        x[j] = True
        for k in k_range:
            remaining[k] -= c[k]
        if g >= 0:
            taken.add(g)
    return x


def exchange(
    s: Structure, budget: FloatArray, x: BoolArray, values: FloatArray, priority: FloatArray, rounds: int = 8
) -> BoolArray:
    """Improve a greedy selection by swaps: one measure out, a better one in (then refill). The
    objective moves in steps, so the greedy incumbent is often exactly one step short of the bound,
    and one good swap is what the proof needs."""
    x = x.copy()
    slack = 1e-9 * np.maximum(1.0, np.abs(budget))
    for _ in range(rounds):
        left = budget - s.usage @ x.astype(np.float64)
        needed = np.zeros(len(x), dtype=bool)
        needed[s.requirement[x & (s.requirement >= 0)]] = True
        out = np.flatnonzero(x & ~s.forced & ~needed)
        if not len(out):
            break
        taken = np.full(int(s.group.max(initial=-1)) + 1, -1, dtype=np.int64)
        chosen_grouped = np.flatnonzero(x & (s.group >= 0))
        taken[s.group[chosen_grouped]] = chosen_grouped
        cand = np.flatnonzero(~x & (values > 0))
        met = (s.requirement[cand] < 0) | x[np.maximum(s.requirement[cand], 0)]
        cand = cand[met]
        cand = cand[np.argsort(-priority[cand], kind="stable")][:64]
        best_gain, best_pair = 1e-12, None
        for j in cand.tolist():
            g = int(s.group[j])
            options = out
            if g >= 0 and taken[g] >= 0:
                options = out[out == taken[g]]
            r = int(s.requirement[j])
            if r >= 0:
                options = options[options != r]
            if not len(options):
                continue
            gain = values[j] - values[options]
            fits = np.all(left[:, None] + s.usage[:, options] - s.usage[:, [j]] >= -slack[:, None], axis=0)
            gain = np.where(fits, gain, -np.inf)
            k = int(np.argmax(gain))
            if gain[k] > best_gain:
                best_gain, best_pair = float(gain[k]), (int(options[k]), j)
        if best_pair is None:
            break
        x[best_pair[0]], x[best_pair[1]] = False, True
        x = greedy(s, budget, x, values, priority)
    return x


@dataclass(frozen=True)
class Relaxation:
    """The LP relaxation's duals turned into a Lagrangian bound and reduced costs."""

    bound: float
    reduced: FloatArray
    #: Rounding error the bound may carry, added before any comparison.
    slack: float
    integral: BoolArray  # measures at 1 in the LP solution


def relax(s: Structure, values: FloatArray, ub: FloatArray) -> Relaxation:
    rows = s.rows
    if rows.shape[0]:
        y, x = s.relaxation().solve(values, ub)
        integral = x > 1 - 1e-9
    else:
        y = np.zeros(0)
        integral = s.forced | (values > 0)
    reduced = values - rows.T @ y if rows.shape[0] else values.copy()
    free = ~s.forced
    terms = y * ub
    bound = float(terms.sum() + reduced[s.forced].sum() + np.maximum(reduced[free], 0.0).sum())
    scale = float(np.abs(terms).sum() + np.abs(reduced).sum() + np.abs(values).sum())
    return Relaxation(bound, reduced, 1e-9 * max(1.0, scale), integral)


def solve(
    s: Structure, values: FloatArray, ub: FloatArray, start: BoolArray | None = None, time_limit: float | None = None
) -> Outcome:
    """The proven optimum of ``values`` over ``s`` within ``ub`` (budget rows first), or an outcome
    with ``proof == "none"`` when the fast path cannot prove it (or ``time_limit`` seconds of the
    MILPs it solves run out first)."""
    k = s.usage.shape[0]
    budget = ub[:k]
    began = time.perf_counter()

    def left() -> float | None:
        return None if time_limit is None else max(1e-3, time_limit - (time.perf_counter() - began))

    relaxation = relax(s, values, ub)
    d = relaxation.reduced

    step = s.value_step(values)
    eps = relaxation.slack
    upper = relaxation.bound + eps
    free = ~s.forced

    def beaten(value: float) -> float:
        """What a selection must be worth to beat ``value``: a whole step more, on a grid."""
        return value + step - eps if step else value

    # The incumbent, from cheap heuristics to dearer ones, each tried only while the bound has not
    # proven the best so far: greedy completions of ``start`` (the previous frontier step) and of
    # the LP's integral part, single exchanges, then a core problem (below).
    best = s.forced.copy()
    if not _feasible(s, budget, best):  # cannot happen after check_budget; left to the full solver
        return Outcome(best, -math.inf, upper, False, "none", len(values))
    best_value = float(values[best].sum())
    seeds = [x for x in ([] if start is None else [start | s.forced]) if _feasible(s, budget, x)]
    seeds += [relaxation.integral | s.forced, s.forced]
    for seed in seeds:
        if upper < beaten(best_value) or not _feasible(s, budget, seed):
            continue
        x = greedy(s, budget, seed, values, d)
        v = float(values[x].sum())
        if v > best_value:
            best, best_value = x, v
    if len(budget) and not upper < beaten(best_value):
        x = exchange(s, budget, best, values, d)
        v = float(values[x].sum())
        if v > best_value:
            best, best_value = x, v
    better = beaten(best_value)
    if upper < better:
        return Outcome(best, best_value, _on_grid(upper, step, best_value), True, "bound", 0)

    # A core problem: the measures of reduced cost nearest zero free, the rest as the incumbent
    # has them. Small, so solved in milliseconds, and often exactly the step the greedy incumbent
    # is short of; a better incumbent fixes more below.
    loose = int(np.count_nonzero(free & (upper - np.abs(d) >= better)))
    if loose > _CORE:
        candidates = np.flatnonzero(free)
        core = np.zeros(len(values), dtype=bool)
        core[candidates[np.argsort(np.abs(d[candidates]), kind="stable")[:_CORE]]] = True
        found = _restricted(s, values, ub, budget, core, best & ~core, left())
        if found.selected is not None and found.value > best_value:
            best, best_value = found.selected, found.value
            better = beaten(best_value)
            if upper < better:
                return Outcome(best, best_value, _on_grid(upper, step, best_value), True, "bound", 0)

    # Fix every free measure whose flip costs more than the gap; solve the rest exactly.
    fixed = free & (upper - np.abs(d) < better)
    keep = free & ~fixed
    found = _restricted(s, values, ub, budget, keep, s.forced | (fixed & (d > 0)), left())
    free_count = int(np.count_nonzero(keep))
    if not found.settled:
        return Outcome(best, best_value, upper, False, "none", free_count)
    if found.selected is not None and found.value > best_value:
        best, best_value = found.selected, found.value
    # Selections off the fixing are no better than the old incumbent; on it, no better than the bound.
    bound = max(found.bound, best_value)
    tolerance = max(step - eps, 1e-9 * max(1.0, abs(best_value))) if step else 1e-9 * max(1.0, abs(best_value))
    proven = bound < best_value + tolerance
    return Outcome(
        best, best_value, _on_grid(bound, step, best_value), proven, "reduced" if proven else "none", free_count
    )


#: Measures left free in the core problem that looks for a better incumbent.
_CORE = 200


@dataclass(frozen=True)
class Restricted:
    """A MILP over some measures with the others held: the best selection (None when none is
    feasible), its value, and the proven bound on the restricted problem (−∞ when infeasible).
    ``settled`` is False when HiGHS neither proved an optimum nor infeasibility."""

    settled: bool
    selected: BoolArray | None
    value: float
    bound: float


def _restricted(
    s: Structure,
    values: FloatArray,
    ub: FloatArray,
    budget: FloatArray,
    keep: BoolArray,
    held: BoolArray,
    time_limit: float | None = None,
) -> Restricted:
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import csc_array, csr_array

    columns = np.flatnonzero(keep)
    held = held & ~keep
    residual = ub - (s.rows @ held.astype(np.float64) if s.rows.shape[0] else np.zeros(0))
    slack = 1e-9 * np.maximum(1.0, np.abs(ub))
    nothing = Restricted(True, None, -math.inf, -math.inf)
    if len(columns) == 0:
        if _feasible(s, budget, held) and np.all(residual >= -slack):
            value = float(values[held].sum())
            return Restricted(True, held, value, value)
        return nothing
    sub = csr_array(csc_array(s.rows)[:, columns])
    touched = np.diff(sub.indptr) > 0
    if not np.all(residual[~touched] >= -slack[~touched]):
        return nothing
    with silenced_stdout():
        result = milp(
            c=-OBJECTIVE_SCALE * values[columns],
            constraints=[LinearConstraint(sub[touched], -np.inf, residual[touched])] if touched.any() else [],
            integrality=np.ones(len(columns)),
            bounds=Bounds(0.0, 1.0),
            options={
                "mip_rel_gap": 0.0,
                "presolve": True,
                **({} if time_limit is None else {"time_limit": time_limit}),
            },
        )
    if result.status == 2:
        return nothing
    dual = getattr(result, "mip_dual_bound", None)
    if result.status != 0 or result.x is None or dual is None or not np.isfinite(dual):
        return Restricted(False, None, -math.inf, math.inf)
    x = held.copy()
    x[columns] = np.round(result.x) > 0.5
    if not _feasible(s, budget, x):
        return Restricted(False, None, -math.inf, math.inf)
    base = float(values[held].sum())
    return Restricted(True, x, float(values[x].sum()), base - float(dual) / OBJECTIVE_SCALE)


def _on_grid(bound: float, step: float, value: float) -> float:
    """The bound rounded down to the objective's grid (no selection is worth a fraction of a step)."""
    if not step:
        return bound
    k = math.floor((bound - value) / step + 1e-9)
    return value + max(k, 0) * step
