"""Every way input can be wrong ends with status 2, one line per problem in the user's language
(bokmål unless ``PRIORITET_LANGUAGE`` says nn or en), no traceback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result


def refused(result: Result, prefix: str = "feil: ") -> list[str]:
    """The problem lines of a run that must have been refused as bad input."""
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.splitlines()
    assert lines
    assert all(line.startswith(prefix) for line in lines)
    return lines


def test_bad_cells_name_file_row_and_column(invoke: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "feil.csv"
    path.write_text("id;navn;nytte;alvorlighet;ressurs;kostnad\na;A;4,5;3;3;100\nb;B;3;3;3;mye\n", encoding="utf-8")
    lines = refused(invoke("rank", path))
    assert lines == [
        f"feil: {path}, rad 2, kolonne «nytte»: nytte må være et heltall fra 1 til 5, fikk «4,5»",
        f"feil: {path}, rad 3, kolonne «kostnad»: ressursbruk må være et tall ≥ 0, fikk «mye»",
    ]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "nb",
            [
                "feil: {path}, rad 2, kolonne «nytte»: nytte må være et heltall fra 1 til 5, fikk «4,5»",
                "feil: --budget, kolonne «kostnad»: de obligatoriske tiltakene krever 1\u00a0250,5, budsjettet er "
                "1\u00a0000: mangler 250,5",
            ],
        ),
        (
            "nn",
            [
                "feil: {path}, rad 2, kolonne «nytte»: nytte må vere eit heiltal frå 1 til 5, fekk «4,5»",
                "feil: --budget, kolonne «kostnad»: dei obligatoriske tiltaka krev 1\u00a0250,5, budsjettet er "
                "1\u00a0000: manglar 250,5",
            ],
        ),
        (
            "en",
            [
                "error: {path}, row 2, column «nytte»: benefit must be a whole number from 1 to 5, got «4,5»",
                "error: --budget, column «kostnad»: the mandatory measures need 1\u00a0250.5, the budget is "
                "1\u00a0000: 250.5 short",
            ],
        ),
    ],
)
def test_problems_in_the_users_language(
    invoke: Callable[..., Result], tmp_path: Path, language: str, expected: list[str]
) -> None:
    """The engine's problems are codes; the command line words them in nb, nn or en, numbers with the
    language's decimal mark."""
    path = tmp_path / "feil.csv"
    path.write_text("id;navn;nytte;alvorlighet;ressurs;kostnad\na;A;4,5;3;3;100\n", encoding="utf-8")
    prefix = "error: " if language == "en" else "feil: "
    (bad_cell,) = refused(invoke("rank", path, language=language), prefix)
    path.write_text("id;navn;nytte;alvorlighet;ressurs;kostnad;obligatorisk\na;A;4;3;3;1250,5;ja\n", encoding="utf-8")
    short = refused(invoke("portfolio", path, "--budget", "kostnad=1000", language=language), prefix)
    assert [bad_cell, short[1]] == [line.format(path=path) for line in expected]


