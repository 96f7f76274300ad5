"""Raw cells out of a CSV or XLSX file, with the row numbers a spreadsheet shows.

This layer knows formats and encodings, not measures: it turns bytes into rows of cells so that the
reader can treat a CSV exported from Excel and the workbook it came from alike.
"""

from __future__ import annotations

import csv
import io
import itertools
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from operator import itemgetter
from pathlib import PurePath

from prioritet.engine import Code, InputError, Problem

from .values import DecimalMark

#: A cell as read: text from CSV; text, number or boolean from XLSX; None when empty.
Cell = str | float | bool | None
#: A spreadsheet row number (the header is row 1) and the cells of that row.
Row = tuple[int, Sequence[Cell]]
#: A row's cells (a :data:`Row`, or a numbered line of a CSV reader).
_CELLS = itemgetter(1)

CSV_SUFFIXES = frozenset({".csv"})
XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm"})

#: Excel's «CSV UTF-8» starts with this byte order mark; plain «CSV (semikolondelt)» has none and
#: is Windows-1252.
_UTF8_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Limits:
    """How much of a file is read at most, so that no file can hold a process for long.

    A 1 MB workbook can unpack to hundreds of megabytes of XML, and reading a sheet costs time in
    proportion to what it unpacks to, so a workbook is refused on its unpacked size before any
    parsing. Reading stops after ``rows`` + 1 rows of data (the one more tells that there are too
    many) and ``columns`` columns. The defaults are the command line's; the web sets smaller ones.
    """

    #: Most rows of data (not counting the header).
    rows: int = 100_000
    #: Most columns; one more is read to tell a file that has more, and nothing to its right.
    columns: int = 200
    #: Largest unpacked size of a workbook (the sum of its zip entries), in bytes.
    unpacked: int = 500 * 1024 * 1024


COMMAND_LINE_LIMITS = Limits()


@dataclass(frozen=True)
class Grid:
    """The non-blank rows of the first sheet, header first, each with its spreadsheet row number."""

    source: str
    rows: tuple[Row, ...]
    #: How numbers written as text are to be read (see :mod:`prioritet.tabular`).
    decimal: DecimalMark
    #: :attr:`Limits.rows` when the file has more rows of data than that (only one more was read),
    #: else None.
    more_than: int | None = None

    @cached_property
    def columns(self) -> tuple[tuple[Cell, ...], ...]:
        """The data rows (header left out) as columns, a short row padded with None (an empty cell):
        what a column's checks read at once rather than row by row."""
        rows = list(map(_CELLS, self.rows[1:]))
        if len(set(map(len, rows))) == 1:
            return tuple(zip(*rows, strict=True))
        return tuple(itertools.zip_longest(*rows, fillvalue=None))

    def column(self, k: int) -> tuple[Cell, ...]:
        """Column ``k`` of the data rows (all empty when no row reaches it)."""
        columns = self.columns
        return columns[k] if k < len(columns) else (None,) * (len(self.rows) - 1)


def read_grid(data: bytes, source: str, limits: Limits = COMMAND_LINE_LIMITS) -> Grid:
    """Cells of a CSV or XLSX file, chosen by the extension of ``source``, read up to ``limits``."""
    suffix = PurePath(source).suffix.lower()
    if suffix in CSV_SUFFIXES:
        grid = _csv_grid(data, source, limits)
    elif suffix in XLSX_SUFFIXES:
        grid = _xlsx_grid(data, source, limits)
    else:
        if suffix:
            raise _error(source, Code.FILE_TYPE_UNKNOWN, suffix=suffix)
        raise _error(source, Code.FILE_TYPE_MISSING)
    if not grid.rows:
        raise _error(source, Code.FILE_EMPTY)
    if max(map(len, map(_CELLS, grid.rows))) > limits.columns:
        wide = next(
            (n for n, row in grid.rows if len(row) > limits.columns and not is_empty(row[limits.columns])), None
        )
        if wide is not None:
            raise _error(source, Code.TOO_MANY_COLUMNS, row=wide, limit=limits.columns)
    return grid


def _error(source: str, code: Code, row: int | None = None, **params: str | int) -> InputError:
    return InputError([Problem(code, params, row=row, source=source)])


def _decode(data: bytes, source: str) -> str:
    if b"\x00" in data:
        raise _error(source, Code.NOT_A_TEXT_FILE)
    if data.startswith(_UTF8_BOM):
        try:
            return data[len(_UTF8_BOM) :].decode("utf-8")
        except UnicodeDecodeError:
            raise _error(source, Code.INVALID_UTF8) from None
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _error(source, Code.UNKNOWN_ENCODING)


def _csv_grid(data: bytes, source: str, limits: Limits) -> Grid:
    text = _decode(data, source)
    header_line = _first_line(text)
    # Norwegian Excel separates with semicolons because the comma is its decimal separator.
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows, more_than = _non_blank_lines(reader, limits)
    except csv.Error:
        raise _error(source, Code.INVALID_CSV, row=reader.line_num) from None
    return Grid(source=source, rows=rows, decimal="," if delimiter == ";" else ".", more_than=more_than)


