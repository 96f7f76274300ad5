"""The demo data: a budget case that exercises every feature, and seed 001's worked table."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from typer.testing import Result

from prioritet.demo import MEASURES, PLAN, SEED_CASES
from prioritet.engine import Priority, priority_band
from prioritet.tabular import read_file


def test_budget_case_has_every_feature() -> None:
    data = read_file(MEASURES)
    m = data.measures
    assert 25 <= len(m) <= 40
    assert data.ignored == ()
    assert set(m.resources) == {"cost_nok", "fte"}
    mandatory = {i for i, flag in zip(m.ids, m.mandatory, strict=True) if flag}
    assert {"nattbemanning-sykehjem", "helsestasjon-norm"} <= mandatory
    levels = [i for i, g in zip(m.ids, m.groups, strict=True) if g == "dagaktivitet-demens"]
    assert len(levels) == 3
    assert m.requires[m.index["responssenter"]] == "velferdsteknologi-base"


def test_seed_cases_follow_the_seed_conclusions(invoke: Callable[..., Result]) -> None:
    data = json.loads(invoke("rank", SEED_CASES, "--format", "json").stdout)
    values = {e["id"]: e["value"] for e in data["ranking"]}
    # Høy/Stor → 4, Moderat → 3, Liten and «Moderat til liten» → 2; equal weights of 1/3.
    assert values == pytest.approx(
        {
            "larvikshjelpa": (0.75 + 0.75 + 0.75) / 3,
            "dagaktivitet-demens": (0.75 + 0.75 + 0.75) / 3,
            "rehab-hjemme": (0.75 + 0.75 + 0.5) / 3,
            "rehab-institusjon": (0.75 + 0.75 + 0.25) / 3,
        }
    )
    bands = {ident: priority_band(v) for ident, v in values.items()}
    assert bands == {
        "larvikshjelpa": Priority.HIGH,  # «bør prioriteres høyt»
        "dagaktivitet-demens": Priority.HIGH,  # «bør prioriteres høyt»
        "rehab-hjemme": Priority.HIGH,  # «bør prioritere rehabiliteringsteam i hjemmet»
        "rehab-institusjon": Priority.MEDIUM,
    }
    m = read_file(SEED_CASES).measures
    assert m.groups[m.index["rehab-hjemme"]] == m.groups[m.index["rehab-institusjon"]] is not None


def test_the_demo_plan_starts_measures_over_the_years(invoke: Callable[..., Result]) -> None:
    """The four-year demo plan as ``make demo-cli`` runs it: the platform and its savings first, the
    reduction of long-term places once everyday rehabilitation runs, short-term places with the
    building in 2029, every year within its budget."""
    result = invoke(
        "plan",
        PLAN,
        "--years",
        "2027:2030",
        "--budget",
        "cost_nok=11000000,12000000,13000000,14000000",
        "--budget",
        "fte=12,12,15,15",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    start = data["start"]
    assert start["nattbemanning-sykehjem"] == 2027
    assert start["helsestasjon-norm"] == 2028
    assert start["velferdsteknologi-base"] == 2027
    assert start["digitalt-tilsyn"] == 2027
    assert start["institusjonsplasser-ned"] >= start["hverdagsrehabilitering"]
    assert start["korttid-2"] == 2029
    assert "korttid-4" not in start
    for column, used in data["used"].items():
        assert all(u <= b + 1e-6 for u, b in zip(used, data["budget"][column], strict=True))
