"""The best plan over several years (økonomiplan): which measures start in which year, within yearly budgets.

A measure i either never starts or starts in exactly one year s with earliest_i ≤ s ≤ L (the last
year), and then runs in every year from s to L. Variables x_is ∈ {0, 1} (i starts in s); i runs in
year t when y_it = Σ_{s≤t} x_is = 1. Maximise Σ_i Σ_s (L − s + 1) v_i x_is — the sum over years of
the running measures' values, v_i the one-year portfolio's value (benefit and severity, the same
weights) — subject to
  Σ_i Σ_{s≤t} a_kist x_is ≤ B_kt   for every budget column k and year t, where a_kist is the
                                    measure's first-year amount C_first when s = t and its running
                                    amount C after (negative for a saving),
  x_i,earliest_i = 1                for a mandatory measure (it starts as early as it may),
  Σ_{i∈g} Σ_s x_is ≤ 1              for every group g (at most one of them ever starts),
  Σ_s x_is ≤ 1                      for every other measure,
  y_it ≤ y_jt                       for every year t when measure i requires measure j.
Solved as a mixed-integer program by HiGHS over "runs by year t" variables (:class:`Runs`: the same
LP relaxation, but branches that split the plans evenly); ties between equally good plans are broken
as the one-year :mod:`.portfolio` breaks them (:func:`.portfolio.prefer_cheaper`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from . import exact
from .measures import BoolArray, FloatArray, IntArray, Measures
from .native_output import silenced_stdout
from .portfolio import (
    _OBJECTIVE_SCALE,
    _SOLVER_OPTIONS,
    VALUE_CRITERIA,
    PortfolioModel,
    objective_values,
    prefer_cheaper,
    score_profile,
    value_weights,
)
from .problems import Code, InputError, Problem
from .weights import Weights

if TYPE_CHECKING:  # scipy is imported where a plan is solved: the command line's other commands never load it
    from scipy.sparse import csr_array

#: A plan longer than this is not an økonomiplan (four years, rolled yearly); the bound keeps the
#: model small whatever a caller passes.
MAX_YEARS = 20
#: HiGHS's options for the plan: a zero gap (as the portfolio's), and none of the improvement
#: heuristics that solve sub-MIPs around the incumbent (RINS, RENS): on the plan's model they cost
#: half the solve for a plan the branching finds anyway (methods §7a).
_HIGHS_OPTIONS = {"mip_rel_gap": 0.0, "mip_heuristic_run_rins": False, "mip_heuristic_run_rens": False}
#: Budget use within this of the budget fits: amounts are kroner, and the solver's sums are floats.
_FIT = 1e-6


@dataclass(frozen=True, eq=False)
class PlanMeasures:
    """Measures with yearly amounts: the input of :func:`optimise_plan`.

    ``measures`` carries ids, names, scores, ``mandatory``, ``group`` and ``requires`` (its own
    resource columns are not used: a plan's amounts may be negative). ``running`` holds each
    column's amount in every year after the start year, ``first`` the amount in the start year
    (establishment; the running amount when the file gives none), ``earliest`` the first year a
    measure may start (None: the plan's first year).
    """

    measures: Measures
    running: Mapping[str, FloatArray]
    first: Mapping[str, FloatArray]
    earliest: tuple[int | None, ...]

    @classmethod
    def build(
        cls,
        measures: Measures,
        running: Mapping[str, Sequence[float] | FloatArray],
        first: Mapping[str, Sequence[float] | FloatArray] | None = None,
        earliest: Sequence[int | None] | None = None,
    ) -> PlanMeasures:
        n = len(measures)
        run = {c: np.array(v, dtype=np.float64) for c, v in running.items()}
        given = {c: np.array(v, dtype=np.float64) for c, v in (first or {}).items()}
        unknown = [c for c in given if c not in run]
        if unknown:
            raise ValueError(f"first-year amounts for columns without running amounts: {unknown}")
        start = {c: given.get(c, run[c]).copy() for c in run}
        early = tuple(earliest) if earliest is not None else (None,) * n
        for name, length in (*((c, len(v)) for c, v in run.items()), *((c, len(v)) for c, v in start.items())):
            if length != n:
                raise ValueError(f"{name} has {length} entries, expected {n}")
        if len(early) != n:
            raise ValueError(f"earliest has {len(early)} entries, expected {n}")
        problems = [
            Problem(Code.PLAN_AMOUNT_INVALID, {"value": float(v)}, measures.rows[i], column)
            for amounts in (run, start)
            for column, values in amounts.items()
            for i, v in enumerate(values)
            if not np.isfinite(v)
        ]
        if problems:
            raise InputError(problems)
        for array in (*run.values(), *start.values()):
            array.setflags(write=False)
        return cls(measures=measures, running=run, first=start, earliest=early)

    def __len__(self) -> int:
        return len(self.measures)

    @property
    def resources(self) -> Mapping[str, FloatArray]:
        """The amount columns by name (their running amounts), as :attr:`Measures.resources`."""
        return self.running

    def resource(self, column: str) -> FloatArray:
        """A column's running amounts, or an :class:`InputError` naming the columns there are."""
        if column in self.running:
            return self.running[column]
        if not self.running:
            raise InputError([Problem(Code.NO_RESOURCE_COLUMNS, {"column": column})])
        known = tuple(sorted(self.running))
        raise InputError([Problem(Code.UNKNOWN_RESOURCE_COLUMN, {"column": column, "known": known})])

    @cached_property
    def candidates(self) -> PlanMeasures:
        """Without the reference row («no action»), which is never part of a plan."""
        m = self.measures
        if not m.baseline.any():
            return self
        keep = np.flatnonzero(~m.baseline)
        return PlanMeasures.build(
            m.candidates,
            {c: v[keep] for c, v in self.running.items()},
            {c: v[keep] for c, v in self.first.items()},
            [self.earliest[i] for i in keep],
        )


@dataclass(frozen=True)
class Plan:
    """The optimal plan: when each measure starts (None: never) and what each year uses."""

    years: tuple[int, ...]
    start: tuple[int | None, ...]
    #: Σ over years of the running measures' values.
    value: float
    #: Per column, the amount used in each year (in :attr:`years` order).
    used: dict[str, list[float]]
    budget: dict[str, list[float]]
    weights: dict[str, float]
    #: Each measure's value in one year it runs (the one-year portfolio's value).
    measure_values: FloatArray
    #: HiGHS proved the plan optimal (the gap closed); False when it stopped at a time limit.
    optimal: bool = True

    def running(self) -> BoolArray:
        """Shape (measures, years): whether each measure runs in each year."""
        years = np.asarray(self.years)
        starts = np.array([np.iinfo(np.int64).max if s is None else s for s in self.start], dtype=np.int64)
        return starts[:, None] <= years[None, :]


def plan_years(first: int, last: int) -> tuple[int, ...]:
    """The plan period, FIRST to LAST inclusive; an :class:`InputError` when it is no period."""
    if not first <= last or last - first + 1 > MAX_YEARS:
        raise InputError([Problem(Code.PLAN_YEARS, {"first": first, "last": last, "most": MAX_YEARS})])
    return tuple(range(first, last + 1))


#: A column's budget: one amount for every year, or one per year in order.
YearlyAmounts = float | Sequence[float] | FloatArray


def yearly_budget(budget: Mapping[str, YearlyAmounts], years: Sequence[int]) -> dict[str, FloatArray]:
    """One amount per year for every column: a single amount (or a list of one) holds for every
    year, a longer list must have one amount per year (in order)."""
    out: dict[str, FloatArray] = {}
    problems: list[Problem] = []
    for column, amount in budget.items():
        amounts = np.atleast_1d(np.asarray(amount, dtype=np.float64))
        if amounts.shape == (1,):
            amounts = np.full(len(years), amounts[0])
        if amounts.shape != (len(years),):
            problems.append(
                Problem(Code.PLAN_BUDGET_LENGTH, {"column": column, "given": amounts.size, "years": len(years)})
            )
            continue
        problems += [
            Problem(Code.PLAN_BUDGET_INVALID, {"column": column, "year": years[t], "value": float(v)})
            for t, v in enumerate(amounts)
            if not np.isfinite(v)
        ]
        out[column] = amounts
    if problems:
        raise InputError(problems)
    return out


@dataclass(frozen=True)
class Runs:
    """The plan's program over z_o = Σ_{s ≤ when[o]} x_(owner[o], s), "measure owner[o] runs in
    year when[o]", which is how HiGHS solves it (methods §7a).

    Every z earns the measure's value for one year; a budget row takes C_first z_t + (C − C_first)
    z_(t−1); z_(t−1) ≤ z_t; a group allows one measure's last z; a requirement is z_it ≤ z_jt; a
    mandatory measure's z are all 1. The map between the two is unimodular, so the LP relaxation
    and its bound are the same, but a branch on z ("runs by year t, or not") splits the plans
    evenly where one on x ("starts in exactly year s") hardly moves the bound: on the four-year
    benchmark HiGHS closes the gap in 31–38 nodes instead of 928–942.
    """

    rows: csr_array  # budgets (as :attr:`PlanModel.usage`'s rows), then groups and requirements, then z_(t−1) ≤ z_t
    upper: FloatArray  # the bounds of the rows after the budgets
    forced: BoolArray
    starts: csr_array  # x = starts @ z

    @classmethod
    def of(cls, model: PlanModel) -> Runs:
        from scipy.sparse import csr_array, diags_array, vstack

        k = len(model.owner)
        later = np.flatnonzero(np.r_[False, model.owner[1:] == model.owner[:-1]])
        step_down = csr_array((np.ones(len(later)), (later, later - 1)), shape=(k, k))
        starts = csr_array(diags_array(np.ones(k)) - step_down)
        structural = csr_array(model._structural @ starts)
        structural.eliminate_zeros()
        # A measure's own "one start" row becomes z_last ≤ 1, which its bounds already say.
        needed = np.flatnonzero((np.diff(structural.indptr) > 1) | (model._structural_upper < 1))
        pairs = np.arange(len(later))
        monotone = csr_array(
            (np.r_[np.ones(len(later)), -np.ones(len(later))], (np.r_[pairs, pairs], np.r_[later - 1, later])),
            shape=(len(later), k),
        )
        usage = csr_array(model.usage) @ starts
        return cls(
            rows=csr_array(vstack([usage, structural[needed], monotone])),
            upper=np.r_[model._structural_upper[needed], np.zeros(len(later))],
            forced=model.plan.measures.mandatory[model.owner],
            starts=starts,
        )


class PlanModel:
    """The plan's mixed-integer program for one set of measures, period and budget columns."""

    def __init__(self, plan: PlanMeasures, years: Sequence[int], columns: Sequence[str]) -> None:
        self.plan = plan
        self.years = tuple(years)
        self.columns = tuple(columns)
        for c in self.columns:
            plan.resource(c)
        m = plan.measures
        first, n, periods = self.years[0], len(m), len(self.years)
        begin = np.array([max(first, e if e is not None else first) - first for e in plan.earliest], dtype=np.int64)
        count = np.clip(periods - begin, 0, None)
        # Mandatory measures (that start within the period) in one group, with what they require:
        # the portfolio's own check.
        PortfolioModel(replace(m, mandatory=m.mandatory & (count > 0)), ())
        #: Option o is measure owner[o] starting in year index when[o].
        self.owner: IntArray = np.repeat(np.arange(n), count)
        offset = np.concatenate([[0], np.cumsum(count)[:-1]]).astype(np.int64)
        self.when: IntArray = begin[self.owner] + (np.arange(len(self.owner)) - offset[self.owner])
        self.begin, self.count, self.offset = begin, count, offset
        self._check_requirements()
        self.usage = self._usage()
        self.forced: BoolArray = m.mandatory[self.owner] & (self.when == begin[self.owner])
        self._structural, self._structural_upper = self._structure()
        self._runs: Runs | None = None

    def _check_requirements(self) -> None:
        """A mandatory measure starts in its earliest year, so what it requires must be able to run
        then: named here rather than left to an infeasible solve."""
        m, plan = self.plan.measures, self.plan
        problems: list[Problem] = []
        for i in map(int, np.flatnonzero(m.mandatory & (self.count > 0))):
            year = self.years[self.begin[i]]
            seen, k = {i}, i
            while (target := m.requires[k]) is not None and m.index[target] not in seen:
                k = m.index[target]
                seen.add(k)
                if self.count[k] == 0 or self.begin[k] > self.begin[i]:
                    earliest = plan.earliest[k]
                    problems.append(
                        Problem(
                            Code.PLAN_REQUIRED_TOO_LATE,
                            {"id": m.ids[i], "year": year, "other": m.ids[k], "earliest": str(earliest)},
                            m.rows[i],
                            "requires",
                        )
                    )
                    break
        if problems:
            raise InputError(problems)

    def _usage(self) -> FloatArray:
        """Shape (columns × years, options): what an option takes of each column in each year."""
        periods = len(self.years)
        t = np.arange(periods)[:, None]
        rows = []
        for c in self.columns:
            first = self.plan.first[c][self.owner]
            running = self.plan.running[c][self.owner]
            rows.append(np.where(t == self.when, first, np.where(t > self.when, running, 0.0)))
        return np.vstack(rows) if rows else np.zeros((0, len(self.owner)))

    def _structure(self) -> tuple[csr_array, NDArray[np.float64]]:
        """Groups (and one start per measure) and requirements, as rows ≤ upper."""
        from scipy.sparse import coo_array, csr_array

        m = self.plan.measures
        rows: list[NDArray[np.int64]] = []
        cols: list[NDArray[np.int64]] = []
        data: list[NDArray[np.float64]] = []
        upper: list[float] = []

        def options_of(i: int, until: int | None = None) -> NDArray[np.int64]:
            k: NDArray[np.int64] = self.offset[i] + np.arange(self.count[i], dtype=np.int64)
            return k if until is None else k[self.when[k] <= until]

        def add(columns: NDArray[np.int64], coefficients: NDArray[np.float64], bound: float) -> None:
            rows.append(np.full(len(columns), len(upper), dtype=np.int64))
            cols.append(columns)
            data.append(coefficients)
            upper.append(bound)

        members: dict[str | None, list[int]] = {}
        for i, g in enumerate(m.groups):
            members.setdefault(g, []).append(i)
        singles = [[i] for i in members.pop(None, [])]
        for idx in [*members.values(), *singles]:
            k = np.concatenate([options_of(i) for i in idx])
            if len(k) > 1:
                add(k, np.ones(len(k)), 1.0)
        for i, target in enumerate(m.requires):
            if target is None or self.count[i] == 0:
                continue
            j = m.index[target]
            for t in range(self.begin[i], len(self.years)):
                mine, theirs = options_of(i, t), options_of(j, t)
                add(np.concatenate([mine, theirs]), np.concatenate([np.ones(len(mine)), -np.ones(len(theirs))]), 0.0)
        shape = (len(upper), len(self.owner))
        if not upper:
            return csr_array(shape), np.zeros(0)
        coo = coo_array((np.concatenate(data), (np.concatenate(rows), np.concatenate(cols))), shape=shape)
        return csr_array(coo), np.asarray(upper)

    def runs(self) -> Runs:
        """The program over "runs in year t" variables, :class:`Runs` (built once per model)."""
        if self._runs is None:
            self._runs = Runs.of(self)
        return self._runs

    def objective(self, values: FloatArray) -> FloatArray:
        """Each option's value: the measure's value times the years it runs."""
        return np.asarray(values, dtype=np.float64)[self.owner] * (len(self.years) - self.when)

    def solve(
        self, values: FloatArray, budget: Mapping[str, FloatArray], time_limit: float | None = None
    ) -> tuple[BoolArray, bool]:
        """The options chosen (at most one per measure) and whether HiGHS proved them optimal: its
        dual bound within one step of the objective's grid (:func:`.exact.closes`), not its status."""
        import highspy

        limits = self._limits(budget)
        n = len(self.owner)
        if n == 0:
            # No measure can start within the period: the plan is empty, if an empty plan fits.
            if np.any(limits < 0):
                raise InputError(self._short_by(limits, np.maximum(0.0, -limits)))
            return np.zeros(0, dtype=bool), True
        runs = self.runs()
        gains = np.asarray(values, dtype=np.float64)[self.owner]
        h = exact.highs_model(runs.rows, -_OBJECTIVE_SCALE * gains, runs.forced, np.r_[limits, runs.upper], True)
        for option, value in {**_HIGHS_OPTIONS, "time_limit": math.inf if time_limit is None else time_limit}.items():
            if h.setOptionValue(option, value) != highspy.HighsStatus.kOk:
                raise RuntimeError(f"HiGHS refused its option {option} = {value}")
        with silenced_stdout():
            h.run()
        status, info = h.getModelStatus(), h.getInfo()
        if status == highspy.HighsModelStatus.kInfeasible:
            raise InputError(self._shortfall(limits))
        if info.primal_solution_status != highspy.SolutionStatus.kSolutionStatusFeasible:
            raise RuntimeError(f"HiGHS found no plan: {h.modelStatusToString(status)}")
        z = np.asarray(h.getSolution().col_value, dtype=np.float64) > 0.5
        value = float(gains[z].sum())
        bound = -info.mip_dual_bound / _OBJECTIVE_SCALE
        proven = exact.closes(value, bound, exact.value_step(gains))
        if status == highspy.HighsModelStatus.kOptimal and not proven:
            raise RuntimeError(f"HiGHS reported an optimal plan with the gap open: value {value}, bound {bound}")
        return self._prefer_cheaper(runs.starts @ z.astype(np.float64) > 0.5), proven

    def _limits(self, budget: Mapping[str, FloatArray]) -> FloatArray:
        """The budgets in the order of :attr:`usage`'s rows: column by column, year by year."""
        return np.concatenate([[], *(np.asarray(budget[c], dtype=np.float64) for c in self.columns)])

    def _shortfall(self, limits: FloatArray) -> list[Problem]:
        """Why no plan fits: the same program with every yearly budget allowed to overrun at a cost
        (relative to the column's size), which names each year and column the mandatory measures
        (with what they require) cannot fit in, and by how much."""
        from scipy.optimize import Bounds, LinearConstraint, milp
        from scipy.sparse import csr_array

        n, rows = len(self.owner), len(limits)
        scale = np.maximum(1.0, np.maximum(np.abs(limits), np.abs(self.usage).max(axis=1, initial=0.0)))
        elastic = [LinearConstraint(csr_array(np.hstack([self.usage, -np.eye(rows)])), -np.inf, limits)]
        if self._structural.shape[0]:
            padded = csr_array(np.hstack([self._structural.toarray(), np.zeros((self._structural.shape[0], rows))]))
            elastic.append(LinearConstraint(padded, -np.inf, self._structural_upper))
        with silenced_stdout():
            result = milp(
                c=np.concatenate([np.zeros(n), 1.0 / scale]),
                constraints=elastic,
                integrality=np.concatenate([np.ones(n), np.zeros(rows)]),
                bounds=Bounds(
                    np.concatenate([self.forced.astype(np.float64), np.zeros(rows)]),
                    np.concatenate([np.ones(n), np.full(rows, np.inf)]),
                ),
                options=_SOLVER_OPTIONS,
            )
        if result.status != 0 or result.x is None:
            return [Problem(Code.NO_FEASIBLE_SELECTION)]
        return self._short_by(limits, result.x[n:])

    def _short_by(self, limits: FloatArray, over: FloatArray) -> list[Problem]:
        """A problem for each year and column whose budget is ``over`` short."""
        periods = len(self.years)
        problems = [
            Problem(
                Code.PLAN_MANDATORY_SHORTFALL,
                {
                    "year": self.years[r % periods],
                    "needed": float(limits[r] + over[r]),
                    "budget": float(limits[r]),
                    "short": float(over[r]),
                },
                column=self.columns[r // periods],
            )
            for r in map(int, np.flatnonzero(over > _FIT * np.maximum(1.0, np.abs(limits))))
        ]
        return problems or [Problem(Code.NO_FEASIBLE_SELECTION)]

    def _prefer_cheaper(self, chosen: BoolArray) -> BoolArray:
        """Of two measures doing the same good from the same year, the cheaper one, as the portfolio."""
        if not self.columns:
            return chosen
        m = self.plan.measures
        requirement = np.array([-1 if t is None else m.index[t] for t in m.requires])
        profile = score_profile(m)[self.owner] * (len(self.years) + 1) + self.when

        def rules(selected: BoolArray) -> tuple[set[int], Callable[[int, int], bool]]:
            started = np.full(len(m), -1, dtype=np.int64)
            started[self.owner[selected]] = self.when[selected]
            needed_measures = set(requirement[(started >= 0) & (requirement >= 0)].tolist())
            needed = {int(o) for o in np.flatnonzero(selected) if int(self.owner[o]) in needed_measures}
            taken_groups = {m.groups[k] for k in np.flatnonzero(started >= 0)}

            def allowed(i: int, j: int) -> bool:
                mi, mj = int(self.owner[i]), int(self.owner[j])
                if started[mj] >= 0:
                    return False
                g = m.groups[mj]
                group_free = g is None or g == m.groups[mi] or g not in taken_groups
                r = int(requirement[mj])
                prerequisite_met = r < 0 or (r != mi and 0 <= started[r] <= self.when[j])
                return group_free and prerequisite_met

            return needed, allowed

        return prefer_cheaper(chosen, self.usage, profile, self.forced, rules)


def optimise_plan(
    plan: PlanMeasures,
    years: Sequence[int],
    budget: Mapping[str, YearlyAmounts],
    weights: Weights | None = None,
    time_limit: float | None = None,
) -> Plan:
    """The plan with the most value over ``years`` within the yearly budgets (one amount for every
    year, or one per year), under the one-year portfolio's weights (benefit and severity)."""
    period = tuple(years)
    if not period:
        raise InputError([Problem(Code.PLAN_YEARS, {"first": 0, "last": -1, "most": MAX_YEARS})])
    plan_years(period[0], period[-1])
    limits = yearly_budget(budget, period)
    model = PlanModel(plan, period, tuple(limits))
    vw = value_weights(weights)
    values = objective_values(plan.measures, vw)
    chosen, optimal = model.solve(values, limits, time_limit)
    start: list[int | None] = [None] * len(plan)
    for o in map(int, np.flatnonzero(chosen)):
        start[int(model.owner[o])] = period[int(model.when[o])]
    use = model.usage[:, chosen].sum(axis=1) if len(model.columns) else np.zeros(0)
    t = len(period)
    return Plan(
        years=period,
        start=tuple(start),
        value=float(model.objective(values)[chosen].sum()),
        used={c: [float(u) for u in use[k * t : (k + 1) * t]] for k, c in enumerate(model.columns)},
        budget={c: [float(b) for b in limits[c]] for c in model.columns},
        weights=vw.as_dict(VALUE_CRITERIA),
        measure_values=values,
        optimal=optimal,
    )
