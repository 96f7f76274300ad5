"""The best set of measures within budgets, as a mixed-integer program solved by HiGHS.

Variables x_i ∈ {0, 1} (measure i selected). Maximise Σ v_i x_i subject to
  Σ a_ki x_i ≤ B_k   for every budget column k,
  x_i = 1            for mandatory measures (forsvarlighet: the legal minimum is never optional),
  Σ_{i∈g} x_i ≤ 1    for every group g of mutually exclusive alternatives,
  x_i ≤ x_j          when measure i requires measure j.
In a portfolio the budgets take the place of the resources criterion, so v_i comes from benefit
and severity alone.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from . import exact
from .criteria import CRITERIA, RESOURCE_CRITERIA, Criterion
from .measures import BoolArray, FloatArray, IntArray, Measures
from .native_output import silenced_stdout
from .problems import Code, InfeasibleError, InputError, Problem
from .weights import Weights

if TYPE_CHECKING:  # scipy is imported where a portfolio is built: ranking never loads it
    from scipy.sparse import csr_array

#: The criteria a portfolio's value is made of; budgets stand in for resources.
VALUE_CRITERIA: tuple[Criterion, ...] = tuple(c for c in CRITERIA if c not in RESOURCE_CRITERIA)
_VALUE_COLUMNS = [CRITERIA.index(c) for c in VALUE_CRITERIA]

_SOLVER_OPTIONS = {"mip_rel_gap": 0.0, "presolve": True}
#: Values lie in [0, 1] per measure; HiGHS's absolute tolerances (1e-6 gap, 1e-7 dual feasibility)
#: would let it stop up to ~1e-6 short when weights make selections nearly tie. Scaling the
#: objective puts those tolerances far below any difference the scores can make.
_OBJECTIVE_SCALE = 1e4


@dataclass(frozen=True)
class Portfolio:
    selected: BoolArray
    value: float
    used: dict[str, float]
    budget: dict[str, float]
    weights: dict[str, float]
    #: Each measure's contribution to the objective when selected.
    measure_values: FloatArray
    optimal: bool = True


def value_weights(weights: Weights | None) -> Weights:
    """Weights for a budgeted analysis: benefit and severity only; a resources weight is an error."""
    if weights is None:
        return Weights.equal(VALUE_CRITERIA)
    if any(weights.values.get(c, 0.0) != 0.0 for c in RESOURCE_CRITERIA):
        named = next(c for c in RESOURCE_CRITERIA if weights.values.get(c, 0.0) != 0.0)
        raise InputError([Problem(Code.RESOURCES_WEIGHT_WITH_BUDGET, {"criterion": named})])
    return Weights({c: w for c, w in weights.values.items() if c in VALUE_CRITERIA})


def objective_values(measures: Measures, weights: Weights | None = None) -> FloatArray:
    w = value_weights(weights).vector(VALUE_CRITERIA)
    return measures.partial_values[:, _VALUE_COLUMNS] @ w


class SolveTimeLimitError(Exception):
    """A solve did not prove its optimum within the time it was given (no selection is returned)."""

    def __init__(self, seconds: float | None) -> None:
        super().__init__(f"no proven optimum within {seconds} s")
        self.seconds = seconds


class PortfolioModel:
    """The constraint matrix of one set of measures, built once and solved for many objectives
    and budget levels (the frontier and the robustness analysis solve it hundreds of times)."""

    def __init__(self, measures: Measures, budget_columns: tuple[str, ...]) -> None:
        self.measures = measures
        self.columns = budget_columns
        n = len(measures)
        self.usage = np.vstack([measures.resource(c) for c in budget_columns]) if budget_columns else np.zeros((0, n))
        self.forced = measures.required_closure()
        structural, upper = self._structure()
        self._structural = structural
        self._structural_upper = upper
        self._check_structure()
        from scipy.sparse import csr_array, vstack

        self._exact = exact.Structure(
            usage=np.asarray(self.usage, dtype=np.float64),
            rows=csr_array(vstack([csr_array(self.usage), structural]).tocsr()),
            group=self._group_index(),
            requirement=np.array([-1 if t is None else measures.index[t] for t in measures.requires], dtype=np.int64),
            forced=self.forced,
        )
        #: How the last solve was proven (:class:`exact.Outcome`), for benchmarks and reports.
        self.last: exact.Outcome | None = None
        #: Built at the first tidy-up and kept: a frontier or robustness run tidies hundreds of optima.
        self._cheaper: CheaperPairs | None = None

    def _group_index(self) -> IntArray:
        """Each measure's group as an integer, −1 outside a group of two or more alternatives."""
        names = self.measures.groups
        counts: dict[str, int] = {}
        for g in names:
            if g is not None:
                counts[g] = counts.get(g, 0) + 1
        numbers = {g: k for k, g in enumerate(g for g, c in counts.items() if c > 1)}
        return np.array([-1 if g is None else numbers.get(g, -1) for g in names], dtype=np.int64)

    def _structure(self) -> tuple[csr_array, NDArray[np.float64]]:
        from scipy.sparse import coo_array, csr_array

        m = self.measures
        rows: list[int] = []
        cols: list[int] = []
        data: list[float] = []
        upper: list[float] = []
        members: dict[str, list[int]] = {}
        for i, g in enumerate(m.groups):
            if g is not None:
                members.setdefault(g, []).append(i)
        for idx in members.values():
            if len(idx) > 1:
                r = len(upper)
                rows += [r] * len(idx)
                cols += idx
                data += [1.0] * len(idx)
                upper.append(1.0)
        for i, target in enumerate(m.requires):
            if target is not None:
                r = len(upper)
                rows += [r, r]
                cols += [i, m.index[target]]
                data += [1.0, -1.0]
                upper.append(0.0)
        shape = (len(upper), len(m))
        return csr_array(coo_array((data, (rows, cols)), shape=shape)), np.asarray(upper)

    def _check_structure(self) -> None:
        """Name conflicts among forced measures before any solver is asked."""
        m = self.measures
        problems: list[Problem] = []
        seen: dict[str, int] = {}
        for i in map(int, np.flatnonzero(self.forced)):
            g = m.groups[i]
            if g is None:
                continue
            if g in seen:
                problems.append(
                    Problem(
                        Code.MANDATORY_IN_ONE_GROUP,
                        {"id": m.ids[i], "other": m.ids[seen[g]], "group": g},
                        m.rows[i],
                        "group",
                    )
                )
            else:
                seen[g] = i
        if problems:
            raise InputError(problems)

    def minimum_use(self) -> dict[str, float]:
        """Resources the forced measures take whatever else is chosen."""
        return {c: float(self.usage[k][self.forced].sum()) for k, c in enumerate(self.columns)}

    def check_budget(self, budget: Mapping[str, float]) -> None:
        bad = [
            Problem(Code.BUDGET_NEGATIVE, {"column": c, "value": float(budget[c])})
            for c in self.columns
            if not np.isfinite(budget[c]) or budget[c] < 0
        ]
        if bad:
            raise InputError(bad)
        minimum = self.minimum_use()
        shortfall = {c: minimum[c] - float(budget[c]) for c in self.columns if minimum[c] > float(budget[c]) + 1e-9}
        if shortfall:
            lines = [
                Problem(
                    Code.BUDGET_SHORTFALL,
                    {"needed": minimum[c], "budget": float(budget[c]), "short": short},
                    column=c,
                )
                for c, short in shortfall.items()
            ]
            raise InfeasibleError([Problem(Code.MANDATORY_EXCEED_BUDGET), *lines], shortfall)

    def solve(
        self,
        values: FloatArray,
        budget: Mapping[str, float],
        start: BoolArray | None = None,
        time_limit: float | None = None,
    ) -> BoolArray:
        """The selection that maximises Σ values·x within ``budget``, proven optimal.

        ``start``, a selection known to be feasible (the previous step of a frontier), seeds the
        incumbent. The bound-and-fix path (:mod:`.exact`) proves most optima in milliseconds; what
        it cannot prove, the full MILP does, and a result that neither proves is an error. With a
        ``time_limit`` (seconds), a solve that has not proven its optimum by then raises
        :class:`SolveTimeLimitError` instead of returning an unproven selection.
        """
        self.check_budget(budget)
        values = np.asarray(values, dtype=np.float64)
        b = np.array([float(budget[c]) for c in self.columns])
        began = time.perf_counter()
        try:
            outcome = exact.solve(self._exact, values, np.r_[b, self._structural_upper], start, time_limit)
        except exact.InfeasibleRelaxationError:
            raise InfeasibleError([Problem(Code.NO_FEASIBLE_SELECTION)]) from None
        if not outcome.optimal:
            left = None if time_limit is None else time_limit - (time.perf_counter() - began)
            if left is not None and left <= 0:
                raise SolveTimeLimitError(time_limit)
            outcome = self._solve_milp(values, b, left)
        self.last = outcome
        return self._prefer_cheaper(outcome.selected.copy())

    def _solve_milp(self, values: FloatArray, b: FloatArray, time_limit: float | None = None) -> exact.Outcome:
        """The whole model in HiGHS's MILP solver; optimal only when its dual bound closes the gap."""
        from scipy.optimize import Bounds, LinearConstraint, milp

        constraints = []
        if self.columns:
            constraints.append(LinearConstraint(self.usage, -np.inf, b))
        if self._structural.shape[0]:
            constraints.append(LinearConstraint(self._structural, -np.inf, self._structural_upper))
        n = len(self.measures)
        with silenced_stdout():
            result = milp(
                c=-_OBJECTIVE_SCALE * values,
                constraints=constraints,
                integrality=np.ones(n),
                bounds=Bounds(self.forced.astype(np.float64), np.ones(n)),
                options=_SOLVER_OPTIONS if time_limit is None else {**_SOLVER_OPTIONS, "time_limit": time_limit},
            )
        if result.status == 2:
            raise InfeasibleError([Problem(Code.NO_FEASIBLE_SELECTION)])
        if result.status == 1 and time_limit is not None:
            raise SolveTimeLimitError(time_limit)
        if result.status != 0 or result.x is None:
            raise RuntimeError(f"HiGHS did not prove optimality: {result.message}")
        selected = np.asarray(np.round(result.x), dtype=bool)
        value = float(values[selected].sum())
        bound = -float(result.mip_dual_bound) / _OBJECTIVE_SCALE
        step = exact.value_step(values)
        if not exact.closes(value, bound, step):
            raise RuntimeError(f"HiGHS reported optimal with the gap open: value {value}, bound {bound}")
        return exact.Outcome(selected, value, bound, True, "milp", n)

    def _prefer_cheaper(self, selected: BoolArray) -> BoolArray:
        """Of two measures doing the same good, the one taking fewer resources (:func:`prefer_cheaper`)."""
        if not self.columns:
            return selected
        m = self.measures
        requirement = np.array([-1 if t is None else m.index[t] for t in m.requires])

        # Groups as integers (−1 outside a group of two or more: a lone member's group is never taken).
        group = self._exact.group

        def rules(chosen: BoolArray) -> tuple[set[int], Callable[[int, int], bool]]:
            needed = set(requirement[chosen & (requirement >= 0)].tolist())
            taken_groups = set(group[chosen & (group >= 0)].tolist())

            def allowed(i: int, j: int) -> bool:
                g = group[j]
                group_free = g < 0 or g == group[i] or g not in taken_groups
                return bool(group_free and (requirement[j] < 0 or (chosen[requirement[j]] and requirement[j] != i)))

            return needed, allowed

        def pairs(chosen: BoolArray) -> Callable[[IntArray, IntArray], BoolArray]:
            # j may come in when its group is free or is i's own, and its prerequisite is chosen.
            taken = np.zeros(int(group.max(initial=-1)) + 2, dtype=bool)
            taken[group[chosen & (group >= 0)]] = True
            open_j = ((group < 0) | ~taken[group]) & ((requirement < 0) | chosen[np.maximum(requirement, 0)])
            met = (requirement < 0) | chosen[np.maximum(requirement, 0)]

            def screen(i: IntArray, j: IntArray) -> BoolArray:
                gj = group[j]
                return np.asarray(open_j[j] | ((gj >= 0) & (gj == group[i]) & met[j]), dtype=bool)

            return screen

        if self._cheaper is None:
            self._cheaper = CheaperPairs.build(self.usage, score_profile(m))
        return prefer_cheaper(selected, self.usage, score_profile(m), self.forced, rules, pairs, self._cheaper)


