"""Reading a file a column at a time (issue 16 §6) reads exactly what reading it cell by cell reads.

The fast paths — CSV lines kept or dropped a chunk at a time, the grid's columns, numbers and yes/no
words parsed for a whole column — are checked against the plain row-by-row reading they replace, on
generated files with blank lines, white space, ragged and over-wide rows, quoted cells, and cells that
need the careful parse (and its message) rather than the quick one."""

from __future__ import annotations

import csv
import io
from unittest import mock

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from prioritet.engine import Code, InputError
from prioritet.tabular import Limits, parse_bytes
from prioritet.tabular.columns import Field
from prioritet.tabular.grid import _non_blank, is_empty, read_grid
from prioritet.tabular.reader import _Cells

#: Cells a measures file holds: scores, amounts (plain and as people type them), yes/no words, text,
#: white space and the empty cell; quoted cells with commas and line breaks.
_CELL = st.one_of(
    st.sampled_from(["1", "2", "3", "4", "5", "0", "6", "4,0", "4.0", "4,5", " 3", ""]),
    st.sampled_from(["1250000", "1250000.5", "1 250 000", "-3", "x", "1.2.3", ".5", "07", "1e5"]),
    st.sampled_from(["ja", "Nei", "TRUE", "0", "kanskje", "  ", "\t"]),
    st.sampled_from(['"a, b"', '"to\nlinjer"', "=SUM(A1)", "Tiltak"]),
)
_HEADERS = ["id", "name", "benefit", "severity", "resources", "cost_nok", "fte", "mandatory", "baseline"]


@st.composite
def _files(draw: st.DrawFn) -> str:
    width = draw(st.integers(3, len(_HEADERS)))
    lines = [",".join(_HEADERS[:width])]
    for number in range(draw(st.integers(0, 12))):
        if draw(st.booleans()) and number % 3 == 0:
            lines.append(draw(st.sampled_from(["", " ", ",,", " , "])))  # a blank line
            continue
        cells = [f"m{number}", f"Tiltak {number}"] + [draw(_CELL) for _ in range(width - 2)]
        cells = cells[: draw(st.integers(1, width + 2))] + [draw(_CELL) for _ in range(draw(st.integers(0, 2)))]
        lines.append(",".join(cells))
    return "\n".join(lines) + draw(st.sampled_from(["", "\n", "\r\n"]))


def _rows_one_by_one(text: str, limits: Limits) -> tuple[tuple[int, tuple[str, ...]], ...]:
    """The rows as the reader read them before (a generator over the lines, one at a time)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    rows, _ = _non_blank(((n, row[: limits.columns + 1]) for n, row in enumerate(reader, start=1)), limits)
    return tuple((n, tuple(cells)) for n, cells in rows)  # type: ignore[misc]


@settings(max_examples=300, deadline=None)
@given(_files(), st.integers(1, 6), st.integers(2, 8))
def test_csv_lines_are_kept_and_numbered_as_read_one_by_one(text: str, rows: int, columns: int) -> None:
    limits = Limits(rows=rows, columns=columns)
    try:
        grid = read_grid(text.encode(), "tiltak.csv", limits)
    except InputError:
        assert not _rows_one_by_one(text, limits) or any(
            len(cells) > columns and not is_empty(cells[columns]) for _, cells in _rows_one_by_one(text, limits)
        )
        return
    assert tuple((n, tuple(cells)) for n, cells in grid.rows) == _rows_one_by_one(text, limits)
    width = max(len(cells) for _, cells in grid.rows[1:]) if len(grid.rows) > 1 else 0
    for k in range(width + 1):
        assert list(grid.column(k)) == [cells[k] if k < len(cells) else None for _, cells in grid.rows[1:]]


def _careful_flags(cells: _Cells, field: Field, invalid: Code) -> np.ndarray:
    """A yes/no column read cell by cell (what a column with one unknown word gets)."""
    if field not in cells.layout.fields:
        return np.zeros(len(cells.rows), dtype=bool)
    return np.array([cells.flag(row, field, invalid) for row in cells.rows], dtype=bool)


@settings(max_examples=300, deadline=None)
@given(_files())
def test_a_file_read_a_column_at_a_time_gives_the_measures_or_the_problems_of_reading_cell_by_cell(text: str) -> None:
    quick = _read(text)
    with (
        mock.patch("prioritet.tabular.reader.parse_plain_column", return_value=None),
        mock.patch.object(_Cells, "flags", _careful_flags),
    ):
        careful = _read(text)
    assert quick == careful


def _read(text: str) -> object:
    try:
        m = parse_bytes(text.encode(), "tiltak.csv").measures
    except InputError as err:
        return [(p.code, p.row, p.column, dict(p.params)) for p in err.problems]
    return (
        m.ids,
        m.names,
        m.scores.tolist(),
        {k: v.tolist() for k, v in m.resources.items()},
        m.mandatory.tolist(),
        m.baseline.tolist(),
        m.rows,
    )
