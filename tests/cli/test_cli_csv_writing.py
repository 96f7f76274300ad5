"""CSV written a column at a time (issue 16 §6) is byte for byte what :mod:`csv` writes row by row,
with every text cell neutralised (:func:`prioritet.tabular.formulas.csv_cell`)."""

from __future__ import annotations

import csv
import io

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from prioritet.cli.render import Columns, write_csv
from prioritet.tabular.formulas import csv_cell

_TEXT = st.text(alphabet="=+-@\t\r\n,\"' aøZ1.", max_size=5)
_FLOAT = st.floats(allow_nan=True, allow_infinity=True)


def _as_csv_writes(header: list[str], rows: list[list[object]], after: list[list[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([csv_cell(h) for h in header])
    writer.writerows([[csv_cell(v) for v in row] for row in [*rows, *after]])
    return out.getvalue()


@st.composite
def _tables(draw: st.DrawFn) -> tuple[list[str], list[object], list[list[object]]]:
    n = draw(st.integers(0, 12))
    width = draw(st.integers(1, 5))
    columns: list[object] = []
    for _ in range(width):
        kind = draw(st.sampled_from(["text", "ints", "floats", "int array", "float array", "mixed"]))
        if kind == "text":
            columns.append(draw(st.lists(_TEXT, min_size=n, max_size=n)))
        elif kind == "ints":
            columns.append(draw(st.lists(st.integers(-(10**20), 10**20), min_size=n, max_size=n)))
        elif kind == "floats":
            columns.append(draw(st.lists(_FLOAT, min_size=n, max_size=n)))
        elif kind == "int array":
            # Few distinct values (scores) or many (ranks): both ways of writing them.
            values = st.integers(1, 5) if draw(st.booleans()) else st.integers(-(2**62), 2**62)
            columns.append(np.array(draw(st.lists(values, min_size=n, max_size=n)), dtype=np.int64))
        elif kind == "float array":
            values = st.sampled_from([0.0, -0.0, 0.5, 1 / 3, 1e16, float("nan")]) if draw(st.booleans()) else _FLOAT
            columns.append(np.array(draw(st.lists(values, min_size=n, max_size=n)), dtype=np.float64))
        else:
            columns.append(draw(st.lists(st.one_of(_TEXT, st.none(), st.integers(), _FLOAT), min_size=n, max_size=n)))
    after = draw(st.lists(st.lists(st.one_of(_TEXT, st.integers()), max_size=2), max_size=2))
    return [f"c{k}" for k in range(width)], columns, after


@given(_tables())
def test_columns_are_written_as_csv_writes_their_rows(table) -> None:
    header, columns, after = table
    out = io.StringIO()
    write_csv(out, header, Columns(columns, after))
    rows = [list(row) for row in zip(*(c.tolist() if isinstance(c, np.ndarray) else c for c in columns), strict=True)]
    assert out.getvalue() == _as_csv_writes(header, rows, after)


def test_a_long_table_of_plain_cells_is_joined_at_once_and_reads_back() -> None:
    n = 1000
    ids = [f"T{i:05d}" for i in range(n)]
    columns = [np.arange(1, n + 1), ids, ["=HYPERLINK(1)" if i == 7 else f"Tiltak {i}" for i in range(n)]]
    columns += [np.full(n, 3), np.linspace(0, 1, n)]
    out = io.StringIO()
    write_csv(out, ["rank", "id", "name", "benefit", "value"], Columns(columns, [["Referanse: b0 – Ikke starte"]]))
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert len(rows) == n + 2
    assert rows[8] == ["8", "T00007", "'=HYPERLINK(1)", "3", str(float(np.linspace(0, 1, n)[7]))]
    assert rows[-1] == ["Referanse: b0 – Ikke starte"]
