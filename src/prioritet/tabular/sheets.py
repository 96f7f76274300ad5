"""Tables as spreadsheets: XLSX (openpyxl) and CSV for Norwegian Excel, for every export.

Every export (the portfolio's, the indicators') builds :class:`Table` objects and writes them here,
so the workbook and the CSV file hold the same numbers and follow the same rules:

* XLSX: one sheet per table, a bold header row that stays in view, number formats by column kind.
* CSV: UTF-8 with a byte order mark, semicolons between fields and a decimal comma, which is what
  Norwegian Excel opens correctly with a double click. No thousands separator, so every number
  stays a number.
* Neither runs user text as a formula: text cells are string cells in XLSX and start with an
  apostrophe in CSV when they would start a formula (:mod:`prioritet.tabular.formulas`).

Nothing here knows about Django: labels come in translated, and the caller says how a yes/no cell
reads (``flag``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .formulas import csv_text, write_text_cell

#: How each kind of cell is shown in a workbook (a kind not named here: Excel's general format).
NUMBER_FORMATS = {
    "int": "0",
    "amount": "#,##0",
    "amount_decimal": "#,##0.00",
    "value": "0.000",
    "share": "0.0%",
}


@dataclass(frozen=True)
class Column:
    label: str
    #: text, int, amount, value, share, number (general) or flag (yes/no).
    kind: str = "text"


@dataclass
class Table:
    name: str
    title: str
    columns: list[Column]
    rows: list[list[object]] = field(default_factory=list)


def norwegian_flag(value: bool) -> str:
    return "ja" if value else "nei"


def _cell(value: object, kind: str, flag: Callable[[bool], str]) -> object:
    if value is None:
        return None
    if kind == "flag":
        return flag(bool(value))
    return value


def sheet_title(title: str) -> str:
    """``title`` as Excel allows a sheet's name: no ``[]:*?/\\``, at most 31 characters."""
    for char in "[]:*?/\\":
        title = title.replace(char, " ")
    return title[:31]


def workbook(tables: Sequence[Table], *, flag: Callable[[bool], str] = norwegian_flag) -> bytes:
    """An XLSX workbook with one sheet per table."""
    book = Workbook()
    if book.active is not None:
        book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(sheet_title(table.title))
        sheet.append([c.label for c in table.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in table.rows:
            sheet.append([_cell(v, c.kind, flag) for v, c in zip(row, table.columns, strict=True)])
        # Names are user text: strings, never formulas (formulas.py).
        for cells in sheet.iter_rows():
            for cell in cells:
                write_text_cell(cell)
        for k, column in enumerate(table.columns, start=1):
            kind = column.kind
            if kind == "amount" and any(
                isinstance(value := r[k - 1], float) and not value.is_integer() for r in table.rows
            ):
                kind = "amount_decimal"
            number_format = NUMBER_FORMATS.get(kind)
            letter = get_column_letter(k)
            if number_format:
                for cell in sheet[letter][1:]:
                    cell.number_format = number_format
            width = max([len(str(column.label)), *(len(str(r[k - 1] or "")) for r in table.rows[:200])])
            sheet.column_dimensions[letter].width = min(max(width + 2, 8), 60)
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_number(value: float | int | Decimal) -> str:
    """A number as Norwegian Excel reads it from CSV: decimal comma, no thousands separator."""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        text = format(value, "f")
        return (text.rstrip("0").rstrip(".") if "." in text else text).replace(".", ",")
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".").replace(".", ",")


def csv_bytes(table: Table, *, flag: Callable[[bool], str] = norwegian_flag) -> bytes:
    """A table as CSV for Norwegian Excel: UTF-8 with BOM, semicolons, decimal comma."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([csv_text(str(c.label)) for c in table.columns])
    for row in table.rows:
        cells = []
        for value, column in zip(row, table.columns, strict=True):
            if value is None:
                cells.append("")
            elif column.kind == "flag" or isinstance(value, bool):
                cells.append(flag(bool(value)))
            elif isinstance(value, int | float | Decimal):
                cells.append(csv_number(value))
            else:
                cells.append(csv_text(str(value)))
        writer.writerow(cells)
    return "\ufeff".encode() + out.getvalue().encode("utf-8")
