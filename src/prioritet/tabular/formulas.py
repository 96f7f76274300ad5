"""Keeping user text out of spreadsheet formulas (CSV/formula injection).

A measure named ``=HYPERLINK("http://…","Klikk")`` or ``+cmd|…`` would be a live formula when an
export is opened in Excel or LibreOffice. Two rules, one per format, used by every export (web and
command line):

* CSV: a text cell that starts with ``=``, ``+``, ``-``, ``@``, tab or carriage return gets a
  leading apostrophe, OWASP's rule; spreadsheets show the text and evaluate nothing. Numbers are
  written by the caller before this applies, so ``-3`` as a number stays a number.
* XLSX: text is stored as a string cell (:func:`write_text_cell`), never as a formula cell; the
  text is then shown exactly as typed, with no apostrophe needed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import groupby
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell

#: What makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(text: str) -> str:
    """``text`` as a CSV cell a spreadsheet shows as text, never as a formula."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_cell(value: object) -> object:
    """A CSV cell: text is neutralised, numbers (and ``None``) are left as they are."""
    return csv_text(value) if isinstance(value, str) else value


def csv_rows(rows: Iterable[Sequence[object]]) -> Iterator[Sequence[object]]:
    """The rows with :func:`csv_cell` applied to every cell, a column at a time (:func:`csv_column`)."""
    for width, run in groupby(rows, len):
        block = list(run)
        if width == 0:
            yield from block
        else:
            yield from zip(*map(csv_column, zip(*block, strict=True)), strict=True)


def csv_column(column: Sequence[object]) -> Sequence[object]:
    """A column with :func:`csv_cell` applied to every cell. A column without a text cell that could
    start a formula (numbers, or text none of which starts with one) is returned as it is, so
    100,000 cells cost a few passes in C, not a call each."""
    kinds = set(map(type, column))
    if not any(issubclass(kind, str) for kind in kinds):
        return column
    if kinds == {str}:
        # Each cell starts the text or follows a line break, so this finds every cell that starts a
        # formula (and, harmlessly, a line break inside a cell followed by one).
        text = "\n".join(column)  # type: ignore[arg-type]
        if not text.startswith(FORMULA_STARTS) and not any(f"\n{start}" in text for start in FORMULA_STARTS):
            return column
    return list(map(csv_cell, column))


def write_text_cell(cell: Cell) -> None:
    """Make a cell openpyxl typed as a formula (text starting with ``=``) a plain string cell."""
    if isinstance(cell.value, str) and cell.data_type == "f":
        cell.data_type = "s"
