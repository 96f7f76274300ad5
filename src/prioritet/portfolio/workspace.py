"""The portfolio workspace as its page shows it: measure rows, use of the budget, the budget slider.

A presenter over the selectors' reads, so the view only parses the request, adds its forms and
renders. Nothing here writes, and nothing knows of the request.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from prioritet.core import formatting

from . import selectors
from .bands import ResourceCheck, resource_checks
from .models import Measure, Portfolio
from .selectors import Frontier, Optimum, PortfolioData, RobustnessResult


@dataclass
class MeasureRow:
    """One measure in the workspace table: its amounts, whether the optimum takes it, value and robustness."""

    measure: Measure
    amounts: list[float]
    selected: bool
    value: float | None
    core: float | None
    robustness: str | None
    problems: list[str]
    #: The resource score beside the one the amounts give with the municipality's bands.
    resources: ResourceCheck | None = None


def workspace(portfolio: Portfolio, data: PortfolioData, best: Optimum, robustness: RobustnessResult) -> dict[str, Any]:
    """The workspace's figures: every measure's row, the use of each resource column, what is left out."""
    classes = robustness.classes() if robustness.ready else {}
    selected = set(best.selected)
    values = best.values if best.ok else selectors.measure_values(data)
    checks = resource_checks(data)
    rows = [
        MeasureRow(
            measure=m,
            amounts=[data.amount(m, c) for c in data.columns],
            selected=m.code in selected,
            value=values.get(m.code),
            core=robustness.core.get(m.code) if robustness.ready else None,
            robustness=classes.get(m.code),
            problems=data.measure_problems.get(m.pk, []),
            resources=checks.get(m.pk),
        )
        for m in data.rows
    ]
    use = [
        {
            "column": c,
            "used": best.used.get(c.key) if best.ok else None,
            "total": sum(r.amounts[k] for r in rows),
            "budget": data.budget.get(c.key),
            "free": (data.budget[c.key] - best.used.get(c.key, 0.0)) if best.ok and c.key in data.budget else None,
        }
        for k, c in enumerate(data.columns)
    ]
    return {
        "portfolio": portfolio,
        "case": portfolio.case,
        "data": data,
        "optimum": best,
        "rows": rows,
        "use": use,
        "selected_rows": [r for r in rows if r.selected],
        "left_out": selectors.left_out_by_severity((m for m in data.rows if m.code not in selected), values)
        if best.ok
        else [],
        "robustness": robustness,
        "scenario_checks": [(s, selectors.check_scenario(data, s)) for s in selectors.scenarios_of(portfolio)],
        "weights": data.weight_version,
        "weights_shares": best.weights if best.ok else {},
        "banded": any(c.derived is not None for c in checks.values()),
        "resource_warnings": sum(1 for c in checks.values() if c.differs),
    }


def slider(data: PortfolioData, best: Optimum, column: str | None, point: int | None) -> dict[str, Any]:
    """The budget slider's state: column, frontier, chosen step, and the step's comparison with the optimum.

    ``column`` and ``point`` are what the user asked for; an unusable column falls back to the
    default one, a step out of range to the one nearest the portfolio's budget.
    """
    usable = selectors.frontier_columns(data)
    choices = [(c.key, str(c)) for c in data.columns if c.key in usable]
    if column not in usable:
        column = selectors.default_frontier_column(data)
    if column is None:
        return {"column": None, "choices": choices}
    front = selectors.frontier(data, column)
    if point is None or not 0 <= point < len(front.steps):
        point = front.nearest(data.budget.get(column))
    context = {
        "column": column,
        "column_obj": data.column_by_key[column],
        "choices": choices,
        "frontier": front,
        "point": point,
        "labels": [formatting.amount(s.budget[column]) for s in front.steps],
    }
    if front.ok:
        context.update(_step(data, best, front, point))
    return context


def _step(data: PortfolioData, best: Optimum, front: Frontier, point: int) -> dict[str, Any]:
    step = front.steps[point]
    chosen = set(step.selected)
    baseline = set(best.selected) if best.ok else set()
    values = best.values if best.ok else selectors.measure_values(data)
    by_code = data.by_code
    left_out = selectors.left_out_by_severity((m for m in data.rows if m.code not in chosen), values)
    return {
        "step": step,
        "step_number": point + 1,
        "step_used": step.used.get(front.column, 0.0),
        "step_budget": step.budget[front.column],
        "entering": [by_code[c] for c in step.selected if c not in baseline],
        "leaving": selectors.left_out_by_severity((by_code[c] for c in baseline if c not in chosen), values),
        "step_entered": [by_code[c] for c in step.entered],
        "step_left": [by_code[c] for c in step.left],
        "step_left_out": left_out,
        "has_baseline": best.ok,
        "values": values,
    }