def score_profile(measures: Measures) -> IntArray:
    """One integer per benefit-and-severity pair: equal profiles are equal values under any weights."""
    return measures.scores[:, 0] * 8 + measures.scores[:, 1]


#: Given the current selection: the options that may not leave it (others need them), and whether
#: option ``j`` may take the place of selected option ``i`` without breaking a group or a requirement.
SwapRules = Callable[[BoolArray], tuple[set[int], Callable[[int, int], bool]]]
#: Optional and vectorised: given the selection, a screen that takes selected options ``i`` and
#: unselected ``j`` (arrays that broadcast) and says which pairs the rules might allow (cheap; the
#: rules still decide).
PairFilter = Callable[[BoolArray], Callable[[IntArray, IntArray], BoolArray]]

#: Above this many comparisons the table of cheaper options is not built; options are found per call.
_MAX_CHEAPER_COMPARISONS = 20_000_000


@dataclass(frozen=True)
class CheaperPairs:
    """Every (option, cheaper option of the same profile) pair, ordered by option and then by the
    cheaper one's share. It depends only on the usage and the profiles, so a model builds it once
    for all its solves and each tidy-up only screens it against the selection."""

    owner: IntArray
    option: IntArray

    @classmethod
    def build(cls, usage: FloatArray, profile: IntArray) -> CheaperPairs | None:
        counts = np.unique(profile, return_counts=True)[1].astype(np.int64)
        if int((counts**2).sum()) * max(1, usage.shape[0]) > _MAX_CHEAPER_COMPARISONS:
            return None
        share = _shares(usage)
        by_profile = np.argsort(profile, kind="stable")
        owners: list[IntArray] = [np.zeros(0, dtype=np.int64)]
        options: list[IntArray] = [np.zeros(0, dtype=np.int64)]
        for members in np.split(by_profile, np.flatnonzero(np.diff(profile[by_profile])) + 1):
            fit = share[members][None, :] < share[members][:, None]
            for k in range(usage.shape[0]):
                fit &= usage[k, members][None, :] <= usage[k, members][:, None]
            r, c = np.nonzero(fit)
            owners.append(members[r])
            options.append(members[c])
        owner, option = np.concatenate(owners), np.concatenate(options)
        order = np.lexsort((option, share[option], owner))
        return cls(owner[order], option[order])

    def available(
        self, selected: BoolArray, movable: BoolArray, screen: Callable[[IntArray, IntArray], BoolArray] | None
    ) -> dict[int, IntArray]:
        ok = movable[self.owner] & ~selected[self.option]
        owner, option = self.owner[ok], self.option[ok]
        if screen is not None and len(owner):
            keep = screen(owner, option)
            owner, option = owner[keep], option[keep]
        if not len(owner):
            return {}
        cuts = np.flatnonzero(np.diff(owner)) + 1
        return {int(o[0]): c for o, c in zip(np.split(owner, cuts), np.split(option, cuts), strict=True)}


