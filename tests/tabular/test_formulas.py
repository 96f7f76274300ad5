"""Formula injection: the two rules every export follows (OWASP's «CSV Injection»)."""

from __future__ import annotations

import io

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from prioritet.engine import Criterion
from prioritet.tabular.formulas import csv_cell, csv_column, csv_rows, csv_text, write_text_cell


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1"])
def test_text_that_starts_a_formula_gets_a_leading_apostrophe(text):
    assert csv_text(text) == "'" + text


@pytest.mark.parametrize("text", ["Dagaktivitet", "1+1", "a=b", "", "'=allerede"])
def test_other_text_is_left_as_it_is(text):
    assert csv_text(text) == text


def test_numbers_are_not_text_and_stay_numbers():
    assert csv_cell(-3) == -3
    assert csv_cell(-0.5) == -0.5
    assert csv_cell(None) is None


def test_a_workbook_cell_holding_formula_text_is_saved_as_a_string():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["=1+1", "tekst", 2])
    for cell in sheet[1]:
        write_text_cell(cell)
    out = io.BytesIO()
    book.save(out)
    cell = openpyxl.load_workbook(out).active["A1"]
    assert (cell.value, cell.data_type) == ("=1+1", "s")


#: Cells of an export: text (formula-like or not, with line breaks), numbers, None and a string enum.
_CELLS = st.one_of(
    st.text(alphabet='=+-@\t\r\na," 1', max_size=4),
    st.integers(-5, 5),
    st.floats(allow_nan=False),
    st.none(),
    st.sampled_from([Criterion.BENEFIT]),
)


@given(st.lists(st.lists(_CELLS, min_size=0, max_size=4), max_size=8))
def test_rows_neutralised_a_column_at_a_time_are_every_cell_neutralised(rows) -> None:
    assert [list(row) for row in csv_rows(rows)] == [[csv_cell(v) for v in row] for row in rows]


@given(st.lists(st.text(alphabet="=+-@\t\r\nab", max_size=3), max_size=8))
def test_a_text_column_is_neutralised_cell_by_cell_when_one_cell_could_start_a_formula(column) -> None:
    assert list(csv_column(column)) == [csv_cell(v) for v in column]
