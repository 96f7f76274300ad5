"""The command line loads only what a command needs: ranking a CSV file reads no workbook, solves
nothing and draws no table, so it does not pay for importing openpyxl, scipy, rich, Django or the
engine's optimisation modules (issue 16 §6)."""

from __future__ import annotations

import subprocess
import sys

from prioritet.demo import MEASURES
from prioritet.tabular.testing import workbook_bytes

#: Runs ``prioritet ARGS…`` in a fresh interpreter and prints the heavy libraries it loaded.
PROBE = """
import sys
from prioritet.cli.main import app
try:
    app(sys.argv[1:])
except SystemExit as done:
    code = done.code
heavy = {"openpyxl", "scipy", "rich", "django", "prioritet.engine.portfolio", "prioritet.tabular.jsonstat"}
loaded = {name for name in sys.modules if name in heavy or name.split(".")[0] in heavy}
print(sorted({name for name in heavy if name in loaded or any(m.startswith(name + ".") for m in loaded)}), code,
      file=sys.stderr)
"""


def _loaded(*args: str) -> tuple[str, str]:
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=False)
    return done.stderr.strip().splitlines()[-1], done.stdout


def test_ranking_a_csv_file_loads_no_workbook_reader(tmp_path) -> None:
    measures = tmp_path / "tiltak.csv"
    measures.write_text("id,name,benefit,severity,resources\nA,Dagtilbud,3,4,2\nB,Nattbemanning,4,5,3\n")
    loaded, out = _loaded("rank", str(measures), "--format", "csv")
    assert loaded == "[] 0"
    assert "Nattbemanning" in out
    loaded, out = _loaded("rank", str(measures), "--format", "json")
    assert loaded == "[] 0"
    assert "Nattbemanning" in out


def test_a_table_for_people_loads_rich_and_a_budget_loads_the_solver_modules(tmp_path) -> None:
    measures = tmp_path / "tiltak.csv"
    measures.write_text("id,name,benefit,severity,resources,cost\nA,Dagtilbud,3,4,2,10\nB,Nattbemanning,4,5,3,20\n")
    loaded, out = _loaded("rank", str(measures))
    assert loaded == "['rich'] 0"
    assert "┏" in out  # a table, drawn by rich
    loaded, out = _loaded("portfolio", str(measures), "--budget", "cost=25", "--format", "csv")
    assert "prioritet.engine.portfolio" in loaded
    assert loaded.endswith(" 0")
    assert "Nattbemanning" in out


def test_the_engine_keeps_its_functions_named_like_their_modules() -> None:
    """``engine.frontier`` and ``engine.robustness`` are functions, however their modules were first loaded."""
    probe = (
        "import prioritet.engine.robustness, prioritet.engine.frontier\n"
        "from prioritet import engine\n"
        "from prioritet.engine import frontier, robustness\n"
        "print(callable(engine.robustness), callable(engine.frontier), callable(robustness), callable(frontier),"
        " engine.Robustness.__module__)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True", "True", "True", "True", "prioritet.engine.robustness"]


def test_a_workbook_is_still_read_when_one_is_given(tmp_path) -> None:
    book = tmp_path / "tiltak.xlsx"
    book.write_bytes(workbook_bytes([["id", "name", "benefit", "severity", "resources"], ["A", "Dagtilbud", 3, 4, 2]]))
    loaded, out = _loaded("rank", str(book), "--format", "csv")
    assert "openpyxl" in loaded
    assert "Dagtilbud" in out


def test_the_demo_file_ranks_as_before(tmp_path) -> None:
    loaded, out = _loaded("rank", str(MEASURES), "--format", "json")
    assert loaded.endswith(" 0")
    assert '"rank"' in out
