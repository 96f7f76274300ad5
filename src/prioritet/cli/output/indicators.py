"""``prioritet indicators``: a JSON-stat2 (or tidy CSV) dataset, one row per cell."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .. import words
from ..words import _
from .common import table

if TYPE_CHECKING:
    from rich.console import RenderableType

    from prioritet.tabular.jsonstat import Dataset


@dataclass(frozen=True)
class IndicatorsOutput:
    dataset: Dataset
    #: What the table is called when the dataset has no label (the file's name).
    source: str

    def json(self) -> dict[str, Any]:
        return self.dataset.as_json()

    def csv(self) -> tuple[Sequence[str], Sequence[Sequence[object]]]:
        """The dimensions' codes, the value (empty when missing) and the status symbol."""
        dims = self.dataset.dimensions
        header = [*dims, "value", "status"]
        rows = [[*(row[d] for d in dims), row["value"], row["status"]] for row in self.dataset.rows]
        return header, rows

    def tables(self) -> Sequence[RenderableType]:
        d = self.dataset
        title = d.label or self.source
        if d.updated:
            title += f" · {d.updated}"
        out = table(title)
        for dim in d.dimensions:
            out.add_column(d.dimension_labels.get(dim, dim), overflow="fold")
        out.add_column(_("Value"), justify="right")
        out.add_column(_("Status symbol"))
        for row in d.rows:
            cells = []
            for dim in d.dimensions:
                code = str(row[dim])
                label = d.labels[dim].get(code, code)
                cells.append(code if label == code else f"{code} {label}")
            value = row["value"]
            shown = "" if value is None else words.figure(float(value), d.places(row))
            out.add_row(*cells, shown, str(row["status"] or ""))
        return [out]
