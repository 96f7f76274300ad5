"""The engine's answers for a portfolio, computed once and kept in Django's cache.

Three analyses, each keyed on a fingerprint of the data that can change its numbers (the measures'
scores, amounts, mandatory flags, groups and *requires*, and the resource columns) plus what else it
depends on, so a page view never recomputes and an edit is never served a stale result:

* :func:`optimum`: the optimal portfolio for the budget, with the municipality's current weights
  (benefit and severity only; the budgets stand in for resources, methods §6.1);
* :func:`frontier`: the optimal portfolio at :data:`FRONTIER_STEPS` budget levels of one column,
  from what the mandatory measures need to the column's total, the other budgets fixed (methods §7);
  the levels between the ends are round amounts, and when the column has a budget, it is one of
  them (:func:`frontier_levels`);
* :func:`robustness`: the core index of every measure over all weights (``samples`` =
  :data:`SAMPLES`, seed :data:`SEED`), classified as always in, sometimes, never (methods §8).

The core index solves a mixed-integer program at every breakpoint of the optimal selection, which
for a few hundred measures takes minutes. Small portfolios are analysed in the request; larger ones
by a background task (``django.tasks``, run by ``manage.py db_worker``) whose state and result are a
:class:`~prioritet.portfolio.models.RobustnessAnalysis` row, shared by every web worker, while the
page says so and asks again. Reading never queues: :func:`queue_robustness` does, called by
:func:`prioritet.portfolio.services.request_robustness` from the pages that show it. Results are plain,
picklable dataclasses keyed by measure id (``code``).
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum

import numpy as np
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from prioritet import engine
from prioritet.core import formatting
from prioritet.core.records import TaskStatus
from prioritet.engine import VALUE_CRITERIA, BudgetRange, InfeasibleError, InputError, PortfolioModel
from prioritet.engine.robustness import Inclusion, inclusion

from .conversion import PortfolioData, describe_problems, portfolio_data
from .models import AnalysisKind, FrontierAnalysis, RobustnessAnalysis

logger = logging.getLogger(__name__)

#: Budget levels on the slider's frontier.
FRONTIER_STEPS = 21
#: Weight samples of the robustness analysis, and its seed (the same seed gives the same numbers).
SAMPLES = 2000
SEED = 0
#: How long results stay in the cache: they are keyed on the data, so they never go stale.
CACHE_SECONDS = 60 * 60 * 24 * 7
#: Portfolios up to this many measures get their robustness in the request; larger ones in the background.
ROBUSTNESS_INLINE_LIMIT = 50
#: The robustness analysis's budget of time (seconds) and each solve's: a 2,000-measure portfolio
#: completes within two minutes, on fewer samples when need be, and says so (issue 16 §4).
ROBUSTNESS_SECONDS = 90.0
ROBUSTNESS_SOLVE_SECONDS = 20.0
#: The core index is solved with benefit's weight rounded to whole multiples of 1/20 (5 percentage
#: points): 21 exact solves at most, seconds each at 2,000 measures, where arbitrary weights' near-ties
#: take HiGHS minutes a solve (docs/methods.md §8.3).
ROBUSTNESS_GRID = 20
#: A background computation running this long is taken to have died and is queued again.
ROBUSTNESS_LOCK_SECONDS = 60 * 30
#: How long a failed robustness computation is remembered before it is queued again.
FAILURE_SECONDS = 60 * 10
#: Portfolios with more measures than this get their budget levels and their optimum from a background
#: task, stored per data and weights (issue 16 §3); smaller ones are computed when read.
FRONTIER_INLINE_LIMIT = 200


# Results ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Optimum:
    """The optimal portfolio for the budget, or why there is none (``problems``, ``shortfall``)."""

    #: Ids (codes) of the selected measures, in the portfolio's order.
    selected: tuple[str, ...] = ()
    value: float = 0.0
    #: What the selection uses of every resource column (for the budgeted ones: the engine's ``used``).
    used: dict[str, float] = field(default_factory=dict)
    #: The limits, as the engine got them: only the columns with a budget.
    budget: dict[str, float] = field(default_factory=dict)
    #: The normalised weights of benefit and severity used.
    weights: dict[str, float] = field(default_factory=dict)
    #: Each measure's value (what it adds to the objective when selected), by id.
    values: dict[str, float] = field(default_factory=dict)
    problems: tuple[str, ...] = ()
    #: With mandatory measures that do not fit: how much each budget is short.
    shortfall: dict[str, float] = field(default_factory=dict)
    #: A large portfolio's optimum still being computed in the background (nothing to show yet).
    pending: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems and not self.pending

    @property
    def left_out(self) -> tuple[str, ...]:
        chosen = set(self.selected)
        return tuple(code for code in self.values if code not in chosen)


@dataclass(frozen=True)
class FrontierStep:
    budget: dict[str, float]
    used: dict[str, float]
    value: float
    selected: tuple[str, ...]
    #: Compared with the step before (the engine's ``entered`` and ``left``).
    entered: tuple[str, ...]
    left: tuple[str, ...]


@dataclass(frozen=True)
class Frontier:
    """The optimal portfolio at each budget level of ``column`` (the others held at ``fixed``)."""

    column: str
    start: float = 0.0
    stop: float = 0.0
    fixed: dict[str, float] = field(default_factory=dict)
    steps: tuple[FrontierStep, ...] = ()
    problems: tuple[str, ...] = ()
    #: A large portfolio's levels still being computed in the background (no steps yet).
    pending: bool = False
    #: Whether the column's budget (if it has one) is one of the levels; when not, a page shows the
    #: nearest level and says so, until the optimum at the exact budget is stored.
    exact: bool = True

    @property
    def ok(self) -> bool:
        return bool(self.steps) and not self.problems

    def nearest(self, amount: float | None) -> int:
        """The step whose budget is closest to ``amount`` (the last one when there is no amount)."""
        if not self.steps:
            return 0
        if amount is None:
            return len(self.steps) - 1
        levels = np.array([s.budget[self.column] for s in self.steps])
        return int(np.argmin(np.abs(levels - amount)))


class RobustnessStatus(StrEnum):
    READY = "ready"
    PENDING = "pending"
    NO_BUDGET = "no_budget"
    UNAVAILABLE = "unavailable"
    FAILED = "failed"


@dataclass(frozen=True)
class RobustnessResult:
    status: RobustnessStatus
    #: Core index by measure id: the share of weight samples in which it is in the optimal portfolio.
    core: dict[str, float] = field(default_factory=dict)
    #: The samples the core index rests on (fewer than :attr:`requested` when time ran out).
    samples: int = SAMPLES
    requested: int = SAMPLES
    stopped_early: bool = False
    #: Samples whose optimum no solve settled in time (counted out; the intervals count them in).
    unresolved: int = 0
    #: Each core index's 95 % Clopper–Pearson interval, by measure id (methods §8.3).
    low: dict[str, float] = field(default_factory=dict)
    high: dict[str, float] = field(default_factory=dict)
    seed: int = SEED
    solves: int = 0
    #: The grid benefit's weight was rounded to (its steps; 0: each weighting as drawn).
    grid: int = 0
    seconds: float = 0.0
    #: When a background computation started (epoch seconds), while pending.
    started: float | None = None
    problems: tuple[str, ...] = ()

    @property
    def ready(self) -> bool:
        return self.status == RobustnessStatus.READY

    @property
    def margin(self) -> float:
        """The widest distance from a core index to its interval's ends, in percentage points."""
        widths = [
            max(value - self.low.get(code, value), self.high.get(code, value) - value)
            for code, value in self.core.items()
        ]
        return round(100 * max(widths, default=0.0))

    @property
    def grid_note(self) -> str:
        """How the weightings were rounded for the core index (methods §8.3), empty when they were not."""
        if not self.grid:
            return ""
        return _(
            "Benefit's weight is taken in steps of %(step)s percentage points, and the best selection at each "
            "step is computed exactly."
        ) % {"step": formatting.amount(100 / self.grid)}

    @property
    def caveat(self) -> str:
        """What the reader must know when the analysis stopped early or left samples unresolved."""
        parts = []
        if self.stopped_early:
            parts.append(
                _(
                    "The analysis stopped at its time limit after %(used)s of %(requested)s weightings: each share "
                    "is uncertain by up to %(margin)s percentage points (95 %% confidence interval)."
                )
                % {
                    "used": formatting.amount(self.samples),
                    "requested": formatting.amount(self.requested),
                    "margin": formatting.amount(self.margin),
                }
            )
        if self.unresolved:
            parts.append(
                _("%(unresolved)s weightings could not be settled in time; the intervals allow for them.")
                % {"unresolved": formatting.amount(self.unresolved)}
            )
        return " ".join(parts)

    def classes(self) -> dict[str, Inclusion]:
        """Always, sometimes or never; when the analysis stopped early or left samples unresolved, a
        measure is "always" or "never" only if its whole interval says so (else "sometimes")."""
        if not (self.stopped_early or self.unresolved) or not self.low:
            return {code: inclusion(value) for code, value in self.core.items()}
        out = {}
        for code, value in self.core.items():
            low, high = inclusion(self.low.get(code, value)), inclusion(self.high.get(code, value))
            out[code] = low if low == high else Inclusion.SOMETIMES
        return out

    def counts(self) -> dict[Inclusion, int]:
        classes = list(self.classes().values())
        return {kind: classes.count(kind) for kind in Inclusion}


