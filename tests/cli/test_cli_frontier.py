"""``prioritet frontier``: the best portfolio at each budget level, worked out by hand."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from prioritet.engine import BudgetRange, frontier
from prioritet.tabular import read_file


def test_json_contract_and_hand_steps(invoke: Callable[..., Result], small: Path) -> None:
    # Levels 40, 70, 100. At 40 only m fits; at 70 the 30 left buy z (0.625) rather than y (0.5);
    # at 100, y and z (1.125) beat x (0.75).
    result = invoke("frontier", small, "--budget", "cost=40:100:3", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == ["points"]
    assert [list(p) for p in data["points"]] == [["budget", "value", "selected"]] * 3
    assert [p["budget"] for p in data["points"]] == [{"cost": 40.0}, {"cost": 70.0}, {"cost": 100.0}]
    assert [p["value"] for p in data["points"]] == pytest.approx([0.5, 1.125, 1.625])
    assert [p["selected"] for p in data["points"]] == [["m"], ["m", "z"], ["m", "y", "z"]]


def test_fixed_budget_beside_the_range(invoke: Callable[..., Result], small: Path) -> None:
    # With two FTEs, m and one more: at 100 that one is x (0.75, cost 50), so z leaves.
    data = json.loads(
        invoke("frontier", small, "--budget", "cost=40:100:3", "--budget", "fte=2", "--format", "json").stdout
    )
    assert [p["budget"] for p in data["points"]][-1] == {"cost": 100.0, "fte": 2.0}
    assert [p["selected"] for p in data["points"]] == [["m"], ["m", "z"], ["m", "x"]]
    assert [p["value"] for p in data["points"]] == pytest.approx([0.5, 1.125, 1.25])


def test_json_numbers_are_the_engines(invoke: Callable[..., Result], small: Path) -> None:
    data = json.loads(invoke("frontier", small, "--budget", "cost=45:150:8", "--format", "json").stdout)
    points = frontier(read_file(small).measures, {"cost": BudgetRange(45.0, 150.0, 8)})
    assert [p["value"] for p in data["points"]] == [p.value for p in points]
    assert [p["budget"] for p in data["points"]] == [p.budget for p in points]


def test_csv_one_row_per_step_and_measure(invoke: Callable[..., Result], small: Path) -> None:
    rows = list(
        csv.reader(io.StringIO(invoke("frontier", small, "--budget", "cost=40:100:3", "--format", "csv").stdout))
    )
    assert rows[0] == ["step", "budget_cost", "value", "id", "name", "selected"]
    assert len(rows) == 1 + 3 * 4
    assert [r[5] for r in rows[1:] if r[0] == "2"] == ["1", "0", "0", "1"]  # m and z at 70
    assert {float(r[1]) for r in rows[1:] if r[0] == "3"} == {100.0}


def test_table_shows_what_enters_and_leaves(table: Callable[..., str], small: Path) -> None:
    out = table("frontier", small, "--budget", "cost=40:100:3", "--budget", "fte=2")
    assert "Kommer inn" in out
    assert "Faller ut" in out
    assert "Budsjett cost" in out
    assert "Faste budsjetter (fixed budgets): fte = 2" in out
    # Step, budget, used, value, count, entered, left: at 100, x comes in and z goes out.
    assert "│ 3 │ 100 │ 90 │ 1,250 │ 2 │ x │ z │" in out