def test_option_and_file_problems_come_together(invoke: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "feil.csv"
    path.write_text("id,name,benefit,severity\na,A,3,3\n", encoding="utf-8")
    lines = refused(invoke("rank", path, "--weights", "nytte=mye", "--format", "xml", "--method", "ahp"))
    assert len(lines) == 4
    assert "--format: ukjent verdi «xml»; velg en av «table», «json», «csv»" in lines[0]
    assert lines[1].startswith("feil: --method: ukjent verdi «ahp»")
    assert lines[2].startswith("feil: --weights: ")
    assert "vekten for nytte må være et tall, fikk «mye»" in lines[2]
    assert "kolonne «resources»" in lines[3]


@pytest.mark.parametrize("command", ["rank", "portfolio", "frontier", "robustness"])
def test_missing_file(invoke: Callable[..., Result], tmp_path: Path, command: str) -> None:
    budget = [] if command == "rank" else ["--budget", "cost=1"]
    (line,) = refused(invoke(command, tmp_path / "borte.csv", *budget))
    assert line == f"feil: {tmp_path / 'borte.csv'}: filen finnes ikke"


def test_directory(invoke: Callable[..., Result], tmp_path: Path) -> None:
    (line,) = refused(invoke("rank", tmp_path))
    assert "dette er en mappe, ikke en fil" in line


def test_unknown_extension(invoke: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "tiltak.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    (line,) = refused(invoke("rank", path))
    assert "ukjent filtype «.xls»" in line


def test_empty_file(invoke: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "tom.csv"
    path.write_text("", encoding="utf-8")
    (line,) = refused(invoke("rank", path))
    assert "filen er tom" in line


@pytest.mark.parametrize(
    ("budget", "expected"),
    [
        ("cost", "«cost» skal ha formen KOLONNE=BELØP"),
        ("=100", "skal ha formen KOLONNE=BELØP"),
        ("cost=", "skal ha formen KOLONNE=BELØP"),
        ("cost=mye", "beløpet «mye» er ikke et tall"),
        ("cost=1.000.000", "er ikke et tall"),
        ("kroner=100", "ukjent ressurskolonne «kroner»"),
    ],
)
def test_bad_budget(invoke: Callable[..., Result], small: Path, budget: str, expected: str) -> None:
    (line,) = refused(invoke("portfolio", small, "--budget", budget))
    assert line.startswith("feil: --budget: ")
    assert expected in line


def test_negative_budget(invoke: Callable[..., Result], small: Path) -> None:
    (line,) = refused(invoke("portfolio", small, "--budget", "cost=-5"))
    assert "budsjettet for «cost» må være et tall ≥ 0, fikk -5" in line


def test_unknown_budget_column_lists_the_known_ones(invoke: Callable[..., Result], small: Path) -> None:
    lines = refused(invoke("portfolio", small, "--budget", "kr=1", "--budget", "timer=2"))
    assert len(lines) == 2  # both, not just the first
    assert "kjente: cost, fte" in lines[0]


def test_budget_given_twice(invoke: Callable[..., Result], small: Path) -> None:
    for second in ("cost=2", "COST=2"):
        (line,) = refused(invoke("portfolio", small, "--budget", "cost=1", "--budget", second))
        assert "budsjettet for «cost» er gitt to ganger" in line


def test_portfolio_needs_a_budget(invoke: Callable[..., Result], small: Path) -> None:
    (line,) = refused(invoke("portfolio", small))
    assert "minst ett budsjett trengs: --budget KOLONNE=BELØP" in line


@pytest.mark.parametrize("command", ["portfolio", "frontier"])
def test_resources_weight_with_a_budget(invoke: Callable[..., Result], small: Path, command: str) -> None:
    budget = "cost=100" if command == "portfolio" else "cost=40:100:3"
    (line,) = refused(invoke(command, small, "--budget", budget, "--weights", "benefit=1,resources=1"))
    assert line.startswith("feil: --weights: ")
    assert "en vekt for ressurs kan ikke brukes med budsjett" in line


@pytest.mark.parametrize(
    ("weights", "expected"),
    [
        ("benefit", "«benefit» skal ha formen kriterium=tall"),
        ("kvalitet=2", "ukjent kriterium «kvalitet»"),
        ("benefit=-1", "vekten for nytte må være et endelig tall ≥ 0, fikk -1"),
        ("benefit=0,severity=0", "minst én vekt må være større enn 0"),
    ],
)
def test_bad_weights(invoke: Callable[..., Result], small: Path, weights: str, expected: str) -> None:
    lines = refused(invoke("rank", small, "--weights", weights))
    assert any(expected in line for line in lines)
    assert all("--weights" in line for line in lines)


@pytest.mark.parametrize(
    ("budget", "expected"),
    [
        ("cost=100:40:3", "FRA må være mindre enn TIL"),
        ("cost=40:100:x", "antall steg «x» må være et heltall"),
        ("cost=40:100", "skal ha formen KOLONNE=FRA:TIL:STEG"),
        ("cost=40:100:1", "antall steg må være minst 2, fikk 1"),
        ("cost=40", "minst ett budsjett må ha formen KOLONNE=FRA:TIL:STEG"),
    ],
)
def test_bad_frontier_range(invoke: Callable[..., Result], small: Path, budget: str, expected: str) -> None:
    lines = refused(invoke("frontier", small, "--budget", budget))
    assert any(expected in line for line in lines)


def test_frontier_ranges_need_the_same_steps(invoke: Callable[..., Result], small: Path) -> None:
    lines = refused(invoke("frontier", small, "--budget", "cost=40:100:3", "--budget", "fte=1:4:4"))
    assert any("alle budsjettintervallene må ha like mange steg" in line for line in lines)


def test_zero_samples(invoke: Callable[..., Result], small: Path) -> None:
    (line,) = refused(invoke("robustness", small, "--samples", "0"))
    assert "antall trekk må være minst 1, fikk 0" in line


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--bounds", "severity=0.2"], "--bounds: «severity=0.2» skal ha formen kriterium=fra:til"),
        (["--bounds", "severity=0.7:0.2"], "må oppfylle 0 ≤ fra ≤ til ≤ 1, fikk 0,7:0,2"),
        (["--order", "severity>kvalitet"], "--order: ukjent kriterium «kvalitet»"),
        (["--budget", "cost=100", "--order", "resources>benefit"], "med budsjett erstatter budsjettene ressurs"),
    ],
)
def test_bad_weight_space(invoke: Callable[..., Result], small: Path, args: list[str], expected: str) -> None:
    lines = refused(invoke("robustness", small, *args))
    assert any(expected in line for line in lines)


def test_infeasible_frontier_names_the_shortfall(invoke: Callable[..., Result], small: Path) -> None:
    lines = refused(invoke("frontier", small, "--budget", "cost=10:100:3"))
    assert "de obligatoriske tiltakene (forsvarlighet) får ikke plass i budsjettet" in lines[0]
    assert "kolonne «cost»: de obligatoriske tiltakene krever 40, budsjettet er 10: mangler 30" in lines[1]


def test_engine_problems_in_a_row_point_at_the_file(invoke: Callable[..., Result], tmp_path: Path) -> None:
    # Two mandatory measures in one exclusive group: found only when the portfolio is built.
    path = tmp_path / "gruppe.csv"
    path.write_text(
        "id;navn;nytte;alvorlighet;ressurs;kostnad;obligatorisk;gruppe\na;A;3;3;3;1;ja;g\nb;B;3;3;3;1;ja;g\n",
        encoding="utf-8",
    )
    (line,) = refused(invoke("portfolio", path, "--budget", "kostnad=10"))
    assert line.startswith(f"feil: {path}, rad 3, kolonne «gruppe»: ")
    assert "står i samme gruppe «g» der bare ett kan velges" in line


def test_ignored_column_is_noted_without_failing(invoke: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "notat.csv"
    path.write_text("id,name,benefit,severity,resources,ansvarlig2\na,A,3,3,3,Kari\n", encoding="utf-8")
    result = invoke("rank", path, "--format", "json")
    assert result.exit_code == 0
    assert "merk: " in result.stderr
    assert "«ansvarlig2»" in result.stderr
    assert "er ikke brukt, verken kjent navn eller tall" in result.stderr


def test_bounds_and_order_problems_together(invoke: Callable[..., Result], small: Path) -> None:
    lines = refused(invoke("robustness", small, "--bounds", "nytte=mye", "--order", "nytte>>kvalitet"))
    assert [line.split(":")[0] for line in lines] == ["feil"] * len(lines)
    assert any(line.startswith("feil: --bounds: ") for line in lines)
    assert any(line.startswith("feil: --order: ") for line in lines)