# Optimal portfolio ---------------------------------------------------------------------------------


def _problems(err: InputError | InfeasibleError, data: PortfolioData) -> tuple[str, ...]:
    """The engine's problems in the reader's language, naming measures rather than engine rows."""
    return tuple(describe_problems(err.problems, data))


def optimum(data: PortfolioData) -> Optimum:
    """The optimal selection within the portfolio's budget (all measures, when there is no budget)."""
    if data.measures is None or data.weights is None:
        return Optimum(problems=data.problems)
    budget = data.budget
    # The problems are worded in the reader's language, so each language has its own entry.
    key = "portfolio:optimum:" + data.key("optimum", budget, data.weights_key, formatting.language())
    cached = cache.get(key)
    if cached is not None:
        return cached
    out = stored_optimum(data) if stored(data) else None
    if out is None or out.pending:
        out = _compute_optimum(data)
    cache.set(key, out, CACHE_SECONDS)
    return out


def _compute_optimum(data: PortfolioData) -> Optimum:
    measures = data.measures
    if measures is None or data.weights is None:
        return Optimum(problems=data.problems)
    budget = data.budget
    try:
        result = engine.optimise(measures, budget, data.weights)
    except InfeasibleError as err:
        out = Optimum(problems=_problems(err, data), shortfall=dict(err.shortfall))
    except InputError as err:
        out = Optimum(problems=_problems(err, data))
    else:
        out = Optimum(
            selected=tuple(measures.ids[i] for i in np.flatnonzero(result.selected)),
            value=result.value,
            used={
                key: result.used[key] if key in result.used else float(values[result.selected].sum())
                for key, values in measures.resources.items()
            },
            budget=dict(result.budget),
            weights=dict(result.weights),
            values={code: float(v) for code, v in zip(measures.ids, result.measure_values, strict=True)},
        )
    return out


