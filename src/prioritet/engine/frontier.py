"""The value-for-money curve: the optimal portfolio at each of a range of budget levels."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from .measures import BoolArray, Measures
from .portfolio import PortfolioModel, objective_values, value_weights
from .problems import Code, InputError, Problem
from .weights import Weights


@dataclass(frozen=True)
class FrontierPoint:
    budget: dict[str, float]
    value: float
    selected: BoolArray
    used: dict[str, float]
    #: Measures that come in, and go out, compared with the previous (smaller) budget level.
    entered: BoolArray
    left: BoolArray


@dataclass(frozen=True)
class BudgetRange:
    start: float
    stop: float
    steps: int

    def levels(self) -> np.ndarray:
        return np.linspace(self.start, self.stop, self.steps)


def frontier(
    measures: Measures,
    ranges: Mapping[str, BudgetRange],
    fixed: Mapping[str, float] | None = None,
    weights: Weights | None = None,
) -> list[FrontierPoint]:
    """Solve the portfolio at every step. Several ranged budgets move in lockstep, so they must
    have the same number of steps; ``fixed`` budgets stay put."""
    fixed = dict(fixed or {})
    steps = {r.steps for r in ranges.values()}
    problems = [Problem(Code.RANGE_STEPS, {"column": c, "steps": r.steps}) for c, r in ranges.items() if r.steps < 2]
    problems += [
        Problem(Code.RANGE_ORDER, {"column": c, "start": float(r.start), "stop": float(r.stop)})
        for c, r in ranges.items()
        if not r.start < r.stop
    ]
    problems += [Problem(Code.RANGE_AND_FIXED, {"column": c}) for c in ranges if c in fixed]
    if len(steps) > 1:
        problems.append(Problem(Code.RANGE_STEPS_DIFFER))
    if not ranges:
        problems.append(Problem(Code.RANGE_MISSING))
    if problems:
        raise InputError(problems)
    model = PortfolioModel(measures, (*ranges, *fixed))
    values = objective_values(measures, value_weights(weights))
    levels = {c: r.levels() for c, r in ranges.items()}
    previous = np.zeros(len(measures), dtype=bool)
    points: list[FrontierPoint] = []
    for step in range(steps.pop()):
        budget = {**{c: float(lv[step]) for c, lv in levels.items()}, **fixed}
        # Each step starts from the previous optimum: with budgets rising it is still feasible, so
        # it seeds the incumbent that the bound-and-fix solve must beat (monotone where that holds).
        selected = model.solve(values, budget, start=previous if step else None)
        points.append(
            FrontierPoint(
                budget=budget,
                value=float(values[selected].sum()),
                selected=selected,
                used={c: float(model.usage[k][selected].sum()) for k, c in enumerate(model.columns)},
                entered=selected & ~previous if step else selected.copy(),
                left=previous & ~selected,
            )
        )
        previous = selected
    return points