def _shares(usage: FloatArray) -> FloatArray:
    """Each option's share of every budget's total, summed: the order "cheaper" is judged in."""
    return np.asarray((usage / np.maximum(np.abs(usage).sum(axis=1), 1e-12)[:, None]).sum(axis=0), dtype=np.float64)


def prefer_cheaper(
    selected: BoolArray,
    usage: FloatArray,
    profile: IntArray,
    forced: BoolArray,
    rules: SwapRules,
    pairs: PairFilter | None = None,
    table: CheaperPairs | None = None,
) -> BoolArray:
    """Swap a selected option for an unselected one with the same profile (so the same value under
    any weights) that takes no more of any resource and less in all; the value stays the same.

    The resources criterion says that of two measures doing the same good, the one taking fewer
    resources comes first; the solver, indifferent between them, may return either. Making it
    part of the objective instead turns one easy solve into a hard one (minimising spend among
    many tied optima), so the optimum is tidied up here. ``usage`` has one row per budget (per
    column, or per column and year in a plan) and one column per option (a measure, or a measure
    started in a given year); an amount may be negative (a saving), which counts as cheaper.
    """
    share = _shares(usage)
    swapped = True
    while swapped:
        # Passes until none swaps: each swap lowers the total share, so this ends.
        swapped = False
        needed, allowed = rules(selected)
        options = (
            table.available(selected, selected & ~forced, pairs(selected) if pairs is not None else None)
            if table is not None
            else _cheaper_options(selected, forced, usage, profile, share, pairs)
        )
        for i in sorted(options, key=lambda k: -share[k]):
            if not selected[i] or i in needed:
                continue
            for j in options[i].tolist():
                if selected[j]:
                    continue
                if allowed(i, j):
                    selected[i], selected[j] = False, True
                    swapped = True
                    needed, allowed = rules(selected)
                    break
    return selected


