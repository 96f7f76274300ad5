"""``prioritet portfolio``: the best set of measures within the budgets, and what is left out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from rich.console import RenderableType
from rich.table import Table

from prioritet.engine import Criterion, Measures, Portfolio

from .. import nb
from .common import BENEFIT, MANDATORY_CAPTION, SEVERITY, add_id_columns, mandatory_notes, table


@dataclass(frozen=True)
class PortfolioOutput:
    measures: Measures
    portfolio: Portfolio

    def json(self) -> dict[str, Any]:
        m, p = self.measures, self.portfolio
        return {
            "selected": [m.ids[i] for i in np.flatnonzero(p.selected)],
            "excluded": [m.ids[i] for i in np.flatnonzero(~p.selected)],
            "value": p.value,
            "used": p.used,
            "budget": p.budget,
            "optimal": p.optimal,
        }

    def csv(self) -> tuple[Sequence[str], Sequence[Sequence[object]]]:
        m, p = self.measures, self.portfolio
        columns = list(p.budget)
        header = ["id", "name", "selected", "mandatory", "benefit", "severity", "value", *columns]
        rows = [
            [
                m.ids[i],
                m.names[i],
                int(p.selected[i]),
                int(m.mandatory[i]),
                int(m.scores[i, BENEFIT]),
                int(m.scores[i, SEVERITY]),
                float(p.measure_values[i]),
                *(float(m.resources[c][i]) for c in columns),
            ]
            for i in range(len(m))
        ]
        return header, rows

    def tables(self) -> Sequence[RenderableType]:
        return [self._selected(), self._use(), self._left_out()]

    def _selected(self) -> RenderableType:
        m, p = self.measures, self.portfolio
        notes = mandatory_notes(m)
        chosen = sorted(
            map(int, np.flatnonzero(p.selected)), key=lambda i: (notes[i] == "", -p.measure_values[i], m.ids[i])
        )
        out = table(
            f"Valgte tiltak (selected): {len(chosen)} av {len(m)}, samlet verdi {nb.value(p.value)}",
            nb.weights(p.weights)
            + ". Budsjettene erstatter ressurskriteriet (budgets replace resources). "
            + MANDATORY_CAPTION,
        )
        self._columns(out)
        out.add_column("Merknad")
        for i in chosen:
            out.add_row(*self._cells(i), notes[i])
        return out

    def _use(self) -> RenderableType:
        p = self.portfolio
        out = table("Ressursbruk (resources used)")
        for heading in ("Kolonne", "Brukt", "Budsjett", "Ledig"):
            out.add_column(heading, justify="left" if heading == "Kolonne" else "right")
        for c, budget in p.budget.items():
            out.add_row(c, nb.amount(p.used[c]), nb.amount(budget), nb.amount(budget - p.used[c]))
        return out

    def _left_out(self) -> RenderableType:
        m, p = self.measures, self.portfolio
        # Most severe consequence first: what the municipality accepts by not doing these.
        left = sorted(
            map(int, np.flatnonzero(~p.selected)),
            key=lambda i: (-m.scores[i, SEVERITY], -p.measure_values[i], m.ids[i]),
        )
        out = table(
            f"Ikke med (left out): {len(left)} tiltak",
            "Alvorlighet = konsekvensen av å ikke iverksette, utsette eller avslutte tiltaket.",
        )
        self._columns(out, severity_heading=nb.SEVERITY_IF_LEFT_OUT)
        for i in left:
            out.add_row(*self._cells(i))
        return out

    def _columns(self, out: Table, severity_heading: str = "Alvorlighet") -> None:
        add_id_columns(out)
        out.add_column(nb.LABEL[Criterion.BENEFIT], justify="right")
        out.add_column(severity_heading)
        out.add_column("Verdi", justify="right")
        for c in self.portfolio.budget:
            out.add_column(c, justify="right")

    def _cells(self, i: int) -> list[str]:
        m, p = self.measures, self.portfolio
        return [
            m.ids[i],
            m.names[i],
            str(m.scores[i, BENEFIT]),
            nb.score(Criterion.SEVERITY, int(m.scores[i, SEVERITY])),
            nb.value(p.measure_values[i]),
            *(nb.amount(m.resources[c][i]) for c in p.budget),
        ]
