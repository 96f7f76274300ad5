"""``prioritet portfolio``: the best set of measures within the budgets, and what is left out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from prioritet.engine import Criterion, Measures, Portfolio

from .. import words
from ..words import _
from .common import BENEFIT, SEVERITY, add_id_columns, mandatory_caption, mandatory_notes, table

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.table import Table


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
            _("Selected measures: %(count)s of %(total)s, total value %(value)s")
            % {"count": len(chosen), "total": len(m), "value": words.value(p.value)},
            f"{words.weights(p.weights)}. {_('The budgets replace the resources criterion.')} {mandatory_caption()}",
        )
        self._columns(out)
        out.add_column(_("Note"))
        for i in chosen:
            out.add_row(*self._cells(i), notes[i])
        return out

    def _use(self) -> RenderableType:
        p = self.portfolio
        out = table(_("Resources used"))
        out.add_column(_("Column"))
        for heading in (_("Used"), _("Budget"), _("Left")):
            out.add_column(heading, justify="right")
        for c, budget in p.budget.items():
            out.add_row(c, words.amount(p.used[c]), words.amount(budget), words.amount(budget - p.used[c]))
        return out

    def _left_out(self) -> RenderableType:
        m, p = self.measures, self.portfolio
        # Most severe consequence first: what the municipality accepts by not doing these.
        left = sorted(
            map(int, np.flatnonzero(~p.selected)),
            key=lambda i: (-m.scores[i, SEVERITY], -p.measure_values[i], m.ids[i]),
        )
        out = table(
            _("Measures left out: %(count)s") % {"count": len(left)},
            _("Severity = the consequence of not starting, postponing or ending the measure."),
        )
        self._columns(out, severity_heading=_("Severity if the measure is not carried out"))
        for i in left:
            out.add_row(*self._cells(i))
        return out

    def _columns(self, out: Table, severity_heading: str | None = None) -> None:
        add_id_columns(out)
        out.add_column(words.heading(Criterion.BENEFIT), justify="right")
        out.add_column(severity_heading or words.heading(Criterion.SEVERITY))
        out.add_column(_("Value"), justify="right")
        for c in self.portfolio.budget:
            out.add_column(c, justify="right")

    def _cells(self, i: int) -> list[str]:
        m, p = self.measures, self.portfolio
        return [
            m.ids[i],
            m.names[i],
            str(m.scores[i, BENEFIT]),
            words.score(Criterion.SEVERITY, int(m.scores[i, SEVERITY])),
            words.value(p.measure_values[i]),
            *(words.amount(m.resources[c][i]) for c in p.budget),
        ]
