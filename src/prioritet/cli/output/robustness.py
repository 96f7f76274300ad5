"""``prioritet robustness``: how often each measure gets each rank, and is in the best portfolio,
when the weights are uncertain."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from prioritet.core.messages import INCLUSION
from prioritet.engine import Measures, Robustness, WeightSpace
from prioritet.engine.robustness import ALWAYS, NEVER, inclusion

from .. import words
from ..words import _
from .common import add_id_columns, table

if TYPE_CHECKING:
    from rich.console import RenderableType


def core_class(core: float) -> str:
    """«alltid med», «nokre gonger», «never»: the core index read as a class."""
    return _(INCLUSION[inclusion(core)])


@dataclass(frozen=True)
class RobustnessOutput:
    measures: Measures
    result: Robustness
    space: WeightSpace | None

    def json(self) -> dict[str, Any]:
        m, r = self.measures, self.result
        out: dict[str, Any] = {
            "samples": r.samples,
            "seed": r.seed,
            "top": r.top,
            "rank_acceptability": {ident: r.rank_acceptability[i].tolist() for i, ident in enumerate(m.ids)},
            "expected_rank": {ident: float(r.expected_rank[i]) for i, ident in enumerate(m.ids)},
            "most_likely_rank": {ident: int(r.most_likely_rank[i]) for i, ident in enumerate(m.ids)},
        }
        if r.core_index is not None:
            out["core_index"] = {ident: float(r.core_index[i]) for i, ident in enumerate(m.ids)}
            low, high = self._interval()
            out["core_low"] = {ident: float(low[i]) for i, ident in enumerate(m.ids)}
            out["core_high"] = {ident: float(high[i]) for i, ident in enumerate(m.ids)}
            out["core_samples"] = r.core_samples
            out["core_unresolved"] = r.core_unresolved
            out["stopped_early"] = r.stopped_early
            out["core_grid"] = r.grid
        return out

    def _interval(self) -> tuple[Any, Any]:
        r = self.result
        n = len(self.measures)
        return (
            r.core_low if r.core_low is not None else np.zeros(n),
            r.core_high if r.core_high is not None else np.ones(n),
        )

    def csv(self) -> tuple[Sequence[str], Sequence[Sequence[object]]]:
        m, r = self.measures, self.result
        ranks = [f"rank_{k}" for k in range(1, r.top + 1)]
        header = ["id", "name", *ranks, "most_likely_rank", "expected_rank"]
        if r.core_index is not None:
            header += ["core_index", "core_low", "core_high", "core_samples", "stopped_early"]
        low, high = self._interval()
        rows = []
        for i in range(len(m)):
            row: list[object] = [
                m.ids[i],
                m.names[i],
                *r.rank_acceptability[i].tolist(),
                int(r.most_likely_rank[i]),
                round(float(r.expected_rank[i]), 6),
            ]
            if r.core_index is not None:
                row += [float(r.core_index[i]), float(low[i]), float(high[i]), r.core_samples, r.stopped_early]
            rows.append(row)
        return header, rows

    def tables(self) -> Sequence[RenderableType]:
        m, r = self.measures, self.result
        acceptability = r.rank_acceptability
        first = acceptability[:, 0] if r.top else np.zeros(len(m))
        likely = r.most_likely_rank - 1
        order = np.lexsort((np.asarray(m.ids), -first, likely))
        drawn = _("%(samples)s samples, seed %(seed)s, method %(method)s") % {
            "samples": r.samples,
            "seed": r.seed,
            "method": r.method.value,
        }
        caption = f"{drawn}. {words.weight_space(self.space, r.criteria)}"
        if r.core_index is not None:
            caption += ". " + _(
                "Core index = the share of the samples in which the measure is in the best portfolio: "
                "always in ≥ %(always)s, never ≤ %(never)s"
            ) % {"always": words.share(ALWAYS), "never": words.share(NEVER)}
        out = table(_("Robustness when the weights are uncertain"), caption)
        add_id_columns(out)
        out.add_column(_("Rank 1 (share)"), justify="right")
        out.add_column(_("Most likely rank"), justify="right")
        if r.core_index is not None:
            out.add_column(_("Core index"), justify="right")
            out.add_column(_("In the portfolio"))
        for i in order:
            cells = [m.ids[i], m.names[i], words.share(first[i])]
            shown = f" ({words.share(acceptability[i, likely[i]])})" if likely[i] < r.top else ""
            cells.append(f"{likely[i] + 1}{shown}")
            if r.core_index is not None:
                cells += [words.share(r.core_index[i]), core_class(float(r.core_index[i]))]
            out.add_row(*cells)
        return [out]
