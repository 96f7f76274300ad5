"""The command line loads only what a command needs: ranking a CSV file reads no workbook and
solves nothing, so it does not pay for importing openpyxl or scipy (issue 16 §6)."""

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
print(sorted({name.split(".")[0] for name in sys.modules} & {"openpyxl", "scipy"}), code, file=sys.stderr)
"""


def _loaded(*args: str) -> tuple[str, str]:
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=False)
    return done.stderr.strip().splitlines()[-1], done.stdout


def test_ranking_a_csv_file_loads_no_workbook_reader(tmp_path) -> None:
    measures = tmp_path / "tiltak.csv"
    measures.write_text("id,name,benefit,severity,resources\nA,Dagtilbud,3,4,2\nB,Nattbemanning,4,5,3\n")
    loaded, out = _loaded("rank", str(measures), "--format", "csv")
    assert "openpyxl" not in loaded
    assert loaded.endswith(" 0")
    assert "Nattbemanning" in out


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