def _first_line(text: str) -> str:
    """The first line that is not blank, looking at no more of a long text than it must."""
    size = 4096
    while True:
        lines = text[:size].splitlines()
        whole = size >= len(text)
        # The last line of a cut text may go on past the cut.
        line = next((line for line in (lines if whole else lines[:-1]) if line.strip()), None)
        if line is not None or whole:
            return line or ""
        size *= 4


def _xlsx_grid(data: bytes, source: str, limits: Limits) -> Grid:
    _check_unpacked_size(data, source, limits)
    from .workbook import UnsizedReader  # openpyxl only when a workbook is read: a CSV never needs it

    try:
        reader = UnsizedReader(io.BytesIO(data), read_only=True, data_only=True)
        reader.read()
        book = reader.wb
    except Exception:  # openpyxl raises a dozen types for a damaged file; to the user they are one
        raise _error(source, Code.INVALID_XLSX) from None
    try:
        if not book.worksheets:
            raise _error(source, Code.INVALID_XLSX)
        sheet = book.worksheets[0]
        # The sheet's size is never asked for (nor trusted: some programs write a wrong one, which
        # would cut rows): the rows are read once, up to the row limit + 1, and no further.
        values = sheet.iter_rows(min_row=1, min_col=1, max_col=limits.columns + 1, values_only=True)
        cells = ((number, _trimmed(row)) for number, row in enumerate(values, start=1))
        rows, more_than = _non_blank(cells, limits)
    finally:
        book.close()
    # Text cells in a workbook are read as a Norwegian Excel user types them: with decimal comma.
    return Grid(source=source, rows=rows, decimal=",", more_than=more_than)


def _check_unpacked_size(data: bytes, source: str, limits: Limits) -> None:
    """Refuse a workbook that unpacks to more than the limit, from its zip directory alone.

    The sizes in the directory are what the entries claim; a zip bomb that lies about them is still
    caught, because openpyxl's reader stops at the claimed size (Python's zipfile checks it).
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(entry.file_size for entry in archive.infolist())
    except (zipfile.BadZipFile, ValueError):
        raise _error(source, Code.INVALID_XLSX) from None
    if unpacked > limits.unpacked:
        raise _error(
            source, Code.WORKBOOK_TOO_LARGE, size=unpacked // (1024 * 1024), limit=limits.unpacked // (1024 * 1024)
        )


def _trimmed(row: tuple[object, ...]) -> tuple[Cell, ...]:
    """A sheet row's cells without the empty ones openpyxl pads it with up to the column limit."""
    end = len(row)
    while end and row[end - 1] is None:
        end -= 1
    return tuple(_cell(v) for v in row[:end])


def _cell(value: object) -> Cell:
    if value is None or isinstance(value, str | bool | float):
        return value
    if isinstance(value, int):
        return float(value)
    return str(value)  # dates and times: kept as text, so a number column reports them


def _non_blank(rows: Iterable[tuple[int, Iterable[Cell]]], limits: Limits) -> tuple[tuple[Row, ...], int | None]:
    """Rows with at least one non-empty cell (blank lines between measures are common and harmless),
    the header and at most ``limits.rows`` + 1 rows of data; and whether there were more than
    ``limits.rows`` (then that limit, else None). Reading stops there: the rest of the file is never parsed."""
    whole: Iterator[Row] = ((number, tuple(cells)) for number, cells in rows)
    kept = tuple(itertools.islice(((n, row) for n, row in whole if not all(is_empty(c) for c in row)), limits.rows + 2))
    return kept, limits.rows if len(kept) > limits.rows + 1 else None


def _non_blank_lines(reader: Iterator[list[str]], limits: Limits) -> tuple[tuple[Row, ...], int | None]:
    """:func:`_non_blank` for the rows of a CSV reader (every cell text), a chunk of rows at a time
    with no Python step per row: 100,000 rows in a blink. A row is blank when its cells joined are
    only white space, as :func:`is_empty` says of each cell."""
    wanted = limits.rows + 2
    numbered = enumerate(reader, start=1)
    kept: list[Row] = []
    while len(kept) < wanted:
        # Each line read keeps at most one row, so a chunk never reads past the rows wanted.
        chunk = list(itertools.islice(numbered, wanted - len(kept)))
        if not chunk:
            break
        if max(map(len, map(_CELLS, chunk))) > limits.columns + 1:
            chunk = [(n, line[: limits.columns + 1]) for n, line in chunk]  # nothing right of the limit is read
        kept.extend(itertools.compress(chunk, map(str.strip, map("".join, map(_CELLS, chunk)))))
    return tuple(kept), limits.rows if len(kept) > limits.rows + 1 else None


def is_empty(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def cell_text(cell: Cell) -> str:
    """A cell as text: what the user sees, with whole numbers from XLSX shown without «.0»."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() else repr(cell)
    return cell.strip()