def _cheaper_options(
    selected: BoolArray,
    forced: BoolArray,
    usage: FloatArray,
    profile: IntArray,
    share: FloatArray,
    pairs: PairFilter | None,
) -> dict[int, IntArray]:
    """For each selected, unforced option that has any: the unselected options of its profile taking
    no more of any resource and less in all, cheapest first. One comparison matrix per profile
    (selected × members, in chunks), not one pass over every option per selected one."""
    found: dict[int, IntArray] = {}
    movable = selected & ~forced
    screen = pairs(selected) if pairs is not None else None
    by_profile = np.argsort(profile, kind="stable")
    cuts = np.flatnonzero(np.diff(profile[by_profile])) + 1
    for members in np.split(by_profile, cuts):
        same = members[~selected[members]]
        rows = members[movable[members]]
        if not len(same) or not len(rows):
            continue
        for chunk in np.array_split(rows, max(1, len(rows) * len(same) // 1_000_000 + 1)):
            fit = (share[same][None, :] < share[chunk][:, None]) & np.all(
                usage[:, same][:, None, :] <= usage[:, chunk][:, :, None], axis=0
            )
            if screen is not None:
                fit &= screen(chunk[:, None], same[None, :])
            for r in np.flatnonzero(fit.any(axis=1)).tolist():
                cand = same[fit[r]]
                found[int(chunk[r])] = cand[np.argsort(share[cand], kind="stable")]
    return found


def optimise(measures: Measures, budget: Mapping[str, float], weights: Weights | None = None) -> Portfolio:
    """The optimal portfolio for the budgets given, one amount per resource column."""
    model = PortfolioModel(measures, tuple(budget))
    return model_portfolio(model, budget, weights)


def model_portfolio(model: PortfolioModel, budget: Mapping[str, float], weights: Weights | None) -> Portfolio:
    vw = value_weights(weights)
    values = objective_values(model.measures, vw)
    selected = model.solve(values, budget)
    return Portfolio(
        selected=selected,
        value=float(values[selected].sum()),
        used={c: float(model.usage[k][selected].sum()) for k, c in enumerate(model.columns)},
        budget={c: float(budget[c]) for c in model.columns},
        weights=vw.as_dict(VALUE_CRITERIA),
        measure_values=values,
    )
