"""CSV files: comma and semicolon, encodings, aliases, and which columns are resources."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from prioritet.engine import CRITERION_INFO, Criterion, InputError
from prioritet.tabular import read_file

from .wording import en, nb

NORWEGIAN_EXCEL = (
    "ID;Navn;Nytte;Alvorlighet;Ressurs;Kostnad;fte;Obligatorisk;Gruppe;Krever;Beskrivelse\n"
    "natt;Forsvarlig nattbemanning;4;5;4;4\u00a0150\u00a0000;5,6;JA;;;lovpålagt\n"
    "base;Velferdsteknologi, grunnmur;3;3;3;1 250 000,50;0,5;nei;;;\n"
    "\n"
    "dag2;Dagaktivitet, 2 dager;3;4,0;2;950 000;1;;demens;;\n"
    "dag4;Dagaktivitet, 4 dager;4.0;4;3;1 750 000;2,2;0;demens;base;\n"
)


def test_comma_file_with_decimal_point(write_csv: Callable[..., Path]) -> None:
    path = write_csv(
        "id,name,benefit,severity,resources,cost_nok,fte,mandatory\n"
        "a,Alfa,5,4,2,1250000.5,1.5,true\n"
        'b,"Beta, med komma",1,2,3,100,0,false\n'
    )
    m = read_file(path).measures
    assert m.ids == ("a", "b")
    assert m.names == ("Alfa", "Beta, med komma")
    assert m.scores.tolist() == [[5, 4, 2], [1, 2, 3]]
    assert m.resources["cost_nok"].tolist() == [1_250_000.5, 100.0]
    assert m.resources["fte"].tolist() == [1.5, 0.0]
    assert m.mandatory.tolist() == [True, False]


@pytest.mark.parametrize(
    ("encoding", "bom"), [("utf-8", False), ("utf-8", True), ("cp1252", False)], ids=["utf8", "bom", "cp1252"]
)
def test_norwegian_excel_file(write_csv: Callable[..., Path], encoding: str, bom: bool) -> None:
    data = read_file(write_csv(NORWEGIAN_EXCEL, encoding=encoding, bom=bom))
    m = data.measures
    assert m.ids == ("natt", "base", "dag2", "dag4")  # the BOM is not part of the first header
    assert m.names[0] == "Forsvarlig nattbemanning"  # «å», «ø» and the no-break space survive cp1252
    assert m.scores.tolist() == [[4, 5, 4], [3, 3, 3], [3, 4, 2], [4, 4, 3]]
    assert m.resources["Kostnad"].tolist() == [4_150_000.0, 1_250_000.5, 950_000.0, 1_750_000.0]
    assert m.resources["fte"].tolist() == [5.6, 0.5, 1.0, 2.2]
    assert m.mandatory.tolist() == [True, False, False, False]
    assert m.groups == (None, None, "demens", "demens")
    assert m.requires == (None, None, None, "base")
    # Spreadsheet rows: the blank line is row 4, so the measures after it are rows 5 and 6.
    assert m.rows == (2, 3, 5, 6)
    assert data.headers["benefit"] == "Nytte"
    assert data.ignored == ()  # «Beskrivelse» is a known text column


def test_text_column_that_is_not_known_is_ignored_and_listed(write_csv: Callable[..., Path]) -> None:
    data = read_file(
        write_csv("id;name;benefit;severity;resources;ansvar;cost_nok\na;A;3;3;3;Ola Nordmann;10\nb;B;3;3;3;;20\n")
    )
    assert data.ignored == ("ansvar",)
    assert list(data.measures.resources) == ["cost_nok"]


def test_numeric_column_with_any_name_is_a_resource(write_csv: Callable[..., Path]) -> None:
    data = read_file(write_csv("id;name;benefit;severity;resources;plasser\na;A;3;3;3;4\nb;B;3;3;3;\n"))
    assert data.measures.resources["plasser"].tolist() == [4.0, 0.0]  # empty means none of it


def test_a_typo_in_a_numeric_column_is_reported(write_csv: Callable[..., Path]) -> None:
    path = write_csv("id;name;benefit;severity;resources;plasser\na;A;3;3;3;4\nb;B;3;3;3;fire\n")
    with pytest.raises(InputError) as caught:
        read_file(path)
    (problem,) = caught.value.problems
    assert (problem.source, problem.row, problem.column) == (str(path), 3, "plasser")
    assert "«fire»" in en(problem)
    assert "resource use must be a number ≥ 0" in en(problem)


def test_a_resource_header_is_checked_even_when_no_cell_is_a_number(write_csv: Callable[..., Path]) -> None:
    path = write_csv("id;name;benefit;severity;resources;driftskostnader\na;A;3;3;3;mye\nb;B;3;3;3;lite\n")
    with pytest.raises(InputError) as caught:
        read_file(path)
    assert [(p.row, p.column) for p in caught.value.problems] == [(2, "driftskostnader"), (3, "driftskostnader")]


def test_decimal_point_in_a_semicolon_file_is_refused_with_a_hint(write_csv: Callable[..., Path]) -> None:
    with pytest.raises(InputError) as caught:
        read_file(write_csv("id;name;benefit;severity;resources;fte\na;A;3;3;3;1.250\n"))
    (problem,) = caught.value.problems
    assert "desimalkomma" in nb(problem)
    assert "«1.250»" in nb(problem)
    assert "decimal comma" in en(problem)


@pytest.mark.parametrize("score", ["4", "4,0", "4.0", " 4 "])
def test_whole_scores_in_any_notation(write_csv: Callable[..., Path], score: str) -> None:
    m = read_file(write_csv(f"id;name;benefit;severity;resources\na;A;{score};3;3\n")).measures
    assert m.scores[0, 0] == 4


@pytest.mark.parametrize("score", ["4,5", "4.5", "0", "6", "høy", "-1"])
def test_scores_that_are_not_whole_numbers_1_to_5(write_csv: Callable[..., Path], score: str) -> None:
    with pytest.raises(InputError) as caught:
        read_file(write_csv(f"id;name;benefit;severity;resources\na;A;{score};3;3\n"))
    (problem,) = caught.value.problems
    assert (problem.row, problem.column) == (2, "benefit")
    assert f"fikk «{score.strip()}»" in nb(problem)
    assert "nytte må være et heltall fra 1 til 5" in nb(problem)
    assert "benefit must be a whole number from 1 to 5" in en(problem)


@pytest.mark.parametrize(
    ("field", "alias"),
    [
        ("name", "navn"),
        ("benefit", "NYTTE"),
        ("severity", "Alvorlighet"),
        ("severity", CRITERION_INFO[Criterion.SEVERITY].nn),  # nynorsk
        ("severity", "alvor"),
        ("resources", "ressurs"),
        ("resources", "ressurser"),
        ("mandatory", "obligatorisk"),
        ("group", "gruppe"),
        ("requires", "krever"),
    ],
)
def test_norwegian_aliases(write_csv: Callable[..., Path], field: str, alias: str) -> None:
    row = {"id": "b", "name": "B", "benefit": "2", "severity": "3", "resources": "4", "mandatory": "ja"}
    row |= {"group": "g", "requires": "a"}
    headers = [alias if f == field else f for f in row]
    text = ";".join(headers) + "\na;A;1;1;1;nei;;\n" + ";".join(row.values()) + "\n"
    data = read_file(write_csv(text))
    m = data.measures
    assert data.headers[field] == alias
    assert m.names == ("A", "B")
    assert m.scores.tolist() == [[1, 1, 1], [2, 3, 4]]
    assert m.mandatory.tolist() == [False, True]
    assert m.groups == (None, "g")
    assert m.requires == (None, "a")


def test_empty_name_shows_the_id(write_csv: Callable[..., Path]) -> None:
    m = read_file(write_csv("id,name,benefit,severity,resources\nx1,,3,3,3\n")).measures
    assert m.names == ("x1",)


def test_requires_and_groups_reach_the_engine(write_csv: Callable[..., Path]) -> None:
    m = read_file(
        write_csv("id,name,benefit,severity,resources,group,requires\na,A,3,3,3,g,\nb,B,3,3,3,g,c\nc,C,3,3,3,,\n")
    ).measures
    assert m.requires == (None, "c", None)
    assert m.groups == ("g", "g", None)


def test_more_semicolons_than_commas_decides_the_delimiter(write_csv: Callable[..., Path]) -> None:
    m = read_file(write_csv('id;name;benefit;severity;resources\na;"Tiltak, med komma";3;3;3\n')).measures
    assert m.names == ("Tiltak, med komma",)
