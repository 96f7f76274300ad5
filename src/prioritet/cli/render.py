"""Writing a result in the format asked for: JSON and CSV for programs, rich tables for people."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TextIO

import numpy as np
from numpy.typing import NDArray

from prioritet.tabular.formulas import csv_cell, csv_column, csv_rows

from .collector import paused
from .options import Format

if TYPE_CHECKING:
    from rich.console import RenderableType


@dataclass(frozen=True)
class Columns:
    """CSV rows given a column at a time, so that a long table is checked and written column by
    column (:func:`write_csv`): the columns' cells row by row, then the rows of ``after``. A column
    of numbers may be a numpy array of int64 or float64, written as its Python numbers would be."""

    columns: Sequence[Sequence[object] | NDArray[np.int64] | NDArray[np.float64]]
    after: Sequence[Sequence[object]] = ()


class Output(Protocol):
    """A command's result in each output format."""

    def json(self) -> dict[str, Any]: ...

    def csv(self) -> tuple[Sequence[str], Sequence[Sequence[object]] | Columns]: ...

    def tables(self) -> Sequence[RenderableType]: ...


def emit(output: Output, fmt: Format) -> None:
    with paused():
        _emit(output, fmt)


def _emit(output: Output, fmt: Format) -> None:
    if fmt is Format.JSON:
        json.dump(output.json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif fmt is Format.CSV:
        write_csv(sys.stdout, *output.csv())
    else:
        from rich.console import Console  # only for tables: CSV and JSON never pay for rich

        console = Console()
        for renderable in output.tables():
            console.print(renderable)
            console.print()


def write_csv(out: TextIO, header: Sequence[str], rows: Sequence[Sequence[object]] | Columns) -> None:
    """The header and rows as CSV; measure names and ids come from the user's file, so no text cell
    is ever a formula in a spreadsheet (:func:`prioritet.tabular.formulas.csv_cell`)."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([csv_cell(h) for h in header])
    if not isinstance(rows, Columns):
        writer.writerows(csv_rows(rows))
        return
    # Numbers are never a formula; text is neutralised a column at a time.
    columns = [column if isinstance(column, np.ndarray) else csv_column(column) for column in rows.columns]
    plain = _plain(columns)
    if plain is None:
        writer.writerows(zip(*(_listed(column) for column in columns), strict=True))
    elif plain:
        out.write(plain)
    writer.writerows(csv_rows(rows.after))


#: What makes :mod:`csv` quote a cell (delimiter, quote, line ends); a cell with none is written as it is.
_QUOTED = (",", '"', "\n", "\r")


def _listed(column: Sequence[object] | NDArray[np.int64] | NDArray[np.float64]) -> Sequence[object]:
    """A column's cells as Python objects: numbers as :mod:`csv` writes them (``str`` of a Python int or float)."""
    return column.tolist() if isinstance(column, np.ndarray) else column


def _plain(columns: Sequence[Sequence[object] | NDArray[np.int64] | NDArray[np.float64]]) -> str | None:
    """The rows of ``columns`` as :mod:`csv` writes them, joined in C; None when a cell needs more
    than its text (quoting, a row of one empty cell, None): then :mod:`csv` writes them."""
    if len(columns) < 2:
        return None  # a row of one empty cell is written «""»: left to csv
    texts: list[Sequence[str]] = []
    for column in columns:
        if isinstance(column, np.ndarray):
            if column.dtype not in (np.int64, np.float64) or column.ndim != 1:
                return None
            texts.append(_number_texts(column))
            continue
        kinds = set(map(type, column))
        if kinds == {str}:
            text = "".join(column)  # type: ignore[arg-type]
            if any(mark in text for mark in _QUOTED):
                return None
            texts.append(column)  # type: ignore[arg-type]
        elif kinds == {int} or kinds == {float}:
            texts.append(list(map(str, column)))
        else:
            return None
    lines = "\n".join(map(",".join, zip(*texts, strict=True)))
    return lines + "\n" if lines else ""


def _number_texts(numbers: NDArray[np.int64] | NDArray[np.float64]) -> list[str]:
    """``str`` of each number as a Python int or float, worked out once per distinct number when
    numbers repeat (scores and values do: 100,000 measures have at most 125 profiles)."""
    # Floats are told apart by their bits, so that 0.0 and -0.0 keep their own text.
    keys = numbers.view(np.int64)
    distinct, where = np.unique(keys, return_inverse=True)
    if 2 * len(distinct) > len(keys):
        return list(map(str, numbers.tolist()))  # mostly distinct (ranks): nothing to share
    values = distinct.view(numbers.dtype).tolist()
    return np.array([str(v) for v in values], dtype=object)[where].tolist()  # type: ignore[no-any-return]