def measure_values(data: PortfolioData) -> dict[str, float]:
    """Each measure's value with the current weights (benefit and severity), by id."""
    if data.measures is None or data.weights is None:
        return {}
    values = engine.objective_values(data.measures, data.weights)
    return {code: float(v) for code, v in zip(data.measures.ids, values, strict=True)}


# Frontier -------------------------------------------------------------------------------------------


def frontier_columns(data: PortfolioData) -> list[str]:
    """Columns the slider can move: those some measure uses."""
    if data.measures is None:
        return []
    return [c.key for c in data.columns if float(np.sum(data.measures.resources[c.key])) > 0]


def default_frontier_column(data: PortfolioData) -> str | None:
    """The first budgeted column some measure uses, else the first column some measure uses."""
    usable = frontier_columns(data)
    budgeted = [key for key in usable if key in data.budget]
    return next(iter(budgeted or usable), None)


def frontier(data: PortfolioData, column: str, steps: int = FRONTIER_STEPS) -> Frontier:
    """The optimal portfolio at ``steps`` levels of ``column``'s budget, from what the mandatory
    measures need to the column's total; the other columns keep their budget. The column's own
    budget, if it has one, is one of the levels."""
    if data.measures is None or data.weights is None:
        return Frontier(column=column, problems=data.problems)
    measures = data.measures
    fixed = {k: v for k, v in data.budget.items() if k != column}
    anchor = data.budget.get(column)
    key = "portfolio:frontier:" + data.key(
        "frontier-round-levels", column, steps, fixed, anchor, data.weights_key, formatting.language()
    )
    cached = cache.get(key)
    if cached is not None:
        return cached
    out = stored_frontier(data, column) if stored(data) and steps == FRONTIER_STEPS else None
    if out is None or out.pending or not out.exact:
        out = _frontier(data, measures, column, steps, fixed, anchor)
    cache.set(key, out, CACHE_SECONDS)
    return out


