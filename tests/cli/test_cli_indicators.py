"""``prioritet indicators``: a JSON-stat2 file (SSB's shape, made-up figures) or a tidy CSV printed
tidy as JSON, CSV or a table; malformed files end with status 2 and one clear line."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result


def refused(result: Result, prefix: str = "feil: ") -> list[str]:
    """The problem lines of a run refused as bad input: status 2, nothing on stdout, no traceback."""
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert lines
    assert all(line.startswith(prefix) for line in lines)
    return lines


DATA = Path(__file__).parent.parent / "tabular" / "data"
KOSTRA = DATA / "ssb_kostra_made_up.json"
POPULATION = DATA / "ssb_population_sparse_made_up.json"


def test_json_output_is_the_documented_contract_in_row_major_order(invoke: Callable[..., Result]) -> None:
    result = invoke("indicators", KOSTRA, "--format", "json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert list(out) == ["label", "updated", "dimensions", "labels", "rows"]
    assert out["updated"] == "2026-06-15T06:00:00Z"
    assert out["dimensions"] == ["KOKkommuneregion0000", "ContentsCode", "Tid"]
    assert out["labels"]["KOKkommuneregion0000"] == {"0301": "Oslo", "4601": "Bergen"}
    assert len(out["rows"]) == 12
    assert out["rows"][0] == {
        "KOKkommuneregion0000": "0301",
        "ContentsCode": "KOSandel120000",
        "Tid": "2023",
        "value": 11.2,
        "status": None,
    }
    assert [r["Tid"] for r in out["rows"][:4]] == ["2023", "2024", "2025", "2023"]
    assert out["rows"][2]["value"] is None
    assert out["rows"][2]["status"] == ".."
    assert out["rows"][7] == {**out["rows"][7], "value": None, "status": ":"}
    assert out["rows"][11]["value"] == 0
    assert out["rows"][11]["status"] == "-"


def test_sparse_values_come_out_null_never_zero(invoke: Callable[..., Result]) -> None:
    out = json.loads(invoke("indicators", POPULATION, "--format", "json").stdout)
    assert [(r["value"], r["status"]) for r in out["rows"]] == [
        (14020, None),
        (14410, None),
        (None, ".."),
        (7120, None),
    ]


def test_csv_has_a_column_per_dimension_then_value_and_status_with_symbols_kept(invoke: Callable[..., Result]) -> None:
    result = invoke("indicators", KOSTRA, "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["KOKkommuneregion0000", "ContentsCode", "Tid", "value", "status"]
    assert rows[1] == ["0301", "KOSandel120000", "2023", "11.2", ""]
    assert rows[3] == ["0301", "KOSandel120000", "2025", "", ".."]
    assert rows[8] == ["4601", "KOSandel120000", "2024", "", ":"]
    # «-» starts a formula in a spreadsheet, so the export writes it as text, as every export does.
    assert rows[12] == ["4601", "KOSbrukarinst0000", "2025", "0", "'-"]


def test_csv_export_neutralises_a_code_that_looks_like_a_formula(invoke: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "farlig.csv"
    path.write_text('region,value\n"=HYPERLINK(""http://x"")",1\n', encoding="utf-8")
    rows = list(csv.reader(io.StringIO(invoke("indicators", path, "--format", "csv").stdout)))
    assert rows[1][0] == '\'=HYPERLINK("http://x")'


def test_the_table_shows_codes_with_labels_values_in_the_language_and_status_symbols(
    table: Callable[..., str],
) -> None:
    out = table("indicators", KOSTRA)
    assert "MADE-UP TEST FIGURES" in out
    assert "0301 Oslo" in out
    assert " 1 500 " in out  # whitespace (the no-break space too) is made one space
    assert "Verdi" in out
    assert "Statussymbol" in out
    assert " .. " in out
    assert " : " in out
    # Each figure with the decimals SSB publishes it with (the content code's unit).
    assert " 10,8 " in out
    assert " 1 480 " in out
    english = table("indicators", KOSTRA, language="en")
    assert "Value" in english
    assert "11.2" in english


def test_a_tidy_csv_is_read_like_a_dataset(invoke: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "kostra.csv"
    path.write_text("region;Tid;value;status\n0301;2024;11,5;\n0301;2025;..;\n", encoding="utf-8")
    out = json.loads(invoke("indicators", path, "--format", "json").stdout)
    assert out["label"] is None
    assert out["rows"] == [
        {"region": "0301", "Tid": "2024", "value": 11.5, "status": None},
        {"region": "0301", "Tid": "2025", "value": None, "status": ".."},
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not JSON"),
        (
            '{"class": "dataset", "id": ["a"], "size": [2], "dimension": {"a": {"category": {"index": ["x", "y"]}}}, '
            '"value": [1, 2, 3]}',
            "'value' has 3 cells but the sizes make 2",
        ),
        (
            '{"class": "dataset", "id": ["a", "b"], "size": [1, 1], '
            '"dimension": {"a": {"category": {"index": ["x"]}}}, '
            '"value": [1]}',
            "dimension 'b' is in 'id' but not in 'dimension'",
        ),
        ('{"class": "collection"}', "not a JSON-stat dataset"),
    ],
    ids=["not-json", "size-and-value-disagree", "unknown-dimension", "not-a-dataset"],
)
def test_a_malformed_file_exits_2_with_one_clear_line(
    invoke: Callable[..., Result], tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "feil.json"
    path.write_text(content, encoding="utf-8")
    lines = refused(invoke("indicators", path))
    assert len(lines) == 1
    assert lines[0].startswith(f"feil: {path}: ")
    assert message in lines[0]


def test_a_missing_file_and_a_bad_format_are_both_reported(invoke: Callable[..., Result], tmp_path: Path) -> None:
    lines = refused(invoke("indicators", tmp_path / "borte.json", "--format", "xml"))
    assert len(lines) == 2
    assert "borte.json" in lines[1] or "borte.json" in lines[0]
    assert any("--format" in line for line in lines)


def test_problems_are_prefixed_in_english_when_asked(invoke: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "feil.json"
    path.write_text("[]", encoding="utf-8")
    lines = refused(invoke("indicators", path, language="en"), prefix="error: ")
    assert lines == [f"error: {path}: not a JSON-stat dataset: the top level is not an object"]


def test_what_the_csv_export_writes_reads_back_as_the_same_rows(invoke: Callable[..., Result], tmp_path: Path) -> None:
    exported = tmp_path / "eksport.csv"
    exported.write_text(invoke("indicators", KOSTRA, "--format", "csv").stdout, encoding="utf-8")
    again = json.loads(invoke("indicators", exported, "--format", "json").stdout)
    original = json.loads(invoke("indicators", KOSTRA, "--format", "json").stdout)
    assert again["rows"] == original["rows"]
    assert again["dimensions"] == original["dimensions"]


def test_the_table_rounds_each_figure_to_its_published_decimals(table: Callable[..., str], tmp_path: Path) -> None:
    path = tmp_path / "andel.json"
    path.write_text(
        json.dumps(
            {
                "class": "dataset",
                "id": ["ContentsCode", "Tid"],
                "size": [2, 1],
                "dimension": {
                    "ContentsCode": {
                        "category": {
                            "index": ["Andel", "Snitt"],
                            "unit": {"Andel": {"decimals": 1}, "Snitt": {"decimals": 3}},
                        }
                    },
                    "Tid": {"category": {"index": ["2025"]}},
                },
                "value": [5.943826289, 2],
            }
        ),
        encoding="utf-8",
    )
    out = table("indicators", path)
    assert " 5,9 " in out
    assert "5,94" not in out
    assert " 2,000 " in out
