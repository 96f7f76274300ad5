"""``prioritet frontier``: the best value at each budget level, and which measures come and go."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from rich.console import RenderableType

from prioritet.engine import FrontierPoint, Measures

from .. import nb
from .common import table


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
        fixed = [f"{c} = {nb.amount(v)}" for c, v in self.points[0].budget.items() if c not in self.ranged]
        caption = nb.weights(self.weights)
        if fixed:
            caption += ". Faste budsjetter (fixed budgets): " + ", ".join(fixed)
        out = table("Verdi for pengene (frontier): beste portefølje ved hvert budsjettnivå", caption)
        out.add_column("Steg", justify="right")
        for c in self.ranged:
            out.add_column(f"Budsjett {c}", justify="right")
            out.add_column(f"Brukt {c}", justify="right")
        out.add_column("Verdi", justify="right")
        out.add_column("Antall", justify="right")
        out.add_column("Kommer inn (enter)")
        out.add_column("Faller ut (leave)")
        for step, p in enumerate(self.points, start=1):
            levels = [nb.amount(x) for c in self.ranged for x in (p.budget[c], p.used[c])]
            out.add_row(
                str(step),
                *levels,
                nb.value(p.value),
                str(int(p.selected.sum())),
                ", ".join(self._ids(p.entered)),
                ", ".join(self._ids(p.left)),
            )
        return [out]