def nice_step(raw: float) -> float:
    """The smallest step of 1, 2 or 5 times a power of ten at least ``raw``: budget levels a person
    would name («200 000», «0,5»), never «21 906 666,67»."""
    if not raw > 0 or not math.isfinite(raw):
        return 1.0
    power = 10.0 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw * (1 - 1e-12))


def frontier_levels(start: float, stop: float, anchor: float | None, steps: int) -> list[float]:
    """The budget levels of a frontier of about ``steps`` levels from ``start`` to ``stop``.

    The ends are what they mean (the legal minimum, everything); the levels between are the round
    multiples of :func:`nice_step` strictly inside, so no level shows øre. The column's budget
    (``anchor``), when it lies strictly between the ends, is a level too, so the slider starts
    exactly at the current budget and every level is compared with what it actually buys.
    """
    if not stop > start:
        return [start]
    step = nice_step((stop - start) / max(1, steps - 1))
    first = math.floor(start / step + 1e-9) + 1
    last = math.ceil(stop / step - 1e-9) - 1
    inner = [k * step for k in range(first, last + 1)]
    levels = [start, *inner, stop]
    span = stop - start
    if anchor is None or not start + 1e-9 * span < anchor < stop - 1e-9 * span:
        return levels
    if not any(math.isclose(anchor, level, rel_tol=1e-12, abs_tol=1e-9 * span) for level in levels):
        levels = sorted([*levels, anchor])
    return levels


def level_ranges(levels: list[float]) -> list[BudgetRange]:
    """The levels as the engine's evenly spaced ranges: each run of equal gaps one range, consecutive
    ranges sharing their meeting level (so the first level of every range but the first is dropped)."""
    ranges = []
    i = 0
    while i < len(levels) - 1:
        gap = levels[i + 1] - levels[i]
        j = i + 1
        while j + 1 < len(levels) and math.isclose(levels[j + 1] - levels[j], gap, rel_tol=1e-9):
            j += 1
        ranges.append(BudgetRange(levels[i], levels[j], j - i + 1))
        i = j
    return ranges


def frontier_ranges(start: float, stop: float, anchor: float | None, steps: int) -> list[BudgetRange]:
    """The engine's budget ranges for :func:`frontier_levels`; consecutive ranges share their meeting level."""
    return level_ranges(frontier_levels(start, stop, anchor, steps))


def _frontier(
    data: PortfolioData, measures, column: str, steps: int, fixed: dict[str, float], anchor: float | None
) -> Frontier:
    try:
        start = PortfolioModel(measures, (column,)).minimum_use()[column]
    except InputError as err:
        return Frontier(column=column, fixed=fixed, problems=_problems(err, data))
    stop = float(np.sum(measures.resource(column)))
    if not stop > start:
        return Frontier(column=column, start=start, stop=stop, fixed=fixed)
    points = []
    try:
        for k, budget_range in enumerate(frontier_ranges(start, stop, anchor, steps)):
            found = engine.frontier(measures, {column: budget_range}, fixed, data.weights)
            points += found[1:] if k else found  # the ranges share their meeting level
    except InfeasibleError as err:
        return Frontier(column=column, start=start, stop=stop, fixed=fixed, problems=_problems(err, data))
    except InputError as err:
        return Frontier(column=column, start=start, stop=stop, fixed=fixed, problems=_problems(err, data))
    ids = measures.ids
    levels = [
        (dict(p.budget), dict(p.used), p.value, tuple(ids[i] for i in np.flatnonzero(p.selected))) for p in points
    ]
    return Frontier(column=column, start=start, stop=stop, fixed=fixed, steps=_steps(levels, ids))


def _steps(
    levels: list[tuple[dict[str, float], dict[str, float], float, tuple[str, ...]]], ids: Sequence[str]
) -> tuple[FrontierStep, ...]:
    """Frontier steps from (budget, used, value, selected) per level, each with what enters and leaves
    compared with the level below (the engine's ``entered`` and ``left``, recomputed so they hold
    across ranges and inserted levels), in the portfolio's order."""
    order = {code: k for k, code in enumerate(ids)}
    out = []
    previous: set[str] = set()
    for budget, used, value, selected in levels:
        chosen = set(selected)
        out.append(
            FrontierStep(
                budget=budget,
                used=used,
                value=value,
                selected=tuple(sorted(chosen, key=order.__getitem__)),
                entered=tuple(sorted(chosen - previous, key=order.__getitem__)),
                left=tuple(sorted(previous - chosen, key=order.__getitem__)),
            )
        )
        previous = chosen
    return tuple(out)


