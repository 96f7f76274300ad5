"""Independent reference implementations the engine is checked against.

Everything here is written from the textbook definitions, deliberately naive (loops, full sorts,
exhaustive enumeration) and shares no code with ``prioritet.engine`` beyond reading a
:class:`~prioritet.engine.Measures`' plain fields.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
from numpy.typing import NDArray

from prioritet.engine import Measures

#: Tolerance for comparing objective values and budget use.
TOL = 1e-9


# --- ranking ---------------------------------------------------------------------------------------


def partial_values(b: int, s: int, r: int) -> tuple[float, float, float]:
    """The issue's partial values: benefit (b−1)/4, severity (s−1)/4, resources (5−r)/4."""
    return (b - 1) / 4, (s - 1) / 4, (5 - r) / 4


def normalised(weights: Sequence[float]) -> list[float]:
    total = sum(weights)
    return [w / total for w in weights]


def additive_value(score: Sequence[int], weights: Sequence[float]) -> float:
    """Σ weight × partial value, with the weights normalised to sum 1."""
    w = normalised(weights)
    p = partial_values(*score)
    return sum(wk * pk for wk, pk in zip(w, p, strict=True))


def topsis_closeness(scores: Sequence[Sequence[float]], weights: Sequence[float]) -> list[float]:
    """TOPSIS as in Hwang & Yoon (1981), one step at a time with loops.

    1. r_ij = x_ij / sqrt(Σ_i x_ij²)              (vector normalisation)
    2. v_ij = w_j · r_ij                           (weights normalised to sum 1)
    3. A⁺_j = max_i v_ij for benefit criteria, min_i v_ij for cost criteria; A⁻_j the other way
    4. S⁺_i = sqrt(Σ_j (v_ij − A⁺_j)²), S⁻_i likewise
    5. C_i = S⁻_i / (S⁺_i + S⁻_i); when every measure is equal on every weighted criterion
       (S⁺ + S⁻ = 0) all are equally close: 0.5.
    Criteria are (benefit, severity, resources); resources is the cost criterion.
    """
    m = len(scores)
    k = len(scores[0])
    w = normalised(weights)
    cost = [False, False, True]
    norms = [math.sqrt(sum(scores[i][j] ** 2 for i in range(m))) for j in range(k)]
    v = [[w[j] * scores[i][j] / norms[j] for j in range(k)] for i in range(m)]
    ideal = []
    anti = []
    for j in range(k):
        column = [v[i][j] for i in range(m)]
        ideal.append(min(column) if cost[j] else max(column))
        anti.append(max(column) if cost[j] else min(column))
    closeness = []
    for i in range(m):
        s_plus = math.sqrt(sum((v[i][j] - ideal[j]) ** 2 for j in range(k)))
        s_minus = math.sqrt(sum((v[i][j] - anti[j]) ** 2 for j in range(k)))
        total = s_plus + s_minus
        closeness.append(s_minus / total if total > 0 else 0.5)
    return closeness


def naive_order(values: Sequence[float], measures: Measures, decimals: int = 12) -> list[int]:
    """Best first by a full sort: value descending (rounded, so float noise ties), then severity
    descending, then benefit descending, then id ascending."""

    def key(i: int) -> tuple[float, int, int, str]:
        b, s, _ = (int(x) for x in measures.scores[i])
        return (-round(float(values[i]), decimals), -s, -b, measures.ids[i])

    return sorted(range(len(measures)), key=key)


# --- portfolio -------------------------------------------------------------------------------------


@cache
def _bits(n: int) -> NDArray[np.bool_]:
    """All 2**n subsets of n items as rows of a boolean matrix."""
    codes = np.arange(2**n, dtype=np.int64)
    bits = ((codes[:, None] >> np.arange(n)) & 1).astype(bool)
    bits.setflags(write=False)
    return bits


def feasible_subsets(measures: Measures, budget: Mapping[str, float]) -> NDArray[np.bool_]:
    """Boolean mask over ``_bits(n)``: which subsets meet every constraint (vectorised)."""
    n = len(measures)
    bits = _bits(n)
    ok = np.ones(len(bits), dtype=bool)
    for column, amount in budget.items():
        ok &= bits.astype(np.float64) @ np.asarray(measures.resources[column], dtype=np.float64) <= amount + TOL
    ok &= bits[:, np.asarray(measures.mandatory, dtype=bool)].all(axis=1)
    groups: dict[str, list[int]] = {}
    for i, g in enumerate(measures.groups):
        if g is not None:
            groups.setdefault(g, []).append(i)
    for members in groups.values():
        ok &= bits[:, members].sum(axis=1) <= 1
    index = {ident: i for i, ident in enumerate(measures.ids)}
    for i, target in enumerate(measures.requires):
        if target is not None:
            ok &= ~bits[:, i] | bits[:, index[target]]
    return ok


@dataclass(frozen=True)
class BruteForce:
    #: Best value over feasible subsets, or None when no subset is feasible.
    best: float | None
    #: Each feasible subset (rows) and its value.
    subsets: NDArray[np.bool_]
    values: NDArray[np.float64]

    def optimal_subsets(self) -> NDArray[np.bool_]:
        assert self.best is not None
        return self.subsets[self.values >= self.best - TOL]


def brute_force(measures: Measures, budget: Mapping[str, float], values: Sequence[float]) -> BruteForce:
    """Enumerate every subset; the best feasible value and the feasible subsets."""
    bits = _bits(len(measures))
    ok = feasible_subsets(measures, budget)
    subsets = bits[ok]
    subset_values = subsets.astype(np.float64) @ np.asarray(values, dtype=np.float64)
    best = float(subset_values.max()) if len(subsets) else None
    return BruteForce(best, subsets, subset_values)


