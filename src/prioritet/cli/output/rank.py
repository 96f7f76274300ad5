"""``prioritet rank``: every measure in priority order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from prioritet.core.messages import REFERENCE, gettext_noop
from prioritet.engine import CRITERIA, Measures, Method, Ranking, Reference, priority_band

from .. import words
from ..render import Columns
from ..words import _
from .common import add_id_columns, mandatory_caption, mandatory_notes, table

if TYPE_CHECKING:
    from rich.console import RenderableType

_TITLE = {
    Method.ADDITIVE: gettext_noop("Ranking – priority matrix, weighted sum (additive)"),
    Method.TOPSIS: gettext_noop("Ranking – TOPSIS, closeness to the ideal measure"),
}


@dataclass(frozen=True)
class RankOutput:
    measures: Measures
    ranking: Ranking
    #: The row marked ``baseline`` («no action»): not in the order, reported apart.
    reference: Reference | None = None

    def reference_line(self) -> str | None:
        """«Referanse: b0 – Ikke starte» in the language of the run, or None without a reference."""
        if self.reference is None:
            return None
        measure = f"{self.reference.id} – {self.reference.name}"
        return _(REFERENCE) % {"measure": measure}

    def json(self) -> dict[str, Any]:
        m, r = self.measures, self.ranking
        ranks = r.ranks()
        return {
            "method": r.method.value,
            "weights": r.weights,
            "ranking": [
                {"id": m.ids[i], "name": m.names[i], "rank": int(ranks[i]), "value": float(r.values[i])}
                for i in r.order
            ],
            "baseline": None if self.reference is None else {"id": self.reference.id, "name": self.reference.name},
        }

    def csv(self) -> tuple[Sequence[str], Columns]:
        m, r = self.measures, self.ranking
        ranks = r.ranks()
        header = ["rank", "id", "name", *(c.value for c in CRITERIA), "value"]
        # Column by column: a file of 100,000 measures is written in a blink (:class:`Columns`).
        order = r.order
        columns = [
            ranks[order],
            np.asarray(m.ids, dtype=object)[order].tolist(),
            np.asarray(m.names, dtype=object)[order].tolist(),
            *m.scores[order].T,
            r.values[order],
        ]
        line = self.reference_line()
        return header, Columns(columns, [[line]] if line else [])

    def tables(self) -> Sequence[RenderableType]:
        m, r = self.measures, self.ranking
        # Bands read an additive value on its 0–1 scale; a TOPSIS closeness is relative to the set.
        bands = r.method is Method.ADDITIVE
        notes = mandatory_notes(m)
        caption = words.weights(r.weights) + (". " + mandatory_caption() if any(notes) else "")
        out = table(_(_TITLE[r.method]), caption)
        out.add_column(_("Rank"), justify="right")
        add_id_columns(out)
        for c in CRITERIA:
            out.add_column(words.heading(c), justify="right")
        out.add_column(_("Value"), justify="right")
        if bands:
            out.add_column(_("Priority (suggested)"))
        if any(notes):
            out.add_column(_("Note"))
        for rank, i in enumerate(r.order, start=1):
            cells = [str(rank), m.ids[i], m.names[i], *(str(s) for s in m.scores[i]), words.value(r.values[i])]
            if bands:
                cells.append(words.priority(priority_band(float(r.values[i]))))
            if any(notes):
                cells.append(notes[i])
            out.add_row(*cells)
        line = self.reference_line()
        from rich.text import Text

        # Markup off: a name from the file is shown as written, never read as rich markup.
        return [out, Text(line)] if line else [out]
