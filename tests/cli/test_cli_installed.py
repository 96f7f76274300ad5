"""The installed ``prioritet`` entry point and ``scripts/run.sh``, run as a user would."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from prioritet.demo import MEASURES

ROOT = Path(__file__).resolve().parents[2]
PRIORITET = Path(sys.executable).with_name("prioritet")


def test_entry_point_json(tmp_path: Path) -> None:
    done = subprocess.run(
        [PRIORITET, "portfolio", MEASURES, "--budget", "cost_nok=20 000 000", "--budget", "fte=22", "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)  # nothing but JSON on stdout, not even the solver's chatter
    assert data["used"]["cost_nok"] <= 20_000_000
    assert data["used"]["fte"] <= 22
    assert {"nattbemanning-sykehjem", "helsestasjon-norm", "kad-senger", "legevakt-andel"} <= set(data["selected"])


def test_entry_point_bad_input(tmp_path: Path) -> None:
    done = subprocess.run([PRIORITET, "rank", tmp_path / "borte.xlsx"], capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert done.stdout == ""
    assert "filen finnes ikke" in done.stderr
    assert "Traceback" not in done.stderr


def test_run_script_on_the_demo_data() -> None:
    done = subprocess.run(["bash", ROOT / "scripts" / "run.sh"], capture_output=True, text=True, check=False, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    for heading in ("prioritet rank", "prioritet portfolio", "prioritet frontier", "prioritet robustness"):
        assert f"({heading})" in out
    for label in ("Rangering", "Valgte tiltak", "Ikke med", "Verdi for pengene", "Kjerneindeks", "alltid med"):
        assert label in out
    assert "feil:" not in done.stderr
