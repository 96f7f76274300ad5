"""``prioritet portfolio``: selection by hand, the JSON contract, left-out measures, infeasibility."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from prioritet.engine import Weights, optimise
from prioritet.tabular import read_file


def test_json_contract_and_hand_selection(invoke: Callable[..., Result], small: Path) -> None:
    # m is mandatory (cost 40); 60 left: {y, z} = 0.5 + 0.625 beats {x} = 0.75.
    result = invoke("portfolio", small, "--budget", "cost=100", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == ["selected", "excluded", "value", "used", "budget", "optimal"]
    assert data["selected"] == ["m", "y", "z"]
    assert data["excluded"] == ["x"]
    assert data["value"] == pytest.approx(1.625)
    assert data["used"] == {"cost": 100.0}
    assert data["budget"] == {"cost": 100.0}
    assert data["optimal"] is True
    assert isinstance(data["value"], float)


def test_two_budgets_and_decimal_comma(invoke: Callable[..., Result], small: Path) -> None:
    # Two FTEs: m and one more; x (0.75) is the best one that fits the 60 left.
    data = json.loads(
        invoke("portfolio", small, "--budget", "cost=100,0", "--budget", "fte=2", "--format", "json").stdout
    )
    assert data["selected"] == ["m", "x"]
    assert data["value"] == pytest.approx(1.25)
    assert data["used"] == {"cost": 90.0, "fte": 2.0}
    assert data["budget"] == {"cost": 100.0, "fte": 2.0}


def test_budget_column_case_does_not_matter(invoke: Callable[..., Result], small: Path) -> None:
    data = json.loads(invoke("portfolio", small, "--budget", "COST=100", "--format", "json").stdout)
    assert data["budget"] == {"cost": 100.0}


def test_json_numbers_are_the_engines(invoke: Callable[..., Result], small: Path) -> None:
    data = json.loads(
        invoke(
            "portfolio", small, "--budget", "cost=95", "--weights", "benefit=1,severity=3", "--format", "json"
        ).stdout
    )
    measures = read_file(small).measures
    expected = optimise(measures, {"cost": 95.0}, Weights.parse("benefit=1,severity=3"))
    assert data["selected"] == [i for i, s in zip(measures.ids, expected.selected, strict=True) if s]
    assert data["value"] == expected.value
    assert data["used"] == expected.used


def test_csv(invoke: Callable[..., Result], small: Path) -> None:
    rows = list(csv.reader(io.StringIO(invoke("portfolio", small, "--budget", "cost=100", "--format", "csv").stdout)))
    assert rows[0] == ["id", "name", "selected", "mandatory", "benefit", "severity", "value", "cost"]
    assert [(r[0], r[2], r[3]) for r in rows[1:]] == [
        ("m", "1", "1"),
        ("x", "0", "0"),
        ("y", "1", "0"),
        ("z", "1", "0"),
    ]
    assert [float(r[6]) for r in rows[1:]] == [0.5, 0.75, 0.5, 0.625]
    assert [float(r[7]) for r in rows[1:]] == [40.0, 50.0, 30.0, 30.0]


def test_table_shows_use_and_what_is_left_out(table: Callable[..., str], small: Path) -> None:
    out = table("portfolio", small, "--budget", "cost=100")
    assert "Valgte tiltak (selected): 3 av 4, samlet verdi 1,625" in out
    assert "obligatorisk" in out
    for label in ("Ressursbruk", "Brukt", "Budsjett", "Igjen"):
        assert label in out
    assert "Ikke med (left out): 1 tiltak" in out
    assert "Alvorlighet hvis tiltaket ikke gjennomføres" in out
    left_out = out[out.index("Ikke med") :]
    assert "Stor nytte" in left_out
    assert "3 – moderat" in left_out  # x's severity: the consequence of leaving it out
    assert "Vekter (weights): Nytte 0,50 · Alvorlighet 0,50" in out


def test_infeasible_names_the_shortfall_per_column(invoke: Callable[..., Result], small: Path) -> None:
    result = invoke("portfolio", small, "--budget", "cost=30", "--budget", "fte=0,5")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "de obligatoriske tiltakene (forsvarlighet) får ikke plass i budsjettet" in result.stderr
    assert (
        "--budget, kolonne «cost»: de obligatoriske tiltakene krever 40, budsjettet er 30: mangler 10" in result.stderr
    )
    assert (
        "--budget, kolonne «fte»: de obligatoriske tiltakene krever 1, budsjettet er 0,5: mangler 0,5" in result.stderr
    )
    assert "Traceback" not in result.output
