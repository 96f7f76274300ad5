"""``prioritet plan``: the best plan over several years, as a measures × years grid."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from prioritet.engine import Criterion, Plan, PlanMeasures

from .. import words
from ..words import _
from .common import BENEFIT, SEVERITY, add_id_columns, mandatory_caption, mandatory_notes, table

if TYPE_CHECKING:
    from rich.console import RenderableType

#: Marks the year a measure starts in the table's grid.
START_MARK = "▶"


@dataclass(frozen=True)
class PlanOutput:
    measures: PlanMeasures
    plan: Plan

    def amounts(self, i: int) -> dict[str, list[float]]:
        """What measure ``i`` takes of each budgeted column in each year of the plan (0 when not running)."""
        p, m = self.plan, self.measures
        s = p.start[i]
        return {
            c: [
                0.0 if s is None or year < s else float(m.first[c][i] if year == s else m.running[c][i])
                for year in p.years
            ]
            for c in p.budget
        }

    def json(self) -> dict[str, Any]:
        p, ids = self.plan, self.measures.measures.ids
        return {
            "years": list(p.years),
            "value": p.value,
            "optimal": p.optimal,
            "start": {ids[i]: s for i, s in enumerate(p.start) if s is not None},
            "used": p.used,
            "budget": p.budget,
        }

    def csv(self) -> tuple[Sequence[str], Sequence[Sequence[object]]]:
        """One row per measure in file order: whether it runs in each year (1/0), then what it takes of
        each budgeted column in each year."""
        p, m = self.plan, self.measures.measures
        running = p.running()
        header = [
            "id",
            "name",
            "start",
            "mandatory",
            "benefit",
            "severity",
            "value",
            *(str(year) for year in p.years),
            *(f"{c}_{year}" for c in p.budget for year in p.years),
        ]
        rows = [
            [
                m.ids[i],
                m.names[i],
                "" if p.start[i] is None else p.start[i],
                int(m.mandatory[i]),
                int(m.scores[i, BENEFIT]),
                int(m.scores[i, SEVERITY]),
                float(p.measure_values[i]),
                *(int(r) for r in running[i]),
                *(amount for amounts in self.amounts(i).values() for amount in amounts),
            ]
            for i in range(len(m))
        ]
        return header, rows

    def tables(self) -> Sequence[RenderableType]:
        return [self._grid(), self._use(), self._left_out()]

    def _grid(self) -> RenderableType:
        p, m = self.plan, self.measures.measures
        notes = mandatory_notes(m)
        started = sorted(
            (i for i, s in enumerate(p.start) if s is not None),
            key=lambda i: (p.start[i], notes[i] == "", -p.measure_values[i], m.ids[i]),
        )
        caption = [
            words.weights(p.weights),
            _("A measure's value counts once for every year it runs; the budgets replace the resources criterion."),
            _("Each year shows what the measure takes of %(columns)s; %(mark)s marks the year it starts.")
            % {"columns": ", ".join(f"«{c}»" for c in p.budget), "mark": START_MARK},
            mandatory_caption(),
        ]
        if not p.optimal:
            caption.append(_("The solver stopped before it proved this plan the best."))
        out = table(
            _("Plan %(first)s–%(last)s: %(count)s of %(total)s measures started, total value %(value)s")
            % {
                "first": p.years[0],
                "last": p.years[-1],
                "count": len(started),
                "total": len(m),
                "value": words.value(p.value),
            },
            " ".join(caption),
        )
        add_id_columns(out)
        out.add_column(_("Value"), justify="right")
        for year in p.years:
            out.add_column(str(year), justify="right")
        out.add_column(_("Note"))
        for i in started:
            amounts = self.amounts(i)
            cells = []
            for t, year in enumerate(p.years):
                start_year = p.start[i]
                if start_year is None or year < start_year:
                    cells.append("")
                    continue
                shown = " · ".join(words.amount(amounts[c][t]) for c in p.budget)
                cells.append(f"{START_MARK} {shown}" if year == start_year else shown)
            out.add_row(m.ids[i], m.names[i], words.value(p.measure_values[i]), *cells, notes[i])
        return out

    def _use(self) -> RenderableType:
        p = self.plan
        out = table(_("Budgets year by year"))
        out.add_column(_("Column"))
        out.add_column("")
        for year in p.years:
            out.add_column(str(year), justify="right")
        for c, budget in p.budget.items():
            used = p.used[c]
            out.add_row(c, _("Used"), *(words.amount(u) for u in used))
            out.add_row("", _("Budget"), *(words.amount(b) for b in budget))
            out.add_row("", _("Left"), *(words.amount(b - u) for b, u in zip(budget, used, strict=True)))
        return out

    def _left_out(self) -> RenderableType:
        p, m = self.plan, self.measures.measures
        # Most severe consequence first, as the portfolio lists what it leaves out.
        left = sorted(
            (i for i, s in enumerate(p.start) if s is None),
            key=lambda i: (-m.scores[i, SEVERITY], -p.measure_values[i], m.ids[i]),
        )
        out = table(
            _("Measures never started: %(count)s") % {"count": len(left)},
            _("Severity = the consequence of not starting, postponing or ending the measure."),
        )
        add_id_columns(out)
        out.add_column(words.heading(Criterion.BENEFIT), justify="right")
        out.add_column(_("Severity if the measure is not carried out"))
        out.add_column(_("Value"), justify="right")
        out.add_column(_("Earliest start"), justify="right")
        first_year = p.years[0]
        for i in left:
            earliest = self.measures.earliest[i]
            out.add_row(
                m.ids[i],
                m.names[i],
                str(m.scores[i, BENEFIT]),
                words.score(Criterion.SEVERITY, int(m.scores[i, SEVERITY])),
                words.value(p.measure_values[i]),
                str(max(first_year, earliest) if earliest is not None else first_year),
            )
        return out