def is_feasible(measures: Measures, budget: Mapping[str, float], selected: Sequence[bool]) -> bool:
    """Every constraint, checked one by one for a single selection."""
    sel = [bool(x) for x in selected]
    for column, amount in budget.items():
        if sum(float(a) for a, x in zip(measures.resources[column], sel, strict=True) if x) > amount + TOL:
            return False
    if any(m and not x for m, x in zip(measures.mandatory, sel, strict=True)):
        return False
    counts: dict[str, int] = {}
    for g, x in zip(measures.groups, sel, strict=True):
        if g is not None and x:
            counts[g] = counts.get(g, 0) + 1
    if any(c > 1 for c in counts.values()):
        return False
    index = {ident: i for i, ident in enumerate(measures.ids)}
    return all(not (x and t is not None and not sel[index[t]]) for x, t in zip(sel, measures.requires, strict=True))


def portfolio_values(measures: Measures, benefit_weight: float, severity_weight: float) -> list[float]:
    """Per-measure objective: benefit and severity partial values only, weights renormalised."""
    wb, ws = normalised([benefit_weight, severity_weight])
    return [wb * (int(b) - 1) / 4 + ws * (int(s) - 1) / 4 for b, s, _ in measures.scores]


# --- multi-year plan ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanCase:
    """A small plan written out plainly: per measure its scores, amounts, earliest and constraints."""

    ids: list[str]
    scores: list[tuple[int, int, int]]
    running: dict[str, list[float]]
    first: dict[str, list[float]]
    earliest: list[int | None]
    mandatory: list[bool]
    groups: list[str | None]
    requires: list[str | None]
    years: list[int]
    budget: dict[str, list[float]]


def plan_feasible(case: PlanCase, start: Sequence[int | None]) -> bool:
    """Every rule of the plan, checked year by year from the definitions."""
    years = case.years
    first_year = years[0]
    n = len(case.ids)
    for i in range(n):
        e = max(case.earliest[i] if case.earliest[i] is not None else first_year, first_year)
        s = start[i]
        if s is not None and not e <= s <= years[-1]:
            return False
        if case.mandatory[i] and e <= years[-1] and s != e:
            return False
    groups: dict[str, int] = {}
    for i in range(n):
        g = case.groups[i]
        if g is not None and start[i] is not None:
            groups[g] = groups.get(g, 0) + 1
    if any(k > 1 for k in groups.values()):
        return False
    index = {ident: i for i, ident in enumerate(case.ids)}

    def runs(i: int, t: int) -> bool:
        s = start[i]
        return s is not None and s <= t

    for i, target in enumerate(case.requires):
        if target is not None and any(runs(i, t) and not runs(index[target], t) for t in years):
            return False
    for column, amounts in case.budget.items():
        for k, t in enumerate(years):
            use = 0.0
            for i in range(n):
                s = start[i]
                if s is not None and s == t:
                    use += case.first[column][i]
                elif s is not None and s < t:
                    use += case.running[column][i]
            if use > amounts[k] + TOL:
                return False
    return True


def plan_value(case: PlanCase, start: Sequence[int | None], values: Sequence[float]) -> float:
    """Σ over years of the running measures' values."""
    return sum(values[i] * sum(1 for t in case.years if s is not None and s <= t) for i, s in enumerate(start))


def plan_brute_force(case: PlanCase, values: Sequence[float]) -> float | None:
    """The best value over every start-year assignment (never, or any year of the plan), None when none fits."""
    import itertools

    choices = [None, *case.years]
    best: float | None = None
    for start in itertools.product(choices, repeat=len(case.ids)):
        if plan_feasible(case, start):
            v = plan_value(case, start, values)
            best = v if best is None or v > best else best
    return best


def plan_milp(case: PlanCase, values: Sequence[float]) -> float | None:
    """The best value by scipy's ``milp`` over one binary per (measure, start year), the textbook
    model written from the definitions (not the engine's), None when no plan fits."""
    from scipy.optimize import Bounds, LinearConstraint, milp

    years, n = case.years, len(case.ids)
    options = [
        (i, s) for i in range(n) for s in years if s >= (case.earliest[i] if case.earliest[i] is not None else years[0])
    ]
    if not options:
        return 0.0 if all(b >= 0 for amounts in case.budget.values() for b in amounts) else None
    rows: list[list[float]] = []
    upper: list[float] = []
    for column, amounts in case.budget.items():
        for t, budget in zip(years, amounts, strict=True):
            rows.append(
                [case.first[column][i] if s == t else case.running[column][i] if s < t else 0.0 for i, s in options]
            )
            upper.append(budget)
    members = [[i] for i in range(n) if case.groups[i] is None]
    members += [[i for i in range(n) if case.groups[i] == g] for g in {g for g in case.groups if g is not None}]
    for group in members:
        rows.append([1.0 if i in group else 0.0 for i, _ in options])
        upper.append(1.0)
    index = {ident: i for i, ident in enumerate(case.ids)}
    for i, target in enumerate(case.requires):
        if target is not None:
            for t in years:
                j = index[target]
                rows.append([(1.0 if o == i else -1.0 if o == j else 0.0) * (s <= t) for o, s in options])
                upper.append(0.0)
    forced = [float(case.mandatory[i] and s == max(years[0], case.earliest[i] or years[0])) for i, s in options]
    result = milp(
        c=[-values[i] * (years[-1] - s + 1) for i, s in options],
        constraints=[LinearConstraint(np.array(rows), -np.inf, np.array(upper))],
        integrality=np.ones(len(options)),
        bounds=Bounds(forced, 1.0),
        options={"mip_rel_gap": 0.0},
    )
    return None if result.status == 2 else float(-result.fun)
