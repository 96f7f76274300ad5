"""``prioritet frontier``: the best value at each budget level, and which measures come and go."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from prioritet.engine import FrontierPoint, Measures

from .. import words
from ..words import _
from .common import table

if TYPE_CHECKING:
    from rich.console import RenderableType


@dataclass(frozen=True)
class FrontierOutput:
    measures: Measures
    points: Sequence[FrontierPoint]
    #: Columns whose budget moves from step to step; the rest stay fixed.
    ranged: tuple[str, ...]
    weights: Mapping[str, float]

    def _ids(self, mask: np.ndarray) -> list[str]:
        return [self.measures.ids[i] for i in np.flatnonzero(mask)]

    def json(self) -> dict[str, Any]:
        return {
            "points": [{"budget": p.budget, "value": p.value, "selected": self._ids(p.selected)} for p in self.points]
        }

    def csv(self) -> tuple[Sequence[str], Sequence[Sequence[object]]]:
        """Long format, one row per step and measure, which a pivot table turns into any layout."""
        m = self.measures
        columns = list(self.points[0].budget)
        header = ["step", *(f"budget_{c}" for c in columns), "value", "id", "name", "selected"]
        rows = [
            [step, *(p.budget[c] for c in columns), p.value, m.ids[i], m.names[i], int(p.selected[i])]
            for step, p in enumerate(self.points, start=1)
            for i in range(len(m))
        ]
        return header, rows

    def tables(self) -> Sequence[RenderableType]:
        fixed = [f"{c} = {words.amount(v)}" for c, v in self.points[0].budget.items() if c not in self.ranged]
        caption = words.weights(self.weights)
        if fixed:
            caption += ". " + _("Fixed budgets: %(budgets)s") % {"budgets": ", ".join(fixed)}
        out = table(_("Value for money (frontier): the best portfolio at each budget level"), caption)
        out.add_column(_("Step"), justify="right")
        for c in self.ranged:
            out.add_column(_("Budget %(column)s") % {"column": c}, justify="right")
            out.add_column(_("Used %(column)s") % {"column": c}, justify="right")
        out.add_column(_("Value"), justify="right")
        out.add_column(_("Count"), justify="right")
        out.add_column(_("Enter"))
        out.add_column(_("Leave"))
        for step, p in enumerate(self.points, start=1):
            levels = [words.amount(x) for c in self.ranged for x in (p.budget[c], p.used[c])]
            out.add_row(
                str(step),
                *levels,
                words.value(p.value),
                str(int(p.selected.sum())),
                ", ".join(self._ids(p.entered)),
                ", ".join(self._ids(p.left)),
            )
        return [out]