# Stored budget levels and optimum (large portfolios) ---------------------------------------------


def stored(data: PortfolioData) -> bool:
    """Whether the portfolio is large enough that its levels and optimum come from a background task."""
    limit = getattr(settings, "PORTFOLIO_FRONTIER_INLINE_LIMIT", FRONTIER_INLINE_LIMIT)
    return data.measures is not None and len(data.measures) > limit


def frontier_fingerprint(data: PortfolioData, column: str) -> str:
    """What a column's stored levels depend on: the measures, the weights and the other columns'
    budgets, not the column's own budget (a budget change of the slider's column keeps them)."""
    fixed = {k: v for k, v in data.budget.items() if k != column}
    return data.key("frontier-stored", column, FRONTIER_STEPS, fixed, data.weights_key)


def optimum_fingerprint(data: PortfolioData) -> str:
    """What the stored optimum depends on: the measures, the weights and the whole budget."""
    return data.key("optimum-stored", data.budget, data.weights_key)


def _find_stored(data: PortfolioData, fingerprint: str) -> FrontierAnalysis | None:
    return FrontierAnalysis.objects.filter(portfolio=data.portfolio, fingerprint=fingerprint).first()


def _done(data: PortfolioData, fingerprint: str) -> FrontierAnalysis | None:
    """The stored result of ``fingerprint`` when it is done, read through the cache (a read)."""
    key = "portfolio:stored:" + fingerprint
    cached = cache.get(key)
    if cached is not None:
        return cached
    record = _find_stored(data, fingerprint)
    if record is None or record.status not in (TaskStatus.DONE, TaskStatus.FAILED):
        return None
    if record.status == TaskStatus.DONE:
        cache.set(key, record, CACHE_SECONDS)
    return record


def stored_optimum(data: PortfolioData) -> Optimum:
    """A large portfolio's optimum at its budget as stored by the background task; pending until then."""
    if data.measures is None or data.weights is None:
        return Optimum(problems=data.problems)
    record = _done(data, optimum_fingerprint(data))
    if record is None:
        return Optimum(pending=True)
    result = record.result
    if record.status == TaskStatus.FAILED or result.get("problems"):
        return Optimum(
            problems=tuple(result.get("problems") or [_("The optimum could not be computed.")]),
            shortfall=result.get("shortfall", {}),
        )
    return Optimum(
        selected=tuple(result["selected"]),
        value=result["value"],
        used=result["used"],
        budget=result["budget"],
        weights=result["weights"],
        values=measure_values(data),
    )


def stored_frontier(data: PortfolioData, column: str) -> Frontier:
    """A large portfolio's levels of ``column`` as stored, with the optimum at the exact budget among
    them once that is stored too; pending while the levels are computed.

    Until the exact optimum is there, :attr:`Frontier.exact` is false when the column's budget lies
    between the levels, and the page shows the nearest level and says so.
    """
    fixed = {k: v for k, v in data.budget.items() if k != column}
    if data.measures is None or data.weights is None:
        return Frontier(column=column, fixed=fixed, problems=data.problems)
    record = _done(data, frontier_fingerprint(data, column))
    if record is None:
        return Frontier(column=column, fixed=fixed, pending=True)
    result = record.result
    start, stop = result.get("start", 0.0), result.get("stop", 0.0)
    if record.status == TaskStatus.FAILED or result.get("problems"):
        problems = tuple(result.get("problems") or [_("The budget levels could not be computed.")])
        return Frontier(column=column, start=start, stop=stop, fixed=fixed, problems=problems)
    levels = [(s["budget"], s["used"], s["value"], tuple(s["selected"])) for s in result.get("steps", [])]
    anchor = data.budget.get(column)
    # Exact when the budget is a level, or lies outside them (the nearest end buys what it buys).
    exact = (
        anchor is None
        or not start < anchor < stop
        or any(math.isclose(level[0][column], anchor, rel_tol=1e-12) for level in levels)
    )
    if not exact:
        best = stored_optimum(data)
        if best.ok:
            levels.append(({**fixed, column: anchor}, best.used, best.value, best.selected))
            levels.sort(key=lambda level: level[0][column])
            exact = True
    steps = _steps(levels, data.measures.ids)
    return Frontier(column=column, start=start, stop=stop, fixed=fixed, steps=steps, exact=exact)


def page_optimum(data: PortfolioData) -> Optimum:
    """The optimum the workspace shows: a large portfolio's as stored (pending until it is), else computed."""
    return stored_optimum(data) if stored(data) else optimum(data)


