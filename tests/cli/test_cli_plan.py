"""``prioritet plan``: the JSON contract equals the engine's plan, the grid in table and CSV, and input
problems that end with exit status 2 and say what to fix."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from prioritet.engine import Weights, optimise_plan
from prioritet.tabular import read_plan_file

# Budget 100 a year. «dagens» (mandatory) takes all of it; «omstilling» saves 40 a year from the year
# after it starts; «ny» (40 a year) fits from 2028 thanks to it. «=SUM» is a name a spreadsheet would
# read as a formula. Values (equal weights): dagens, omstilling 1/4, ny 1; «senere» can start in 2031.
PLAN = (
    "id;navn;nytte;alvorlighet;ressurs;obligatorisk;tidligst;kostnad;kostnad_first;fte\n"
    "dagens;Dagens tilbud;2;2;3;ja;;100;;2\n"
    "omstilling;=SUM(A1);2;2;3;;;-40;0;-1\n"
    "ny;Nytt tilbud;5;5;3;;;40;;1\n"
    "senere;Senere;5;5;3;;2031;1;;0\n"
)


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "plan.csv"
    path.write_text(PLAN, encoding="utf-8")
    return path


def test_json_contract_and_the_hand_worked_plan(invoke: Callable[..., Result], plan_file: Path) -> None:
    result = invoke("plan", plan_file, "--years", "2027:2030", "--budget", "kostnad=100", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == ["years", "value", "optimal", "start", "used", "budget"]
    assert data["years"] == [2027, 2028, 2029, 2030]
    assert data["start"] == {"dagens": 2027, "omstilling": 2027, "ny": 2028}
    assert data["value"] == pytest.approx(4 * 0.25 + 4 * 0.25 + 3 * 1.0)
    assert isinstance(data["value"], float)
    assert data["optimal"] is True
    assert data["used"] == {"kostnad": [100.0, 100.0, 100.0, 100.0]}
    assert data["budget"] == {"kostnad": [100.0, 100.0, 100.0, 100.0]}


def test_json_numbers_are_the_engines_with_yearly_budgets_two_columns_and_weights(
    invoke: Callable[..., Result], plan_file: Path
) -> None:
    args = ("--budget", "kostnad=120,100,100,140", "--budget", "FTE=3", "--weights", "benefit=1,severity=3")
    data = json.loads(invoke("plan", plan_file, "--years", "2027:2030", *args, "--format", "json").stdout)
    plan = read_plan_file(plan_file).plan
    expected = optimise_plan(
        plan,
        range(2027, 2031),
        {"kostnad": [120.0, 100.0, 100.0, 140.0], "fte": 3.0},
        Weights.parse("benefit=1,severity=3"),
    )
    assert data["value"] == expected.value
    assert data["start"] == {plan.measures.ids[i]: s for i, s in enumerate(expected.start) if s is not None}
    assert data["used"] == expected.used
    assert data["budget"] == {"kostnad": [120.0, 100.0, 100.0, 140.0], "fte": [3.0] * 4}


def test_csv_is_a_measures_by_years_grid_and_neutralises_formulas(
    invoke: Callable[..., Result], plan_file: Path
) -> None:
    result = invoke("plan", plan_file, "--years", "2027:2029", "--budget", "kostnad=100", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == [
        "id",
        "name",
        "start",
        "mandatory",
        "benefit",
        "severity",
        "value",
        "2027",
        "2028",
        "2029",
        "kostnad_2027",
        "kostnad_2028",
        "kostnad_2029",
    ]
    by_id = {row[0]: row for row in rows[1:]}
    assert list(by_id) == ["dagens", "omstilling", "ny", "senere"]
    assert by_id["omstilling"][1] == "'=SUM(A1)"
    assert by_id["omstilling"][2:4] == ["2027", "0"]
    assert by_id["omstilling"][7:] == ["1", "1", "1", "0.0", "-40.0", "-40.0"]
    assert by_id["ny"][7:] == ["0", "1", "1", "0.0", "40.0", "40.0"]
    assert by_id["senere"][2] == ""
    assert by_id["senere"][7:10] == ["0", "0", "0"]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "nb",
            [
                "Plan 2027–2030: 3 av 4 tiltak startet, samlet verdi 5,000",
                "Budsjett år for år",
                "Tiltak som ikke startes: 1",
            ],
        ),
        ("nn", ["Plan 2027–2030: 3 av 4 tiltak starta, samla verdi 5,000", "Tiltak som ikkje blir starta: 1"]),
        ("en", ["Plan 2027–2030: 3 of 4 measures started, total value 5.000", "Measures never started: 1"]),
    ],
)
def test_the_table_is_in_the_run_language(
    table: Callable[..., str], plan_file: Path, language: str, expected: list[str]
) -> None:
    text = table("plan", plan_file, "--years", "2027:2030", "--budget", "kostnad=100", language=language)
    for phrase in expected:
        assert phrase in text
    # The grid: «ny» starts in 2028 (▶) and takes 40 a year after; «omstilling» saves 40.
    assert "│ ▶ 40 │ 40 │ 40 │" in text
    assert "│ ▶ 0 │ -40 │ -40 │ -40 │" in text


def errors(result: Result) -> str:
    assert result.exit_code == 2, result.output
    return " ".join(result.stderr.split())


def test_a_budget_with_the_wrong_number_of_years_is_refused(invoke: Callable[..., Result], plan_file: Path) -> None:
    text = errors(invoke("plan", plan_file, "--years", "2027:2030", "--budget", "kostnad=100,100"))
    assert "--budget: budsjettet for «kostnad» har 2 beløp; gi ett beløp for alle årene eller ett per år (4)" in text


@pytest.mark.parametrize(
    ("years", "message"),
    [
        ("2027-2030", "--years: årene må ha formen FØRSTE:SISTE, f.eks. 2027:2030, fikk «2027-2030»"),
        ("2030:2027", "--years: planperioden 2030–2027 er ingen periode"),
        ("2000:2040", "en plan har høyst 20 år"),
    ],
)
def test_bad_years_are_refused(invoke: Callable[..., Result], plan_file: Path, years: str, message: str) -> None:
    assert message in errors(invoke("plan", plan_file, "--years", years, "--budget", "kostnad=100"))


def test_years_and_budget_are_required(invoke: Callable[..., Result], plan_file: Path) -> None:
    text = errors(invoke("plan", plan_file))
    assert "--years: årene må ha formen FØRSTE:SISTE" in text
    assert "--budget" in text


def test_mandatory_measures_that_do_not_fit_name_the_year_and_the_column(
    invoke: Callable[..., Result], plan_file: Path
) -> None:
    # 90 a year: «dagens» needs 100. From 2028 the saving covers the gap, so only 2027 is short.
    text = errors(invoke("plan", plan_file, "--years", "2027:2030", "--budget", "kostnad=90"))
    assert text == (
        "feil: --budget, kolonne «kostnad»: i 2027 krever de obligatoriske tiltakene (med det de krever) 100, "
        "budsjettet er 90: mangler 10"
    )
    english = errors(invoke("plan", plan_file, "--years", "2027:2030", "--budget", "kostnad=90", language="en"))
    assert "in 2027 the mandatory measures (with what they require) need 100, the budget is 90: 10 short" in english


def test_unknown_columns_amounts_and_weights_are_all_reported(invoke: Callable[..., Result], plan_file: Path) -> None:
    text = errors(
        invoke(
            "plan",
            plan_file,
            "--years",
            "2027:2030",
            "--budget",
            "kostnad=100,x,100,100",
            "--weights",
            "resources=1",
        )
    )
    assert "«x»" in text
    assert "ressurs" in text


def test_an_unknown_budget_column_names_the_known_ones(invoke: Callable[..., Result], plan_file: Path) -> None:
    text = errors(invoke("plan", plan_file, "--years", "2027:2030", "--budget", "lønn=1"))
    assert "«lønn»" in text
    assert "fte, kostnad" in text


def test_a_bad_earliest_cell_names_its_row_and_column(invoke: Callable[..., Result], tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(PLAN.replace(";2031;", ";neste år;"), encoding="utf-8")
    text = errors(invoke("plan", path, "--years", "2027:2030", "--budget", "kostnad=100"))
    assert f"{path}, rad 5, kolonne «tidligst»: tidligst må være et årstall (et heltall), fikk «neste år»" in text
