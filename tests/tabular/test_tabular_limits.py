"""Limits: no file, however built, makes the reader parse more than it needs (issue 9, finding 4)."""

from __future__ import annotations

import zipfile
from io import BytesIO

import pytest
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import WorkSheetParser

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

    monkeypatch.setattr("openpyxl.reader.excel.ExcelReader.read", never)
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


def test_a_sheet_is_parsed_once_up_to_the_row_limit_and_its_size_never_asked_for(monkeypatch):
    """openpyxl's read-only mode parses a sheet that has no ``<dimension>`` to its end to size it;
    the reader never lets it, and stops parsing one row after the row limit (issue 9)."""
    data = workbook_bytes(measure_rows(1000))
    with zipfile.ZipFile(BytesIO(data)) as archive:
        assert b"<dimension" not in archive.read("xl/worksheets/sheet1.xml")  # as openpyxl's writer leaves it

    def never(*args, **kwargs):
        raise AssertionError("the sheet's size was asked for")

    # Sizing a sheet is parsing it: from its <dimension> (to the end when it has none), or cell by cell.
    monkeypatch.setattr(WorkSheetParser, "parse_dimensions", never)
    for name in ("calculate_dimension", "_calculate_dimension"):
        monkeypatch.setattr(ReadOnlyWorksheet, name, never)
    opened: list[str] = []
    real_open = zipfile.ZipFile.open

    def counting_open(self, name, *args, **kwargs):
        opened.append(getattr(name, "filename", name))
        return real_open(self, name, *args, **kwargs)

    parsed: list[int] = []
    real_parse = WorkSheetParser.parse

    def counting_parse(self):
        for number, row in real_parse(self):
            parsed.append(number)
            yield number, row

    monkeypatch.setattr(zipfile.ZipFile, "open", counting_open)
    monkeypatch.setattr(WorkSheetParser, "parse", counting_parse)
    grid = read_grid(data, "tiltak.xlsx", SMALL)
    assert grid.more_than == 10
    assert opened.count("xl/worksheets/sheet1.xml") == 1
    assert parsed == list(range(1, 1 + 10 + 2))  # the header, the limit and the one more that tells
