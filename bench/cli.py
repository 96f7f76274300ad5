"""The command line, as a user runs it: whole processes, against plain Python doing the least it can.

Two goals (issue 16 §6), measured side by side in one run, processes started fresh each time:

* **Start-up.** ``prioritet rank`` on a three-row CSV file against ``python -c "import numpy, csv"``
  — the least any Python tool that ranks with numpy pays. Goal: at most 2.5× that time.
* **A large file.** ``prioritet rank`` on 100,000 generated measures (CSV written as a program
  writes it), ranked and printed as CSV, end to end. Goal: at most 1 s. For scale, the same run
  beside a bare script that reads the file with :mod:`csv`, computes the weighted sum with numpy
  and prints the order — no checks, no messages, no ties broken: a floor, not a peer.

Repetitions are interleaved (:func:`bench.timing.measure`), so a slow spell of the machine hits
every contender alike; the CPU column is the children's CPU time, which tells load from work.

Every process may keep compiled bytecode (in a cache folder of the run, filled by the warm-up run), as
an installed package has it: a session that sets ``PYTHONDONTWRITEBYTECODE`` would otherwise make
``prioritet`` compile its own modules from source at every start (~0.08 s), which numpy, installed
with its bytecode, never pays.
"""

from __future__ import annotations

import os
import random
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

from .report import seconds, table
from .timing import Contender, measure

ROWS = 100_000

#: The floor for the large file: read, weigh, order, print — nothing Prioritet checks or explains.
FLOOR = """
import csv, sys
import numpy as np
with open(sys.argv[1], newline="") as f:
    rows = list(csv.reader(f))[1:]
scores = np.array([[float(r[2]), float(r[3]), float(r[4])] for r in rows])
value = scores @ np.array([1 / 3, 1 / 3, -1 / 3])
out = csv.writer(sys.stdout)
out.writerows([rows[i][0], rows[i][1], f"{value[i]:.3f}"] for i in np.argsort(-value, kind="stable"))
"""


def _write(path: Path, rows: int, seed: int) -> Path:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write("id,name,benefit,severity,resources,cost_nok,fte\n")
        for i in range(rows):
            f.write(
                f"T{i:07d},Tiltak {i},{rng.randint(1, 5)},{rng.randint(1, 5)},{rng.randint(1, 5)},"
                f"{rng.randint(1, 900) * 1000},{rng.random() * 3:.3f}\n"
            )
    return path


def _process(*argv: str, env: dict[str, str]) -> Contender:
    """A whole process, its output thrown away; its CPU time is added to the children's."""

    def run(_: object) -> int:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False, env=env)
        if done.returncode:
            raise RuntimeError(f"{' '.join(argv)} failed: {done.stderr.decode()[-400:]}")
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return round((after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1e6)

    return Contender(name=" ".join(Path(a).name for a in argv[:3]), setup=lambda: None, run=run)


def report(quick: bool, seed: int) -> tuple[list[str], bool | None]:
    """Time the command line and return the report's lines and whether both goals were met."""
    command = str(Path(sys.executable).with_name("prioritet"))
    if not os.path.exists(command):
        return [f"The command-line benchmark needs the installed `prioritet` command next to {sys.executable}."], False
    repeats = 3 if quick else 9
    with tempfile.TemporaryDirectory() as folder:
        tiny = Path(folder) / "tiny.csv"
        tiny.write_text("id,name,benefit,severity,resources\nA,a,3,4,2\nB,b,4,2,3\nC,c,2,5,1\n", encoding="utf-8")
        large = _write(Path(folder) / "large.csv", ROWS // 10 if quick else ROWS, seed)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = str(Path(folder) / "bytecode")
        start = [
            _process(sys.executable, "-c", "import numpy, csv", env=env),
            _process(command, "rank", str(tiny), "--format", "csv", env=env),
        ]
        big = [
            _process(command, "rank", str(large), "--format", "csv", env=env),
            _process(sys.executable, "-c", FLOOR, str(large), env=env),
        ]
        started = measure(start, repeats)
        ranked = measure(big, max(3, repeats // 3))
    names = ["python -c import numpy, csv", "prioritet rank (3 rows)", "prioritet rank (large)", "floor script"]
    timings = [*started.values(), *ranked.values()]
    baseline, tiny_time, large_time = timings[0].median, timings[1].median, timings[2].median
    rows = [
        [name, f"{seconds(t.median)} ({seconds(t.min)})", seconds(t.result / 1e6)]
        for name, t in zip(names, timings, strict=True)
    ]
    startup_met = None if quick else tiny_time <= 2.5 * baseline
    large_met = None if quick else large_time <= 1.0
    met = None if quick else bool(startup_met and large_met)

    def mark(ok: bool | None) -> str:
        return "—" if ok is None else "✓" if ok else "✗"

    lines = [
        "## The command line (issue 16 §6)",
        "",
        f"Whole processes started fresh, median (minimum) of {repeats} interleaved runs after one warm-up; "
        f"CPU of the last run (the children's user + system time). The large file has "
        f"{ROWS // 10 if quick else ROWS:,} rows.",
        "",
        *table(["command", "median (min)", "CPU (last run)"], rows),
        "",
        f"Goal (start-up at most 2.5× `import numpy, csv`): {mark(startup_met)} ({tiny_time / baseline:.2f}×).",
        f"Goal (the large file ranked end to end in at most 1 s): {mark(large_met)} ({seconds(large_time)}; "
        f"{large_time / timings[3].median:.2f}× the floor script).",
    ]
    return lines, met
