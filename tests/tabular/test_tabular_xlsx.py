"""Workbooks: numbers as numbers, text as Norwegian Excel types it, the first sheet only."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from prioritet.engine import InputError
from prioritet.tabular import read_file

from .wording import en, nb

HEADER = ["ID", "Navn", "Nytte", "Alvorlighet", "Ressurs", "cost_nok", "årsverk", "Obligatorisk", "Gruppe", "Krever"]


def test_workbook(write_xlsx: Callable[[Sequence[Sequence[object]]], Path]) -> None:
    path = write_xlsx(
        [
            HEADER,
            [101, "Nattbemanning", 4, 5, 4.0, 4_150_000, 5.6, True, None, None],
            [],  # a blank row, skipped but counted
            [102, "Responssenter", 4, 4, 3, "1 450 000,50", "2,0", "nei", "vt", 103],
            [103, "Velferdsteknologi", 3, 3, 3, 1_250_000, None, 0, "", None],
        ]
    )
    data = read_file(path)
    m = data.measures
    assert m.ids == ("101", "102", "103")  # whole numbers as ids read as the user sees them
    assert m.names == ("Nattbemanning", "Responssenter", "Velferdsteknologi")
    assert m.scores.tolist() == [[4, 5, 4], [4, 4, 3], [3, 3, 3]]
    assert m.resources["cost_nok"].tolist() == [4_150_000.0, 1_450_000.5, 1_250_000.0]
    assert m.resources["årsverk"].tolist() == [5.6, 2.0, 0.0]
    assert m.mandatory.tolist() == [True, False, False]
    assert m.groups == (None, "vt", None)
    assert m.requires == (None, "103", None)
    assert m.rows == (2, 4, 5)


def test_problems_point_at_spreadsheet_rows(write_xlsx: Callable[[Sequence[Sequence[object]]], Path]) -> None:
    path = write_xlsx(
        [
            HEADER[:6],
            ["a", "A", 4.5, 3, 3, "mye"],
            [],
            ["b", "B", 3, 3, 3, 100],
        ]
    )
    with pytest.raises(InputError) as caught:
        read_file(path)
    assert [(p.row, p.column) for p in caught.value.problems] == [(2, "Nytte"), (2, "cost_nok")]
    assert "fikk «4.5»" in nb(caught.value.problems[0])


def test_header_below_blank_rows_keeps_true_row_numbers(
    write_xlsx: Callable[[Sequence[Sequence[object]]], Path],
) -> None:
    path = write_xlsx([[], [], HEADER[:5], ["a", "A", 3, 3, "x"]])
    with pytest.raises(InputError) as caught:
        read_file(path)
    assert [(p.row, p.column) for p in caught.value.problems] == [(4, "Ressurs")]


def test_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "tiltak.xlsx"
    path.write_text("id,name\n")
    with pytest.raises(InputError) as caught:
        read_file(path)
    assert "cannot be read as an Excel workbook" in en(caught.value.problems[0])


def test_empty_workbook(write_xlsx: Callable[[Sequence[Sequence[object]]], Path]) -> None:
    with pytest.raises(InputError) as caught:
        read_file(write_xlsx([]))
    assert "the file is empty" in en(caught.value.problems[0])
