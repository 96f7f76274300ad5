"""``prioritet robustness``: rank acceptability and core index, against cases with known answers."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from prioritet.engine import robustness
from prioritet.tabular import read_file


@pytest.fixture
def rivals(tmp_path: Path) -> Path:
    """p is all benefit, q all severity, equally costly: p wins when the benefit weight is larger."""
    path = tmp_path / "rivals.csv"
    path.write_text("id,name,benefit,severity,resources,cost\np,P,5,1,3,1\nq,Q,1,5,3,1\n", encoding="utf-8")
    return path


def test_json_contract_without_budget(invoke: Callable[..., Result], small: Path) -> None:
    result = invoke("robustness", small, "--samples", "500", "--seed", "7", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == ["samples", "seed", "top", "rank_acceptability", "expected_rank", "most_likely_rank"]
    assert data["top"] == 4
    assert (data["samples"], data["seed"]) == (500, 7)
    assert list(data["rank_acceptability"]) == ["m", "x", "y", "z"]
    for shares in data["rank_acceptability"].values():
        assert len(shares) == 4
        assert all(isinstance(s, float) for s in shares)
        assert sum(shares) == pytest.approx(1.0)


def test_json_numbers_are_the_engines(invoke: Callable[..., Result], small: Path) -> None:
    data = json.loads(
        invoke(
            "robustness", small, "--budget", "cost=100", "--samples", "300", "--seed", "3", "--format", "json"
        ).stdout
    )
    expected = robustness(read_file(small).measures, 300, 3, {"cost": 100.0})
    assert expected.core_index is not None
    assert data["rank_acceptability"]["z"] == expected.rank_acceptability[3].tolist()
    assert data["core_index"] == dict(zip(["m", "x", "y", "z"], expected.core_index.tolist(), strict=True))


def test_core_index_by_hand(invoke: Callable[..., Result], small: Path) -> None:
    # With benefit weight t: {y, z} is worth 1.25 − 0.25t, {x} 0.5 + 0.5t; y and z win for every t < 1.
    data = json.loads(
        invoke("robustness", small, "--budget", "cost=100", "--samples", "2000", "--format", "json").stdout
    )
    assert data["core_index"] == {"m": 1.0, "x": 0.0, "y": 1.0, "z": 1.0}


def test_a_dominating_measure_is_always_first(invoke: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "dominance.csv"
    path.write_text("id,name,benefit,severity,resources\na,A,5,5,1\nb,B,3,3,3\n", encoding="utf-8")
    data = json.loads(invoke("robustness", path, "--samples", "1000", "--format", "json").stdout)
    assert data["rank_acceptability"] == {"a": [1.0, 0.0], "b": [0.0, 1.0]}


def test_symmetric_rivals_share_rank_one_and_the_portfolio(invoke: Callable[..., Result], rivals: Path) -> None:
    # Uniform weights are symmetric in benefit and severity, so each rival wins about half the time.
    data = json.loads(
        invoke(
            "robustness", rivals, "--budget", "cost=1", "--samples", "4000", "--seed", "11", "--format", "json"
        ).stdout
    )
    assert data["rank_acceptability"]["p"][0] == pytest.approx(0.5, abs=0.05)
    assert data["core_index"]["p"] + data["core_index"]["q"] == pytest.approx(1.0)
    assert data["core_index"]["p"] == pytest.approx(0.5, abs=0.05)


def test_order_and_bounds_narrow_the_weights(invoke: Callable[..., Result], rivals: Path) -> None:
    # Severity ≥ benefit always puts q first; a benefit bound of at least 0.6 always puts p first.
    ordered = json.loads(invoke("robustness", rivals, "--order", "severity>benefit", "--format", "json").stdout)
    assert ordered["rank_acceptability"]["q"][0] == 1.0
    bounded = json.loads(
        invoke("robustness", rivals, "--budget", "cost=1", "--bounds", "benefit=0.6:1", "--format", "json").stdout
    )
    assert bounded["core_index"] == {"p": 1.0, "q": 0.0}


def test_same_seed_same_result(invoke: Callable[..., Result], rivals: Path) -> None:
    first, second, other = (
        invoke("robustness", rivals, "--samples", "200", "--seed", seed, "--format", "json").stdout
        for seed in (5, 5, 6)
    )
    assert first == second
    assert first != other


def test_csv(invoke: Callable[..., Result], small: Path) -> None:
    out = invoke("robustness", small, "--budget", "cost=100", "--samples", "200", "--format", "csv").stdout
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == [
        "id",
        "name",
        *("rank_1", "rank_2", "rank_3", "rank_4"),
        *("most_likely_rank", "expected_rank", "core_index"),
        *("core_low", "core_high", "core_samples", "stopped_early"),
    ]
    assert [r[0] for r in rows[1:]] == ["m", "x", "y", "z"]
    assert [float(r[8]) for r in rows[1:]] == [1.0, 0.0, 1.0, 1.0]
    assert all(float(r[9]) <= float(r[8]) <= float(r[10]) for r in rows[1:])
    assert {(r[11], r[12]) for r in rows[1:]} == {("200", "False")}


def test_a_time_limit_of_nothing_uses_no_sample_and_says_so(invoke: Callable[..., Result], small: Path) -> None:
    data = json.loads(
        invoke(
            "robustness", small, "--budget", "cost=100", "--samples", "200", "--time-limit", "0", "--format", "json"
        ).stdout
    )
    assert (data["core_samples"], data["stopped_early"]) == (0, True)
    assert set(data["core_low"].values()) == {0.0}
    assert set(data["core_high"].values()) == {1.0}


def test_a_generous_time_limit_gives_the_exact_core_index(invoke: Callable[..., Result], small: Path) -> None:
    args = ("robustness", small, "--budget", "cost=100", "--samples", "300", "--format", "json")
    exact = json.loads(invoke(*args).stdout)
    bounded = json.loads(invoke(*args, "--time-limit", "600").stdout)
    assert bounded["core_index"] == exact["core_index"]
    assert (bounded["core_samples"], bounded["stopped_early"]) == (300, False)


def test_a_grid_rounds_benefits_weight_and_says_so(invoke: Callable[..., Result], small: Path) -> None:
    args = ("robustness", small, "--budget", "cost=100", "--samples", "300", "--format", "json")
    drawn = json.loads(invoke(*args).stdout)
    assert drawn["core_grid"] is None
    gridded = json.loads(invoke(*args, "--grid", "20", "--time-limit", "600").stdout)
    assert gridded["core_grid"] == 20
    assert (gridded["core_samples"], gridded["stopped_early"]) == (300, False)
    assert set(gridded["core_index"]) == set(drawn["core_index"])
    refused = invoke(*args, "--grid", "0")
    assert refused.exit_code == 2, refused.output


def test_table_classifies_the_core_index(table: Callable[..., str], small: Path, rivals: Path) -> None:
    out = table("robustness", small, "--budget", "cost=100", "--samples", "500")
    for label in ("Rang 1 (andel)", "Mest sannsynlige rang", "Kjerneindeks", "I porteføljen", "alltid med", "aldri"):
        assert label in out
    assert "500 trekk (samples)" in out
    rivals_out = table("robustness", rivals, "--budget", "cost=1", "--samples", "500")
    assert rivals_out.count("noen ganger") == 2


def test_table_without_budget_has_no_core_index(table: Callable[..., str], small: Path) -> None:
    out = table("robustness", small, "--samples", "100", "--bounds", "severity=0.2:0.6")
    assert "Kjerneindeks" not in out
    assert "grenser (bounds): alvorlighet 0,20–0,60" in out


def test_top_gives_the_first_ranks_with_the_summaries_of_them_all(invoke: Callable[..., Result], small: Path) -> None:
    whole = json.loads(invoke("robustness", small, "--samples", "300", "--seed", "2", "--format", "json").stdout)
    first = json.loads(
        invoke("robustness", small, "--samples", "300", "--seed", "2", "--top", "2", "--format", "json").stdout
    )
    assert first["top"] == 2
    assert first["rank_acceptability"] == {ident: shares[:2] for ident, shares in whole["rank_acceptability"].items()}
    assert first["expected_rank"] == whole["expected_rank"]
    for ident, shares in whole["rank_acceptability"].items():
        assert whole["most_likely_rank"][ident] == shares.index(max(shares)) + 1
        assert whole["expected_rank"][ident] == pytest.approx(sum((k + 1) * s for k, s in enumerate(shares)))
    rows = list(
        csv.reader(io.StringIO(invoke("robustness", small, "--top", "1", "--samples", "50", "--format", "csv").stdout))
    )
    assert rows[0] == ["id", "name", "rank_1", "most_likely_rank", "expected_rank"]


def test_many_measures_get_the_first_ten_ranks_unless_more_are_asked_for(
    invoke: Callable[..., Result], tmp_path: Path
) -> None:
    path = tmp_path / "many.csv"
    lines = [f"T{i:03d},Tiltak {i},{1 + i % 5},{1 + (i // 5) % 5},{1 + (i // 25) % 5}" for i in range(120)]
    path.write_text("id,name,benefit,severity,resources\n" + "\n".join(lines) + "\n", encoding="utf-8")
    default = json.loads(invoke("robustness", path, "--samples", "50", "--format", "json").stdout)
    assert default["top"] == 10
    assert len(default["rank_acceptability"]["T000"]) == 10
    everything = json.loads(invoke("robustness", path, "--samples", "50", "--top", "500", "--format", "json").stdout)
    assert everything["top"] == 120
