"""Writing a result in the format asked for: JSON and CSV for programs, rich tables for people."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from typing import Any, Protocol

from rich.console import Console, RenderableType

from prioritet.tabular.formulas import csv_cell

from .options import Format


class Output(Protocol):
    """A command's result in each output format."""

    def json(self) -> dict[str, Any]: ...

    def csv(self) -> tuple[Sequence[str], Sequence[Sequence[object]]]: ...

    def tables(self) -> Sequence[RenderableType]: ...


def emit(output: Output, fmt: Format) -> None:
    if fmt is Format.JSON:
        json.dump(output.json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif fmt is Format.CSV:
        header, rows = output.csv()
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow([csv_cell(h) for h in header])
        # Measure names and ids come from the user's file: never a formula in a spreadsheet.
        writer.writerows([csv_cell(v) for v in row] for row in rows)
    else:
        console = Console()
        for renderable in output.tables():
            console.print(renderable)
            console.print()
