"""Page benchmarks in a worker process: a throwaway database, the test settings, one JSON result.

Django reads ``DATABASE_URL`` once, at start-up, so a benchmark that times pages through the whole
middleware stack runs its ``--worker`` half in a fresh process: ``python -m bench.<name>`` builds
its database there and prints its figures as the last line of its output, which this reads.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]


def run_worker(module: str, quick: bool, *, database_url: str | None = None) -> dict[str, Any] | str:
    """Run ``python -m <module>`` on a new SQLite database (or the empty ``database_url``) and return
    its JSON result, or the end of its error output when it failed."""
    temp = Path(tempfile.mkdtemp(prefix=f"prioritet-{module.replace('.', '-')}-"))
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url or f"sqlite:///{temp / 'bench.sqlite3'}",
        PRIORITET_TESTING="1",
        PRIORITET_VAR_DIR=str(temp),
        ALLOWED_HOSTS="testserver",
        DJANGO_SETTINGS_MODULE="prioritet.web.settings",
        PYTHONPATH=os.pathsep.join([str(REPO / "src"), env.get("PYTHONPATH", "")]),
        LOG_LEVEL="WARNING",
    )
    env.pop("DEBUG", None)
    command = [sys.executable, "-m", module, *(["--quick"] if quick else [])]
    try:
        done = subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True, check=False)
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    if done.returncode != 0:
        return done.stderr[-3000:]
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result
