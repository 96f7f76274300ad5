"""The plan as the engine sees it, and what a set of start years does year by year.

:func:`engine_plan` turns the plan's measures into the engine's :class:`PlanMeasures` exactly as
``prioritet plan`` reads them from a file (same ids, scores, groups, requirements, earliest years,
running and start-year amounts), so the optimum the task computes is the command line's
(``tests/test_cli_equivalence.py`` proves it). :func:`evaluate` says what any set of start years
(the optimum, the administration's proposal) takes of each column in each year, its value by the
same objective, whether it balances against the frames in every year and which mandatory measures
it misses. :func:`fingerprint` names the inputs, so a stored optimum is shown only while it is
still the optimum of the plan as it stands.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from prioritet.engine import Criterion, Measures, PlanMeasures, Weights, objective_values

from .models import EconomyPlan, PlanMeasure

#: Budget use within this of the frame balances (amounts are kroner; sums are floats).
_FIT = 1e-6


def engine_plan(rows: Sequence[PlanMeasure], columns: Sequence[str]) -> PlanMeasures:
    """The engine's plan measures of ``rows`` (in order); raises the engine's ``InputError``."""
    measures = Measures.build(
        [m.code for m in rows],
        [m.name for m in rows],
        [[m.benefit, m.severity, m.resources] for m in rows],
        mandatory=[m.mandatory for m in rows],
        groups=[m.group or None for m in rows],
        requires=[m.requires or None for m in rows],
        rows=list(range(1, len(rows) + 1)),
    )
    return PlanMeasures.build(
        measures,
        {c: [float(m.running.get(c, 0.0)) for m in rows] for c in columns},
        {c: [m.first_amount(c) for m in rows] for c in columns},
        [m.earliest for m in rows],
    )


def columns_of(plan: EconomyPlan, rows: Sequence[PlanMeasure]) -> list[str]:
    """The plan's budget columns: those with frames, then any other the measures name."""
    seen = dict.fromkeys(plan.frames)
    for m in rows:
        seen.update(dict.fromkeys(m.running))
    return list(seen)


def fingerprint(plan: EconomyPlan, rows: Sequence[PlanMeasure], weights: Mapping[str, float]) -> str:
    """A digest of everything the optimum depends on."""
    payload = {
        "years": [plan.first_year, plan.last_year],
        "frames": plan.frames,
        "weights": {k: round(v, 12) for k, v in sorted(weights.items())},
        "measures": [
            [
                m.code,
                m.benefit,
                m.severity,
                m.resources,
                m.mandatory,
                m.group,
                m.requires,
                m.earliest,
                m.running,
                m.first,
            ]
            for m in rows
        ],
    }
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class Shortfall:
    """A year and column where use passes the frame, and by how much."""

    year: int
    column: str
    used: float
    frame: float

    @property
    def over(self) -> float:
        return self.used - self.frame


@dataclass(frozen=True)
class Evaluation:
    """What one set of start years does: value, use per column and year, balance, mandatory misses."""

    years: tuple[int, ...]
    start: dict[str, int]
    value: float
    used: dict[str, list[float]]
    frames: dict[str, list[float]]
    shortfalls: tuple[Shortfall, ...] = ()
    #: Mandatory measures that do not start in their earliest year (code, name, the year they must start).
    mandatory_missed: tuple[tuple[str, str, int], ...] = ()
    #: Measures that run in a year the measure they require does not (code, required code).
    requirement_missed: tuple[tuple[str, str], ...] = ()
    #: Groups with more than one measure started.
    group_conflicts: tuple[str, ...] = ()
    left_out: tuple[PlanMeasure, ...] = field(default=())

    @property
    def balances(self) -> bool:
        return not self.shortfalls

    @property
    def ok(self) -> bool:
        return not (self.shortfalls or self.mandatory_missed or self.requirement_missed or self.group_conflicts)


def weights_of(values: Mapping[str, float] | None) -> Weights | None:
    """Stored weights (criterion name → weight) as the engine's; None: equal weights."""
    return Weights({Criterion(c): float(w) for c, w in values.items()}) if values else None


def measure_values(rows: Sequence[PlanMeasure], weights: Weights | None) -> list[float]:
    """Each measure's value in one year it runs: the one-year portfolio's value under ``weights``."""
    if not rows:
        return []
    measures = Measures.build([m.code for m in rows], None, [[m.benefit, m.severity, m.resources] for m in rows])
    return [float(v) for v in objective_values(measures, weights)]


def evaluate(
    plan: EconomyPlan,
    rows: Sequence[PlanMeasure],
    start: Mapping[str, int | None],
    values: Sequence[float],
) -> Evaluation:
    """Use, value and balance of the start years ``start`` (code → year; absent or None: not started)."""
    years = plan.years
    columns = columns_of(plan, rows)
    begins = {m.code: start.get(m.code) for m in rows}
    used = {c: [sum(m.amount_in(c, y, begins[m.code]) for m in rows) for y in years] for c in columns}
    frames = {c: [float(a) for a in plan.frames.get(c, [])] for c in columns}
    shortfalls = tuple(
        Shortfall(y, c, used[c][t], frames[c][t])
        for c in columns
        if len(frames[c]) == len(years)
        for t, y in enumerate(years)
        if used[c][t] - frames[c][t] > _FIT * max(1.0, abs(frames[c][t]))
    )
    value = sum(values[i] * (years[-1] - s + 1) for i, m in enumerate(rows) if (s := begins[m.code]) is not None)
    first = years[0]
    missed = tuple(
        (m.code, m.name, max(first, m.earliest or first))
        for m in rows
        if m.mandatory
        and max(first, m.earliest or first) <= years[-1]
        and begins[m.code] != max(first, m.earliest or first)
    )
    requirement = tuple(
        (m.code, m.requires)
        for m in rows
        if m.requires and (s := begins[m.code]) is not None and ((other := begins.get(m.requires)) is None or other > s)
    )
    groups: dict[str, int] = {}
    for m in rows:
        if m.group and begins[m.code] is not None:
            groups[m.group] = groups.get(m.group, 0) + 1
    return Evaluation(
        years=years,
        start={code: year for code, year in begins.items() if year is not None},
        value=float(value),
        used=used,
        frames={c: f for c, f in frames.items() if f},
        shortfalls=shortfalls,
        mandatory_missed=missed,
        requirement_missed=requirement,
        group_conflicts=tuple(g for g, n in groups.items() if n > 1),
        left_out=tuple(m for m in rows if begins[m.code] is None),
    )


def running_grid(rows: Sequence[PlanMeasure], years: Sequence[int], start: Mapping[str, int]) -> list[list[bool]]:
    """Per measure, whether it runs in each year."""
    return [[(s := start.get(m.code)) is not None and y >= s for y in years] for m in rows]


@dataclass(frozen=True)
class Amendment:
    """One endringsforslag: a measure whose start differs from the proposal's (None: left out)."""

    measure: PlanMeasure
    proposed: int | None
    alternative: int | None


def amendments(rows: Sequence[PlanMeasure], starts: Mapping[str, int | None]) -> list[Amendment]:
    """The changes an alternative makes to the proposal, in the plan's order."""
    return [Amendment(m, m.proposed_start, starts.get(m.code)) for m in rows if starts.get(m.code) != m.proposed_start]