def page_frontier(data: PortfolioData, column: str) -> Frontier:
    """The levels the workspace shows: a large portfolio's as stored (pending until they are), else computed."""
    return stored_frontier(data, column) if stored(data) else frontier(data, column)


def queue_stored(data: PortfolioData, columns: Sequence[str] = ()) -> list[FrontierAnalysis]:
    """Queue the background work a large portfolio's workspace reads: the levels of the default
    column (and of ``columns``) and the optimum at the budget, each unless stored or running.

    Called by the services that change the data and by the workspace's POST, never by a GET. Each
    row is unique per portfolio and inputs, so concurrent callers queue each computation once.
    """
    if not stored(data) or data.weights is None:
        return []
    usable = frontier_columns(data)
    wanted = [c for c in (default_frontier_column(data), *columns) if c in usable]
    records = [
        _queue_stored(data, frontier_fingerprint(data, c), AnalysisKind.FRONTIER, c) for c in dict.fromkeys(wanted)
    ]
    records.append(_queue_stored(data, optimum_fingerprint(data), AnalysisKind.OPTIMUM, ""))
    return records


def _queue_stored(data: PortfolioData, fingerprint: str, kind: AnalysisKind, column: str) -> FrontierAnalysis:
    from .tasks import run_frontier_analysis

    portfolio = data.portfolio
    with transaction.atomic():
        record, created = FrontierAnalysis.objects.get_or_create(
            portfolio=portfolio,
            fingerprint=fingerprint,
            defaults={
                "municipality_id": portfolio.municipality_id,
                "kind": kind,
                "column": column,
                "language": formatting.language(),
            },
        )
        if not created and not _retry(record):
            return record
        record.queued_as(run_frontier_analysis.enqueue(record.pk).id)
    record.refresh_from_db()
    return record


def run_stored(record_id: int) -> str:
    """Compute queued levels or a queued optimum and store them (the task's body); the final status.

    As :func:`run_robustness`: claimed once, and failed when the data changed while it waited (the
    page queues the analysis of the new data). Problems are worded in the queuing request's language.
    """
    record = FrontierAnalysis.objects.select_related("portfolio__municipality", "portfolio__case").get(pk=record_id)
    if not record.start():
        return record.status
    began = time.perf_counter()
    outcome: dict[str, object]
    with translation.override(record.language or None):
        try:
            data = portfolio_data(record.portfolio)
            outcome = _stored_outcome(record, data)
        except Exception:  # the worker logs the task's traceback; the row must not stay "running"
            logger.exception("budget level analysis %s failed", record_id)
            outcome = {"problems": [_("The budget levels could not be computed.")]}
    if outcome.pop("changed", False):
        # Another fingerprint's work now: the row goes, so the data's return to these inputs queues it again.
        record.delete()
        return TaskStatus.FAILED
    (record.fail if outcome.get("problems") else record.finish)(result=outcome, seconds=time.perf_counter() - began)
    return record.status


def _stored_outcome(record: FrontierAnalysis, data: PortfolioData) -> dict[str, object]:
    if record.kind == AnalysisKind.OPTIMUM:
        if data.measures is None or data.weights is None or optimum_fingerprint(data) != record.fingerprint:
            return {"changed": True}
        best = _compute_optimum(data)
        return {
            "selected": list(best.selected),
            "value": best.value,
            "used": best.used,
            "budget": best.budget,
            "weights": best.weights,
            "problems": [str(p) for p in best.problems],
            "shortfall": best.shortfall,
        }
    column = record.column
    if data.measures is None or data.weights is None or frontier_fingerprint(data, column) != record.fingerprint:
        return {"changed": True, "problems": [_("The portfolio changed while the analysis waited.")]}
    fixed = {k: v for k, v in data.budget.items() if k != column}
    front = _frontier(data, data.measures, column, FRONTIER_STEPS, fixed, None)
    return {
        "start": front.start,
        "stop": front.stop,
        "steps": [
            {"budget": s.budget, "used": s.used, "value": s.value, "selected": list(s.selected)} for s in front.steps
        ],
        "problems": [str(p) for p in front.problems],
    }


# Robustness ---------------------------------------------------------------------------------------


def robustness_fingerprint(data: PortfolioData) -> str:
    """What the robustness analysis depends on: the measures, the budget, the samples, the seed and the grid."""
    return data.key("robustness", data.budget, SAMPLES, SEED, ROBUSTNESS_GRID)


