"""Plan files (``prioritet plan``): ``earliest`` and ``C_first`` columns, negative amounts, and
problems that name their row and column."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from prioritet.engine import Code, InputError
from prioritet.tabular import read_file, read_plan_file

HEADER = "id;navn;nytte;alvorlighet;ressurs;obligatorisk;krever;tidligst;kostnad;kostnad_first;fte\n"


def test_a_plan_file_reads_earliest_first_year_and_negative_amounts(write_csv: Callable[..., Path]) -> None:
    path = write_csv(
        HEADER
        + "T1;Drift;4;4;3;ja;;;1 000 000;;1,5\n"
        + "T2;Ny;3;3;3;nei;T1;2028;200 000;800 000;0,5\n"
        + "T3;Omstilling;2;2;3;;;;−400 000;0;-1\n"
    )
    data = read_plan_file(path)
    plan = data.plan
    assert plan.measures.ids == ("T1", "T2", "T3")
    assert plan.earliest == (None, 2028, None)
    assert set(plan.running) == {"kostnad", "fte"}
    assert plan.running["kostnad"].tolist() == [1_000_000.0, 200_000.0, -400_000.0]
    # An empty first-year cell is the running amount; a column without _first has none.
    assert plan.first["kostnad"].tolist() == [1_000_000.0, 800_000.0, 0.0]
    assert plan.first["fte"].tolist() == [1.5, 0.5, -1.0]
    assert plan.measures.requires == (None, "T1", None)
    assert plan.measures.mandatory.tolist() == [True, False, False]


def test_the_one_year_reader_still_refuses_negative_amounts_and_ignores_earliest(
    write_csv: Callable[..., Path],
) -> None:
    ok = write_csv("id,name,benefit,severity,resources,earliest,cost\nA,a,3,3,3,2029,10\n")
    assert set(read_file(ok).measures.resources) == {"cost"}
    bad = write_csv("id,name,benefit,severity,resources,cost\nA,a,3,3,3,-10\n", name="neg.csv")
    with pytest.raises(InputError) as err:
        read_file(bad)
    assert [p.code for p in err.value.problems] == [Code.RESOURCE_NEGATIVE]


def test_plan_problems_name_row_and_column(write_csv: Callable[..., Path]) -> None:
    path = write_csv(
        "id,name,benefit,severity,resources,earliest,cost,fte_first\n"
        "A,a,3,3,3,2027.5,10,1\n"
        "B,b,3,3,3,neste år,x,\n"
        "C,c,3,3,3,2028,5,\n"
    )
    with pytest.raises(InputError) as err:
        read_plan_file(path)
    found = [(p.code, p.row, p.column) for p in err.value.problems]
    assert found == [
        (Code.FIRST_WITHOUT_COLUMN, 1, "fte_first"),
        (Code.EARLIEST_INVALID, 2, "earliest"),
        (Code.EARLIEST_INVALID, 3, "earliest"),
        (Code.AMOUNT_INVALID, 3, "cost"),
    ]
    assert err.value.problems[0].params == {"column": "fte_first", "base": "fte"}
    assert all(p.source == str(path) for p in err.value.problems)


def test_a_plan_workbook_takes_years_as_numbers(write_xlsx: Callable[..., Path]) -> None:
    path = write_xlsx(
        [
            ["id", "name", "benefit", "severity", "resources", "earliest", "Cost", "cost_FIRST"],
            ["A", "a", 3, 3, 3, 2029, 100.0, 250.0],
            ["B", "b", 4, 4, 3, None, -50, None],
        ]
    )
    plan = read_plan_file(path).plan
    assert plan.earliest == (2029, None)
    assert plan.running["Cost"].tolist() == [100.0, -50.0]
    assert plan.first["Cost"].tolist() == [250.0, -50.0]
