"""A small measures file whose results are worked out by hand, and a runner for the CLI.

Partial values: benefit (b−1)/4, severity (s−1)/4, resources (5−r)/4.

    id  b s r  cost  fte  mandatory  partials        value, equal weights of 3 | portfolio (b, s)
    m   1 5 3   40   1    ja         0, 1, 0.5       0.5                       | 0.5
    x   5 3 5   50   1               1, 0.5, 0       0.5                       | 0.75
    y   3 3 1   30   1               0.5, 0.5, 1     0.666…                    | 0.5
    z   3 4 2   30   1               0.5, 0.75, 0.75 0.666…                    | 0.625
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from prioritet.cli.main import app

SMALL = (
    "id;name;benefit;severity;resources;cost;fte;mandatory\n"
    "m;Forsvarlig minimum;1;5;3;40;1;ja\n"
    "x;Stor nytte;5;3;5;50;1;nei\n"
    "y;Billig;3;3;1;30;1;nei\n"
    "z;Alvorlig;3;4;2;30;1;nei\n"
)


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "small.csv"
    path.write_text(SMALL, encoding="utf-8")
    return path


@pytest.fixture
def invoke() -> Callable[..., Result]:
    """Run the CLI with a wide terminal, so that table headings are not wrapped or cut; problems in
    ``language`` (bokmål unless told)."""
    runner = CliRunner(env={"COLUMNS": "240"})

    def run(*args: object, language: str = "nb") -> Result:
        return runner.invoke(app, [str(a) for a in args], env={"PRIORITET_LANGUAGE": language})

    return run


@pytest.fixture
def table(invoke: Callable[..., Result]) -> Callable[..., str]:
    """Run a command with table output (in ``language``, bokmål unless told) and return it with all
    whitespace runs made one space, so that a caption wrapped over two lines still reads as one sentence."""

    def run(*args: object, language: str = "nb") -> str:
        result = invoke(*args, language=language)
        assert result.exit_code == 0, result.output
        return " ".join(result.stdout.split())

    return run