def robustness(data: PortfolioData) -> RobustnessResult:
    """The core index of every measure for the portfolio's budget, from the cache when it can be; a read.

    Portfolios of up to :data:`ROBUSTNESS_INLINE_LIMIT` measures are computed at once. Larger ones
    are a :class:`~prioritet.portfolio.models.RobustnessAnalysis` row computed by a background task
    that :func:`queue_robustness` starts; until the task has stored the result (or before anyone
    asked for it) they come back ``PENDING``. The analysis samples all weights of benefit and
    severity, so it does not depend on the municipality's current weights.
    """
    budget = data.budget
    if data.measures is None:
        return RobustnessResult(RobustnessStatus.UNAVAILABLE, problems=data.problems)
    if not budget:
        return RobustnessResult(RobustnessStatus.NO_BUDGET)
    fingerprint = robustness_fingerprint(data)
    key = "portfolio:robustness:" + fingerprint
    cached = cache.get(key)
    if cached is not None:
        return cached
    if not _in_background(data):
        result = _compute_robustness(data.measures, budget, data)
        cache.set(key, result, FAILURE_SECONDS if result.status == RobustnessStatus.FAILED else CACHE_SECONDS)
        return result
    record = _find_robustness(data, fingerprint)
    if record is None:
        return RobustnessResult(RobustnessStatus.PENDING)
    result = _result_of(record)
    if result.status == RobustnessStatus.READY:
        cache.set(key, result, CACHE_SECONDS)
    return result


def queue_robustness(data: PortfolioData) -> None:
    """Start the background analysis of a large portfolio with a budget, unless it is stored or running.

    The row is unique per portfolio and inputs, so every web worker asking for the same analysis
    finds the same row and the computation runs once. Small portfolios are computed when read.
    """
    if data.measures is None or not data.budget or not _in_background(data):
        return
    fingerprint = robustness_fingerprint(data)
    if cache.get("portfolio:robustness:" + fingerprint) is None:
        _queue_robustness(data, fingerprint)


def _in_background(data: PortfolioData) -> bool:
    """Whether the portfolio is too large to compute its robustness while the user waits."""
    limit = getattr(settings, "PORTFOLIO_ROBUSTNESS_INLINE_LIMIT", ROBUSTNESS_INLINE_LIMIT)
    return data.measures is not None and len(data.measures) > limit


def _find_robustness(data: PortfolioData, fingerprint: str) -> RobustnessAnalysis | None:
    return RobustnessAnalysis.objects.filter(portfolio=data.portfolio, fingerprint=fingerprint).first()


def _queue_robustness(data: PortfolioData, fingerprint: str) -> RobustnessAnalysis:
    """The analysis of these inputs: found, or made and queued, in one transaction.

    A concurrent request for the same inputs waits on the unique (portfolio, fingerprint) row and
    then finds it, so exactly one task is queued. A failed analysis is queued again after
    :data:`FAILURE_SECONDS`, one whose worker died after :data:`ROBUSTNESS_LOCK_SECONDS`.
    """
    from .tasks import run_robustness_analysis

    portfolio = data.portfolio
    with transaction.atomic():
        record, created = RobustnessAnalysis.objects.get_or_create(
            portfolio=portfolio, fingerprint=fingerprint, defaults={"municipality_id": portfolio.municipality_id}
        )
        if not created and not _retry(record):
            return record
        record.queued_as(run_robustness_analysis.enqueue(record.pk).id)
    record.refresh_from_db()
    return record


def _retry(record: RobustnessAnalysis | FrontierAnalysis) -> bool:
    """Queue a failed or abandoned analysis again; True when this call did (one caller wins)."""
    now = timezone.now()
    stale = Q(status=TaskStatus.FAILED, finished_at__lt=now - timedelta(seconds=FAILURE_SECONDS)) | Q(
        status=TaskStatus.RUNNING, started_at__lt=now - timedelta(seconds=ROBUSTNESS_LOCK_SECONDS)
    )
    reset: dict[str, object] = {"status": TaskStatus.QUEUED, "result": {}, "started_at": None, "finished_at": None}
    return bool(type(record).objects.filter(stale, pk=record.pk).update(**reset))


