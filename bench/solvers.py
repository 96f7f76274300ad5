"""The solver tasks' limit and peers: the same 0–1 model handed to bare HiGHS, PuLP + CBC and CP-SAT.

Every solver task (portfolio, large portfolio, frontier, plan) is a 0–1 model ``max c·x`` subject to
``A x ≤ u`` and ``lower ≤ x ≤ 1``. :class:`Model` holds it as arrays, built once from the instance
(untimed); each contender then builds its own model from those arrays and solves it, inside the timing:

- **HiGHS, bare** (``highspy``): the arrays passed in one call, relative gap 0, nothing in Python
  between. No modelling layer can do less, so this is the lower bound of what an approach built on
  HiGHS can reach — the *limit*, not a peer.
- **PuLP + CBC**: a PuLP model built from the arrays (what a PuLP user writes) and solved by the CBC
  binary PuLP bundles, relative gap 0.
- **OR-Tools CP-SAT**: the same model with whole coefficients (:mod:`bench.cpsat`, in a process of its
  own, which times itself), with as many workers as the machine has CPUs. A model with no exact whole
  form is reported as not applicable rather than given an approximation.

Each contender has a time limit; one that reaches it is reported as "stopped at limit" with its best
value so far, never as a time. One that says it proved an optimum different from the engine's is a
correctness failure (:func:`same_optimum`).
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from .checks import Check
from .solver_model import (
    MISSING,
    NOT_APPLICABLE,
    OPTIMAL,
    STOPPED,
    Answer,
    Model,
    Solve,
    highs,
    pulp_cbc,
    run_sequence,
)
from .timing import Timing

HIGHS = "HiGHS bare (limit)"
PULP_CBC = "PuLP + CBC"
CP_SAT = "OR-Tools CP-SAT"
#: The contenders in the order the report lists them.
NAMES = (HIGHS, PULP_CBC, CP_SAT)


def _remote_cp_sat(models: Sequence[Model], time_limit: float, reuse: bool) -> tuple[list[Answer], float, float]:
    """CP-SAT in its own interpreter (:mod:`bench.cpsat`); the times are the child's own, from the
    arrays to the answers. The child gets a minute beyond the limit to start and load OR-Tools."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    done = subprocess.run(
        [sys.executable, "-m", "bench.cpsat"],
        input=pickle.dumps((list(models), time_limit, reuse)),
        capture_output=True,
        env=env,
        timeout=time_limit + 60,
        check=True,
    )
    answers, wall, cpu = pickle.loads(done.stdout)
    return answers, wall, cpu


_LOCAL: dict[str, Solve] = {HIGHS: highs, PULP_CBC: pulp_cbc}
_MODULES = {HIGHS: "highspy", PULP_CBC: "pulp", CP_SAT: "ortools"}


def available(name: str) -> bool:
    from importlib.util import find_spec

    return find_spec(_MODULES[name]) is not None


# --- running them --------------------------------------------------------------------------------


@dataclass
class Outcome:
    """One contender on one task: its times (only of repetitions that finished) and its last answer."""

    timing: Timing = field(default_factory=Timing)
    answer: Answer = field(default_factory=lambda: Answer(MISSING))
    #: Steps finished (the frontier), of how many.
    steps: tuple[int, int] | None = None
    limit: float = 0.0


def solve_all(
    models: Sequence[Model],
    time_limit: float,
    repeats: int,
    budget: float,
    names: Sequence[str] = NAMES,
    reuse: bool = False,
) -> dict[str, Outcome]:
    """Every contender solves every model in order (a frontier's steps; one model otherwise) within
    ``time_limit`` seconds in all per repetition, repetitions interleaved, none started after
    ``budget`` seconds. With ``reuse``, a step starts from the previous step's optimum (a warm start:
    the frontier's budget only grows, so the previous optimum stays feasible). A contender that stops
    at its limit, or is not applicable, is not run again."""
    outcomes = {name: Outcome(limit=time_limit) for name in names}
    started = time.perf_counter()
    for k in range(repeats):
        if k and time.perf_counter() - started > budget:
            break
        for name in names:
            o = outcomes[name]
            if not available(name) or (k and o.answer.status != OPTIMAL):
                continue
            if name == CP_SAT:
                try:
                    answers, wall, cpu = _remote_cp_sat(models, time_limit, reuse)
                except subprocess.TimeoutExpired:
                    answers, wall, cpu = [Answer(STOPPED)], time_limit, 0.0
                except subprocess.CalledProcessError as e:
                    tail = e.stderr.decode(errors="replace").strip().splitlines()[-1:] if e.stderr else []
                    answers, wall, cpu = [Answer(f"failed ({' '.join(tail) or e.returncode})")], 0.0, 0.0
            else:
                answers, wall, cpu = run_sequence(_LOCAL[name], models, time_limit, reuse)
            finished = sum(a.status == OPTIMAL for a in answers)
            o.steps = (finished, len(models)) if len(models) > 1 else None
            last = answers[-1]
            o.timing.result = [a.value for a in answers[:finished]]
            if finished == len(models):
                o.timing.times.append(wall)
                o.timing.cpu.append(cpu)
                o.answer = Answer(OPTIMAL, last.value, last.bound)
            else:
                o.answer = last
    return outcomes


def same_optimum(name: str, outcome: Outcome, optimum: Sequence[float]) -> Check | None:
    """A contender's proven values against the engine's (already checked independently): equal, or a
    correctness failure. A contender stopped at its limit may fall short, never exceed the optimum."""
    a = outcome.answer
    if a.status in (MISSING, NOT_APPLICABLE):
        return None
    values = outcome.timing.result or []
    tol = [1e-6 * max(1.0, abs(v)) for v in optimum]
    wrong = [k for k, v in enumerate(values) if abs(v - optimum[k]) > tol[k]]
    if a.status == OPTIMAL:
        ok = not wrong
        steps = f" at all {len(optimum)} steps" if len(optimum) > 1 else ""
        text = (
            f"{name}: {'same optimum' if ok else 'DIFFERENT optimum'}{steps}, value {values[-1]:.4f} "
            f"(engine {optimum[-1]:.4f})"
        )
        if wrong and len(optimum) > 1:
            text += f", differs at step(s) {', '.join(str(k + 1) for k in wrong[:5])}"
        return Check(ok, text)
    if not a.status.startswith(STOPPED):
        return Check(False, f"{name}: {a.status}")
    k = len(values)
    step = optimum[k] if k < len(optimum) else optimum[-1]
    exceeds = (not np.isnan(a.value)) and a.value > step + 1e-6 * max(1.0, abs(step))
    ok = not wrong and not exceeds
    best = "no solution yet" if np.isnan(a.value) else f"best value so far {a.value:.4f} (engine {step:.4f})"
    where = f" at step {k + 1} of {len(optimum)}" if len(optimum) > 1 else ""
    return Check(ok, f"{name}: stopped at its limit of {outcome.limit:g} s{where}, {best}{'' if ok else ' — WRONG'}")


def cell(outcome: Outcome | None) -> str:
    """A contender's time for the report's table, or why there is none."""
    from .report import timing

    if outcome is None:
        return "—"
    a = outcome.answer
    if a.status == OPTIMAL and outcome.timing.times:
        return timing(outcome.timing)
    if a.status == NOT_APPLICABLE:
        return "n/a (not whole)"
    if a.status == MISSING:
        return "not installed"
    if a.status == STOPPED:
        where = f", {outcome.steps[0]} of {outcome.steps[1]} steps" if outcome.steps else ""
        return f"> {outcome.limit:g} s (stopped at limit{where})"
    return a.status
