"""``prioritet rank``: the JSON contract, values worked out by hand, CSV and the table."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from typer.testing import Result

from prioritet.engine import Method, Weights, rank
from prioritet.tabular import read_file


def test_json_contract_and_hand_values(invoke: Callable[..., Result], small: Path) -> None:
    result = invoke("rank", small, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == ["method", "weights", "ranking", "baseline"]
    assert data["baseline"] is None
    assert data["method"] == "additive"
    assert data["weights"] == pytest.approx({"benefit": 1 / 3, "severity": 1 / 3, "resources": 1 / 3})
    for entry in data["ranking"]:
        assert list(entry) == ["id", "name", "rank", "value"]
        assert isinstance(entry["id"], str)
        assert isinstance(entry["name"], str)
        assert isinstance(entry["rank"], int)
        assert isinstance(entry["value"], float)
    # y and z tie at 2/3, m and x at 1/2; ties go to the higher severity (z 4 > y 3, m 5 > x 3).
    assert [e["id"] for e in data["ranking"]] == ["z", "y", "m", "x"]
    assert [e["rank"] for e in data["ranking"]] == [1, 2, 3, 4]
    assert [e["value"] for e in data["ranking"]] == pytest.approx([2 / 3, 2 / 3, 0.5, 0.5])
    assert data["ranking"][0]["name"] == "Alvorlig"


def test_weights_change_the_order(invoke: Callable[..., Result], small: Path) -> None:
    # Benefit alone: values are the benefit partials, x 1, y and z 0.5, m 0.
    data = json.loads(invoke("rank", small, "--weights", "benefit=1", "--format", "json").stdout)
    assert data["weights"] == {"benefit": 1.0, "severity": 0.0, "resources": 0.0}
    assert [(e["id"], e["value"]) for e in data["ranking"]] == [("x", 1.0), ("z", 0.5), ("y", 0.5), ("m", 0.0)]


def test_norwegian_criterion_names_in_weights(invoke: Callable[..., Result], small: Path) -> None:
    data = json.loads(invoke("rank", small, "--weights", "nytte=2,alvorlighet=1,ressurs=1", "--format", "json").stdout)
    assert data["weights"] == {"benefit": 0.5, "severity": 0.25, "resources": 0.25}
    # m: 0.25·1 + 0.25·0.5 = 0.375; x: 0.5 + 0.125 = 0.625; y: 0.25 + 0.125 + 0.25 = 0.625;
    # z: 0.25 + 0.1875 + 0.1875 = 0.625. Ties: severity (z), then benefit (x before y).
    assert [(e["id"], e["value"]) for e in data["ranking"]] == [
        ("z", 0.625),
        ("x", 0.625),
        ("y", 0.625),
        ("m", 0.375),
    ]


@pytest.mark.parametrize("method", ["additive", "topsis"])
def test_json_numbers_are_the_engines(invoke: Callable[..., Result], small: Path, method: str) -> None:
    data = json.loads(
        invoke(
            "rank", small, "--method", method, "--weights", "benefit=3,severity=2,resources=1", "--format", "json"
        ).stdout
    )
    expected = rank(read_file(small).measures, Weights.parse("benefit=3,severity=2,resources=1"), Method(method))
    ids = read_file(small).measures.ids
    assert data["method"] == method
    assert data["weights"] == expected.weights
    assert [e["id"] for e in data["ranking"]] == [ids[i] for i in expected.order]
    assert [e["value"] for e in data["ranking"]] == [float(expected.values[i]) for i in expected.order]


def test_csv(invoke: Callable[..., Result], small: Path) -> None:
    result = invoke("rank", small, "--format", "csv")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["rank", "id", "name", "benefit", "severity", "resources", "value"]
    assert rows[1][:6] == ["1", "z", "Alvorlig", "3", "4", "2"]
    assert float(rows[1][6]) == pytest.approx(2 / 3)
    assert [r[1] for r in rows[1:]] == ["z", "y", "m", "x"]


def test_table_for_people(table: Callable[..., str], small: Path) -> None:
    out = table("rank", small)
    for label in ("Rang", "Tiltak", "Nytte", "Alvorlighet", "Ressurs", "Verdi", "Prioritet"):
        assert label in out
    assert "Vekter (weights): Nytte 0,33 · Alvorlighet 0,33 · Ressurs 0,33" in out
    assert "0,667" in out  # decimal comma
    assert "obligatorisk" in out  # m is marked
    assert "høy" in out  # y and z: 2/3 is the high band
    assert out.index("Alvorlig") < out.index("Billig") < out.index("Forsvarlig minimum") < out.index("Stor nytte")


def test_topsis_table_has_no_additive_bands(table: Callable[..., str], small: Path) -> None:
    out = table("rank", small, "--method", "TOPSIS")
    assert "TOPSIS" in out
    assert "Prioritet (forslag)" not in out


def test_workbook_input(invoke: Callable[..., Result], tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    for row in (["ID", "Navn", "Nytte", "Alvorlighet", "Ressurs"], ["a", "A", 5, 5, 1], ["b", "B", 1, 1, 5]):
        book.active.append(row)
    path = tmp_path / "tiltak.xlsx"
    book.save(path)
    data = json.loads(invoke("rank", path, "--format", "json").stdout)
    # a has every partial value 1, b every partial value 0.
    assert [(e["id"], e["value"]) for e in data["ranking"]] == [("a", 1.0), ("b", 0.0)]


def test_csv_output_neutralises_text_that_would_start_a_formula(invoke: Callable[..., Result], tmp_path: Path) -> None:
    """Names come from the user's file: as CSV they never become formulas; numbers stay numbers."""
    path = tmp_path / "farlig.csv"
    path.write_text(
        'id;name;benefit;severity;resources\n-a;=HYPERLINK("http://x","y");5;3;1\nb;@SUM(A1);1;1;5\n',
        encoding="utf-8",
    )
    result = invoke("rank", path, "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[1][1:3] == ["'-a", '\'=HYPERLINK("http://x","y")']
    assert rows[2][2] == "'@SUM(A1)"
    assert [rows[1][0], rows[1][3]] == ["1", "5"]


