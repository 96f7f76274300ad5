"""Every way input can be wrong ends with status 2, one Norwegian line per problem, no traceback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result


def refused(result: Result) -> list[str]:
    """The problem lines of a run that must have been refused as bad input."""
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.splitlines()
    assert lines
    assert all(line.startswith("feil (error): ") for line in lines)
    return lines


def test_bad_cells_name_file_row_and_column(invoke: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "feil.csv"
    path.write_text("id;navn;nytte;alvorlighet;ressurs;kostnad\na;A;4,5;3;3;100\nb;B;3;3;3;mye\n", encoding="utf-8")
    lines = refused(invoke("rank", path))
    assert lines == [
        f"feil (error): {path}, rad 2 (row), kolonne «nytte» (column): nytte (benefit) må være et heltall fra 1 "
        "til 5 (expected an integer 1–5), fikk «4,5»",
        f"feil (error): {path}, rad 3 (row), kolonne «kostnad» (column): ressursbruk må være et tall ≥ 0 "
        "(expected a non-negative number), fikk «mye»",
    ]


def test_option_and_file_problems_come_together(invoke: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "feil.csv"
    path.write_text("id,name,benefit,severity\na,A,3,3\n", encoding="utf-8")
    lines = refused(invoke("rank", path, "--weights", "nytte=mye", "--format", "xml", "--method", "ahp"))
    assert len(lines) == 4
    assert "--format: ukjent verdi «xml» (invalid choice); velg «table», «json» eller «csv»" in lines[0]
    assert lines[1].startswith("feil (error): --method: ukjent verdi «ahp»")
    assert lines[2].startswith("feil (error): --weights: ")
    assert "expected a number" in lines[2]
    assert "kolonne «resources» (column)" in lines[3]


@pytest.mark.parametrize("command", ["rank", "portfolio", "frontier", "robustness"])
def test_missing_file(invoke: Callable[..., Result], tmp_path: Path, command: str) -> None:
    budget = [] if command == "rank" else ["--budget", "cost=1"]
    (line,) = refused(invoke(command, tmp_path / "borte.csv", *budget))
    assert line == f"feil (error): {tmp_path / 'borte.csv'}: filen finnes ikke (file not found)"


def test_directory(invoke: Callable[..., Result], tmp_path: Path) -> None:
    (line,) = refused(invoke("rank", tmp_path))
    assert "is a directory" in line


def test_unknown_extension(invoke: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "tiltak.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    (line,) = refused(invoke("rank", path))
    assert "unknown file type" in line
    assert "«.xls»" in line


def test_empty_file(invoke: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "tom.csv"
    path.write_text("", encoding="utf-8")
    (line,) = refused(invoke("rank", path))
    assert "empty file" in line


@pytest.mark.parametrize(
    ("budget", "expected"),
    [
        ("cost", "«cost» skal ha formen KOLONNE=BELØP (expected COLUMN=AMOUNT)"),
        ("=100", "skal ha formen KOLONNE=BELØP"),
        ("cost=", "skal ha formen KOLONNE=BELØP"),
        ("cost=mye", "beløpet «mye» er ikke et tall (expected a number)"),
        ("cost=1.000.000", "er ikke et tall"),
        ("kroner=100", "ukjent ressurskolonne «kroner» (unknown resource column)"),
    ],
)
def test_bad_budget(invoke: Callable[..., Result], small: Path, budget: str, expected: str) -> None:
    (line,) = refused(invoke("portfolio", small, "--budget", budget))
    assert line.startswith("feil (error): --budget: ")
    assert expected in line


def test_negative_budget(invoke: Callable[..., Result], small: Path) -> None:
    (line,) = refused(invoke("portfolio", small, "--budget", "cost=-5"))
    assert "budsjettet for «cost» må være et tall ≥ 0 (expected a non-negative budget)" in line


def test_unknown_budget_column_lists_the_known_ones(invoke: Callable[..., Result], small: Path) -> None:
    lines = refused(invoke("portfolio", small, "--budget", "kr=1", "--budget", "timer=2"))
    assert len(lines) == 2  # both, not just the first
    assert "kjente: cost, fte" in lines[0]


def test_budget_given_twice(invoke: Callable[..., Result], small: Path) -> None:
    for second in ("cost=2", "COST=2"):
        (line,) = refused(invoke("portfolio", small, "--budget", "cost=1", "--budget", second))
        assert "budget given twice" in line


def test_portfolio_needs_a_budget(invoke: Callable[..., Result], small: Path) -> None:
    (line,) = refused(invoke("portfolio", small))
    assert "at least one budget required" in line


@pytest.mark.parametrize("command", ["portfolio", "frontier"])
def test_resources_weight_with_a_budget(invoke: Callable[..., Result], small: Path, command: str) -> None:
    budget = "cost=100" if command == "portfolio" else "cost=40:100:3"
    (line,) = refused(invoke(command, small, "--budget", budget, "--weights", "benefit=1,resources=1"))
    assert line.startswith("feil (error): --weights: ")
    assert "a resources weight is not allowed with a budget" in line


@pytest.mark.parametrize(
    ("weights", "expected"),
    [
        ("benefit", "expected criterion=number"),
        ("kvalitet=2", "unknown criterion"),
        ("benefit=-1", "expected a non-negative weight"),
        ("benefit=0,severity=0", "at least one weight must be positive"),
    ],
)
def test_bad_weights(invoke: Callable[..., Result], small: Path, weights: str, expected: str) -> None:
    lines = refused(invoke("rank", small, "--weights", weights))
    assert any(expected in line for line in lines)
    assert all("--weights" in line for line in lines)


@pytest.mark.parametrize(
    ("budget", "expected"),
    [
        ("cost=100:40:3", "expected FROM < TO"),
        ("cost=40:100:x", "må være et heltall (expected an integer)"),
        ("cost=40:100", "expected COLUMN=FROM:TO:STEPS"),
        ("cost=40:100:1", "expected at least 2 steps"),
        ("cost=40", "expected a budget range"),
    ],
)
def test_bad_frontier_range(invoke: Callable[..., Result], small: Path, budget: str, expected: str) -> None:
    lines = refused(invoke("frontier", small, "--budget", budget))
    assert any(expected in line for line in lines)


def test_frontier_ranges_need_the_same_steps(invoke: Callable[..., Result], small: Path) -> None:
    lines = refused(invoke("frontier", small, "--budget", "cost=40:100:3", "--budget", "fte=1:4:4"))
    assert any("ranges need the same number of steps" in line for line in lines)


def test_zero_samples(invoke: Callable[..., Result], small: Path) -> None:
    (line,) = refused(invoke("robustness", small, "--samples", "0"))
    assert "expected samples ≥ 1" in line


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--bounds", "severity=0.2"], "--bounds: «severity=0.2» skal ha formen kriterium=fra:til"),
        (["--bounds", "severity=0.7:0.2"], "expected 0 ≤ low ≤ high ≤ 1"),
        (["--order", "severity>kvalitet"], "--order: ukjent kriterium «kvalitet» (unknown criterion)"),
        (["--budget", "cost=100", "--order", "resources>benefit"], "no resources weight with a budget"),
    ],
)
def test_bad_weight_space(invoke: Callable[..., Result], small: Path, args: list[str], expected: str) -> None:
    lines = refused(invoke("robustness", small, *args))
    assert any(expected in line for line in lines)


def test_infeasible_frontier_names_the_shortfall(invoke: Callable[..., Result], small: Path) -> None:
    lines = refused(invoke("frontier", small, "--budget", "cost=10:100:3"))
    assert "mandatory measures exceed the budget" in lines[0]
    assert "kolonne «cost» (column): budsjettet mangler 30 (shortfall)" in lines[1]


def test_engine_problems_in_a_row_point_at_the_file(invoke: Callable[..., Result], tmp_path: Path) -> None:
    # Two mandatory measures in one exclusive group: found only when the portfolio is built.
    path = tmp_path / "gruppe.csv"
    path.write_text(
        "id;navn;nytte;alvorlighet;ressurs;kostnad;obligatorisk;gruppe\na;A;3;3;3;1;ja;g\nb;B;3;3;3;1;ja;g\n",
        encoding="utf-8",
    )
    (line,) = refused(invoke("portfolio", path, "--budget", "kostnad=10"))
    assert line.startswith(f"feil (error): {path}, rad 3 (row), kolonne «gruppe» (column): ")
    assert "mandatory measures in one exclusive group" in line


def test_ignored_column_is_noted_without_failing(invoke: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "notat.csv"
    path.write_text("id,name,benefit,severity,resources,ansvarlig2\na,A,3,3,3,Kari\n", encoding="utf-8")
    result = invoke("rank", path, "--format", "json")
    assert result.exit_code == 0
    assert "merk (note)" in result.stderr
    assert "«ansvarlig2»" in result.stderr
    assert "ignored columns" in result.stderr


def test_bounds_and_order_problems_together(invoke: Callable[..., Result], small: Path) -> None:
    lines = refused(invoke("robustness", small, "--bounds", "nytte=mye", "--order", "nytte>>kvalitet"))
    assert [line.split(":")[0] for line in lines] == ["feil (error)"] * len(lines)
    assert any(line.startswith("feil (error): --bounds: ") for line in lines)
    assert any(line.startswith("feil (error): --order: ") for line in lines)