def _result_of(record: RobustnessAnalysis) -> RobustnessResult:
    """The stored analysis as the pages and reports read it."""
    if record.status == TaskStatus.DONE:
        return RobustnessResult(
            RobustnessStatus.READY,
            core=record.result.get("core", {}),
            samples=record.result.get("samples", SAMPLES),
            requested=record.result.get("requested", SAMPLES),
            stopped_early=record.result.get("stopped_early", False),
            unresolved=record.result.get("unresolved", 0),
            low=record.result.get("low", {}),
            high=record.result.get("high", {}),
            seed=record.result.get("seed", SEED),
            solves=record.result.get("solves", 0),
            grid=record.result.get("grid", 0),
            seconds=record.seconds or 0.0,
        )
    if record.status == TaskStatus.FAILED:
        return RobustnessResult(RobustnessStatus.FAILED, problems=tuple(record.result.get("problems", ())))
    started = record.started_at or record.created_at
    return RobustnessResult(RobustnessStatus.PENDING, started=started.timestamp() if started else None)


def run_robustness(record_id: int) -> str:
    """Compute a queued analysis and store its result (the task's body); returns the final status.

    The worker claims the row (queued → running) first, so a task delivered twice computes once.
    The portfolio is read again: when it has changed since the request, the analysis of the old
    inputs fails, and the page asks for the analysis of the new ones.
    """
    record = RobustnessAnalysis.objects.select_related("portfolio__municipality", "portfolio__case").get(pk=record_id)
    if not record.start():
        return record.status
    try:
        data = portfolio_data(record.portfolio)
        if data.measures is None or not data.budget or robustness_fingerprint(data) != record.fingerprint:
            result = RobustnessResult(
                RobustnessStatus.FAILED, problems=(_("The portfolio changed while the analysis waited."),)
            )
        else:
            result = _compute_robustness(data.measures, data.budget, data)
    except Exception:  # the worker logs the task's traceback; the row must not stay "running"
        logger.exception("robustness analysis %s failed", record_id)
        result = RobustnessResult(RobustnessStatus.FAILED, problems=(_("The robustness analysis failed."),))
    outcome = {
        "core": result.core,
        "samples": result.samples,
        "requested": result.requested,
        "stopped_early": result.stopped_early,
        "unresolved": result.unresolved,
        "low": result.low,
        "high": result.high,
        "seed": result.seed,
        "solves": result.solves,
        "grid": result.grid,
        "problems": [str(p) for p in result.problems],
    }
    (record.finish if result.ready else record.fail)(result=outcome, seconds=result.seconds)
    return record.status


def _compute_robustness(measures, budget: dict[str, float], data: PortfolioData) -> RobustnessResult:
    began = time.perf_counter()
    try:
        # Only the core index is shown: no rank acceptability, so no n × n matrix (issue 16 §4).
        result = engine.robustness(
            measures,
            SAMPLES,
            SEED,
            budget,
            top=0,
            time_limit=getattr(settings, "PORTFOLIO_ROBUSTNESS_SECONDS", ROBUSTNESS_SECONDS),
            solve_time_limit=ROBUSTNESS_SOLVE_SECONDS,
            grid=ROBUSTNESS_GRID,
        )
    except (InfeasibleError, InputError) as err:
        return RobustnessResult(RobustnessStatus.FAILED, problems=_problems(err, data))
    core = result.core_index if result.core_index is not None else np.zeros(len(measures))
    low = result.core_low if result.core_low is not None else np.zeros(len(measures))
    high = result.core_high if result.core_high is not None else np.ones(len(measures))

    def by_id(values) -> dict[str, float]:
        return {code: float(v) for code, v in zip(measures.ids, values, strict=True)}

    return RobustnessResult(
        RobustnessStatus.READY,
        core=by_id(core),
        samples=result.core_samples,
        requested=result.samples,
        stopped_early=result.stopped_early,
        unresolved=result.core_unresolved,
        low=by_id(low),
        high=by_id(high),
        seed=result.seed,
        solves=result.solves,
        grid=result.grid or 0,
        seconds=time.perf_counter() - began,
    )


__all__ = [
    "FRONTIER_STEPS",
    "SAMPLES",
    "SEED",
    "VALUE_CRITERIA",
    "Frontier",
    "FrontierStep",
    "Inclusion",
    "Optimum",
    "RobustnessResult",
    "RobustnessStatus",
    "default_frontier_column",
    "frontier",
    "frontier_columns",
    "inclusion",
    "measure_values",
    "optimum",
    "page_frontier",
    "page_optimum",
    "queue_stored",
    "robustness",
    "robustness_fingerprint",
    "run_robustness",
    "run_stored",
    "stored",
]
