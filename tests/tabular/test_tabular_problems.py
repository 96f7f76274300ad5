"""Every problem in a file is reported at once, with file, row, column, what was expected and found."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from prioritet.engine import InputError, Problem
from prioritet.tabular import parse_bytes, read_file

from .wording import en, located_nb, nb


def problems_of(path: Path) -> tuple[Problem, ...]:
    with pytest.raises(InputError) as caught:
        read_file(path)
    return caught.value.problems


def test_all_problems_at_once_in_row_order(write_csv: Callable[..., Path]) -> None:
    path = write_csv(
        "id;navn;nytte;alvorlighet;ressurs;kostnad;obligatorisk;krever\n"
        "a;A;4,5;3;3;100;ja;\n"
        "b;B;3;;3;1.5;kanskje;zz\n"
        "a;C;3;3;9;-5;nei;\n"
    )
    found = [(p.row, p.column) for p in problems_of(path)]
    assert found == [
        (2, "nytte"),  # 4,5 is not a whole number
        (3, "alvorlighet"),  # missing
        (3, "kostnad"),  # decimal point in a semicolon file
        (3, "obligatorisk"),  # not yes/no
        (3, "krever"),  # unknown id (found by the engine, named by the file's header)
        (4, "id"),  # duplicate id (engine)
        (4, "ressurs"),  # 9 is out of range
        (4, "kostnad"),  # negative (engine)
    ]
    assert all(p.source == str(path) for p in problems_of(path))


def test_message_names_place_expectation_and_finding(write_csv: Callable[..., Path]) -> None:
    path = write_csv("id;name;benefit;severity;resources\na;A;3;høy;3\n")
    (problem,) = problems_of(path)
    assert located_nb(problem) == (
        f"{path}, rad 2, kolonne «severity»: alvorlighet må være et heltall fra 1 til 5, fikk «høy»"
    )
    assert en(problem) == "severity must be a whole number from 1 to 5, got «høy»"


def test_missing_required_columns_are_all_named(write_csv: Callable[..., Path]) -> None:
    problems = problems_of(write_csv("id;navn;kostnad\na;A;100\n"))
    assert [(p.row, p.column) for p in problems] == [(1, "benefit"), (1, "severity"), (1, "resources")]
    assert "the column «benefit» is missing" in en(problems[0])
    assert "«nytte»" in en(problems[0])  # tells the Norwegian name that would do


def test_missing_column_does_not_hide_bad_cells(write_csv: Callable[..., Path]) -> None:
    problems = problems_of(write_csv("id;name;benefit;severity\na;A;7;3\n"))
    assert [(p.row, p.column) for p in problems] == [(1, "resources"), (2, "benefit")]


def test_missing_id_column_does_not_flood(write_csv: Callable[..., Path]) -> None:
    problems = problems_of(write_csv("name;benefit;severity;resources;requires\nA;3;3;3;x\nB;3;3;3;\n"))
    assert [(p.row, p.column) for p in problems] == [(1, "id")]


def test_empty_id_cell(write_csv: Callable[..., Path]) -> None:
    (problem,) = problems_of(write_csv("id;name;benefit;severity;resources\n;A;3;3;3\n"))
    assert (problem.row, problem.column) == (2, "id")
    assert "the id is missing" in en(problem)


def test_two_headers_that_mean_the_same(write_csv: Callable[..., Path]) -> None:
    (problem,) = problems_of(write_csv("id;name;benefit;nytte;severity;resources\na;A;3;3;3;3\n"))
    assert (problem.row, problem.column) == (1, "nytte")
    assert "means the same as" in en(problem)
    assert "«benefit»" in en(problem)


def test_values_without_a_header(write_csv: Callable[..., Path]) -> None:
    (problem,) = problems_of(write_csv("id;name;benefit;severity;resources\na;A;3;3;3;oi\n"))
    assert (problem.row, problem.column) == (1, "F")  # the spreadsheet's column letter
    assert "the column has values but no header" in en(problem)


def test_trailing_empty_columns_are_harmless(write_csv: Callable[..., Path]) -> None:
    m = read_file(write_csv("id;name;benefit;severity;resources;;;\na;A;3;3;3;;;\n")).measures
    assert m.ids == ("a",)


@pytest.mark.parametrize("text", ["", "\n\n  \n", ";;;\n;;\n"])
def test_empty_file(write_csv: Callable[..., Path], text: str) -> None:
    (problem,) = problems_of(write_csv(text))
    assert "the file is empty" in en(problem)


def test_header_only(write_csv: Callable[..., Path]) -> None:
    path = write_csv("id;name;benefit;severity;resources\n")
    (problem,) = problems_of(path)
    assert "no measures" in en(problem)
    assert nb(problem) == "ingen tiltak å vurdere"
    assert problem.source == str(path)


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "finnes-ikke.csv"
    (problem,) = problems_of(path)
    assert (problem.source, nb(problem), en(problem)) == (str(path), "filen finnes ikke", "the file does not exist")


def test_directory(tmp_path: Path) -> None:
    (problem,) = problems_of(tmp_path)
    assert "a folder, not a file" in en(problem)


@pytest.mark.parametrize("name", ["tiltak.xls", "tiltak.ods", "tiltak"])
def test_unknown_extension(write_csv: Callable[..., Path], name: str) -> None:
    (problem,) = problems_of(write_csv("id,name,benefit,severity,resources\na,A,3,3,3\n", name=name))
    assert "save the file as CSV (.csv) or as an Excel workbook (.xlsx)" in en(problem)
    assert ("unknown file type" in en(problem)) == ("." in name)


def test_binary_data_in_a_csv(tmp_path: Path) -> None:
    path = tmp_path / "tiltak.csv"
    path.write_bytes("id;name\n".encode("utf-16"))
    (problem,) = problems_of(path)
    assert "not a text file" in en(problem)


def test_bytes_that_are_neither_utf8_nor_cp1252(tmp_path: Path) -> None:
    path = tmp_path / "tiltak.csv"
    path.write_bytes(b"id;name;benefit;severity;resources\na;\x81\x8d;3;3;3\n")
    (problem,) = problems_of(path)
    assert "neither UTF-8 nor Windows-1252" in en(problem)


def test_parse_bytes_names_the_upload() -> None:
    with pytest.raises(InputError) as caught:
        parse_bytes(b"id,name,benefit,severity,resources\na,A,3,3,x\n", "opplastet.csv")
    assert caught.value.problems[0].source == "opplastet.csv"


def test_byte_order_mark_then_invalid_utf8(tmp_path: Path) -> None:
    path = tmp_path / "tiltak.csv"
    path.write_bytes(b"\xef\xbb\xbfid;name;benefit;severity;resources\na;\xe6;3;3;3\n")
    (problem,) = problems_of(path)
    assert "not valid UTF-8" in en(problem)


def test_unreadable_csv_names_the_row(write_csv: Callable[..., Path]) -> None:
    # Python's csv module refuses a field over 128 KiB; that must be a message, not a crash.
    (problem,) = problems_of(write_csv("id;name;benefit;severity;resources\na;" + "x" * 200_000 + ";3;3;3\n"))
    assert "cannot be read as CSV" in en(problem)
    assert problem.row == 2
