"""Limits: no file, however built, makes the reader parse more than it needs (issue 9, finding 4)."""

from __future__ import annotations

import pytest

from prioritet.engine import InputError
from prioritet.tabular import Limits, parse_bytes
from prioritet.tabular.grid import read_grid
from prioritet.tabular.testing import csv_bytes, measure_rows, padded_workbook, workbook_bytes

from .wording import nb

FORMATS = [(workbook_bytes, "tiltak.xlsx"), (csv_bytes, "tiltak.csv")]
SMALL = Limits(rows=10, columns=12, unpacked=1024 * 1024)


def messages(err: pytest.ExceptionInfo[InputError]) -> str:
    return " ".join(nb(p) for p in err.value.problems)


@pytest.mark.parametrize(("build", "name"), FORMATS)
def test_reading_stops_one_row_after_the_row_limit(build, name):
    grid = read_grid(build(measure_rows(1000)), name, SMALL)
    assert len(grid.rows) == 1 + 10 + 1
    assert grid.more_than == 10
    with pytest.raises(InputError) as err:
        parse_bytes(build(measure_rows(1000)), name, SMALL)
    assert "flere enn 10 rader" in messages(err)


@pytest.mark.parametrize(("build", "name"), FORMATS)
def test_a_file_at_the_row_limit_is_read_whole(build, name):
    measures = parse_bytes(build(measure_rows(10)), name, SMALL).measures
    assert len(measures) == 10


@pytest.mark.parametrize(("build", "name"), FORMATS)
def test_a_file_wider_than_the_column_limit_is_refused_and_read_no_further(build, name):
    grid = read_grid(build(measure_rows(3, extra_columns=5)), name, Limits(rows=10, columns=20))
    assert max(len(row) for _, row in grid.rows) == 11
    with pytest.raises(InputError) as err:
        read_grid(build(measure_rows(3, extra_columns=20)), name, SMALL)
    assert "flere enn 12 kolonner" in messages(err)


def test_a_workbook_that_unpacks_past_the_cap_is_refused_before_it_is_parsed(monkeypatch):
    bomb = padded_workbook(workbook_bytes(measure_rows(3)), 2 * 1024 * 1024)
    assert len(bomb) < 50 * 1024

    def never(*args, **kwargs):
        raise AssertionError("the workbook was parsed")

    monkeypatch.setattr("prioritet.tabular.grid.openpyxl.load_workbook", never)
    with pytest.raises(InputError) as err:
        read_grid(bomb, "tiltak.xlsx", SMALL)
    assert "pakkes ut til 2 MB" in messages(err)


def test_a_workbook_under_the_cap_is_read():
    data = padded_workbook(workbook_bytes(measure_rows(3)), 100 * 1024)
    assert len(parse_bytes(data, "tiltak.xlsx", SMALL).measures) == 3


def test_a_file_that_is_no_zip_is_reported_as_no_workbook():
    with pytest.raises(InputError) as err:
        read_grid(b"id;navn\n", "tiltak.xlsx")
    assert "kan ikke leses som Excel-arbeidsbok" in messages(err)