# --- the reference row («no action»): reported apart, never ranked ------------------------------------

WITH_REFERENCE = (
    "id;name;benefit;severity;resources;cost;fte;mandatory;baseline\n"
    "m;Forsvarlig minimum;1;5;3;40;1;ja;\n"
    "ingen;Ikke starte, utsette eller avslutte;1;4;5;0;0;nei;JA\n"
    "x;Stor nytte;5;3;5;50;1;nei;nei\n"
    "y;Billig;3;3;1;30;1;nei;\n"
    "z;Alvorlig;3;4;2;30;1;nei;0\n"
)


@pytest.fixture
def with_reference(tmp_path: Path) -> Path:
    path = tmp_path / "referanse.csv"
    path.write_text(WITH_REFERENCE, encoding="utf-8")
    return path


@pytest.mark.parametrize("method", ["additive", "topsis"])
def test_the_baseline_row_is_absent_from_the_order_and_present_as_baseline(
    invoke: Callable[..., Result], small: Path, with_reference: Path, method: str
) -> None:
    data = json.loads(invoke("rank", with_reference, "--method", method, "--format", "json").stdout)
    without = json.loads(invoke("rank", small, "--method", method, "--format", "json").stdout)
    assert list(data) == ["method", "weights", "ranking", "baseline"]
    assert "ingen" not in [e["id"] for e in data["ranking"]]
    assert data["baseline"] == {"id": "ingen", "name": "Ikke starte, utsette eller avslutte"}
    # The others keep their order, ranks and values exactly: the reference is no candidate.
    assert data["ranking"] == without["ranking"]


def test_the_baseline_is_the_last_line_of_csv_and_table(
    invoke: Callable[..., Result], table: Callable[..., str], with_reference: Path
) -> None:
    rows = list(csv.reader(io.StringIO(invoke("rank", with_reference, "--format", "csv").stdout)))
    assert [r[1] for r in rows[1:-1]] == ["z", "y", "m", "x"]
    assert rows[-1] == ["Referanse: ingen – Ikke starte, utsette eller avslutte"]
    shown = table("rank", with_reference)
    assert shown.endswith("Referanse: ingen – Ikke starte, utsette eller avslutte")
    assert shown.count("Ikke starte") == 1


@pytest.mark.parametrize(("language", "word"), [("nb", "Referanse"), ("nn", "Referanse"), ("en", "Reference")])
def test_the_reference_line_is_in_the_users_language(
    invoke: Callable[..., Result], with_reference: Path, language: str, word: str
) -> None:
    result = invoke("rank", with_reference, "--format", "csv", language=language)
    assert list(csv.reader(io.StringIO(result.stdout)))[-1] == [f"{word}: ingen – Ikke starte, utsette eller avslutte"]


def test_without_a_baseline_there_is_no_reference_line(invoke: Callable[..., Result], small: Path) -> None:
    rows = list(csv.reader(io.StringIO(invoke("rank", small, "--format", "csv").stdout)))
    assert len(rows) == 5
    assert "Referanse" not in invoke("rank", small).stdout


def test_the_baseline_is_never_chosen_in_a_portfolio(invoke: Callable[..., Result], with_reference: Path) -> None:
    data = json.loads(invoke("portfolio", with_reference, "--budget", "cost=1000", "--format", "json").stdout)
    assert "ingen" not in json.dumps(data)


def test_two_baseline_rows_are_refused_naming_both(invoke: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "to.csv"
    path.write_text(
        "id;name;benefit;severity;resources;baseline\na;A;1;4;5;ja\nb;B;3;3;3;\nc;C;1;4;5;yes\n", encoding="utf-8"
    )
    result = invoke("rank", path)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"feil: {path}, rad 4, kolonne «baseline»: bare én rad kan være referansen (baseline, ingen tiltak); "
        "radene 2, 4 er alle merket"
    ]


def test_a_baseline_cell_that_is_no_yes_or_no_is_refused(invoke: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "feil.csv"
    path.write_text("id;name;benefit;severity;resources;referanse\na;A;1;4;5;kanskje\n", encoding="utf-8")
    result = invoke("rank", path, language="en")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"error: {path}, row 2, column «referanse»: baseline must be yes/no, true/false or 1/0 (ja/nei), got «kanskje»"
    ]
