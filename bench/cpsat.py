"""OR-Tools CP-SAT on a solver task's model, in a process of its own: ``python -m bench.cpsat`` reads
(models, time limit, reuse) pickled on standard input and writes (answers, wall, CPU seconds) pickled
on standard output; the times are taken here, from the arrays to the answers, as for the other
contenders. (libortools and highspy each bundle a HiGHS of their own and cannot share a process.)

CP-SAT accepts only whole coefficients, so each row (and the objective) is multiplied by the smallest
power of ten that makes its coefficients whole and its bound rounded down, which keeps exactly the same
0–1 solutions. A model that has no such form is reported as not applicable, never approximated.
"""

from __future__ import annotations

import os
import pickle
import sys

import numpy as np
from numpy.typing import NDArray

from .solver_model import NOT_APPLICABLE, OPTIMAL, STOPPED, Answer, Model, run_sequence

#: The largest power of ten CP-SAT's rows may be scaled by to make their coefficients whole.
_MAX_DIGITS = 6


def _integer_scale(values: NDArray[np.float64]) -> float | None:
    for digits in range(_MAX_DIGITS + 1):
        scaled = values * 10.0**digits
        if np.all(np.abs(scaled - np.round(scaled)) <= 1e-9 * np.maximum(1.0, np.abs(scaled))):
            return 10.0**digits
    return None


def _objective_scale(c: NDArray[np.float64]) -> float | None:
    """The objective's multiplier: the engine's values are multiples of 1/8 with equal weights."""
    for denominator in (1, 2, 4, 8, 16, 24, 40, 48, 80, 120, 240, 400, 1000, 10_000):
        scaled = c * denominator
        if np.all(np.abs(scaled - np.round(scaled)) <= 1e-9 * np.maximum(1.0, np.abs(scaled))):
            return float(denominator)
    return None


def integer_form(model: Model) -> tuple[list[list[int]], list[list[int]], list[int], list[int], float] | str:
    """CP-SAT's model: per row its columns, whole coefficients and whole bound, the whole objective
    and its multiplier; or the reason there is none."""
    scale = _objective_scale(model.c)
    if scale is None:
        return "the objective has no whole multiple (unequal weights)"
    a = model.a
    columns, coefficients, bounds = [], [], []
    for r in range(a.shape[0]):
        lo, hi = a.indptr[r], a.indptr[r + 1]
        data = a.data[lo:hi]
        s = _integer_scale(data)
        if s is None:
            return f"row {r}'s coefficients are not whole at any scale up to 10^{_MAX_DIGITS}"
        columns.append(a.indices[lo:hi].tolist())
        coefficients.append(np.round(data * s).astype(np.int64).tolist())
        bounds.append(int(np.floor(model.upper[r] * s + 1e-9 * max(1.0, abs(model.upper[r] * s)))))
    return columns, coefficients, bounds, np.round(model.c * scale).astype(np.int64).tolist(), scale


def cp_sat(model: Model, time_limit: float, start: NDArray[np.float64] | None = None) -> Answer:
    from ortools.sat.python import cp_model

    form = integer_form(model)
    if isinstance(form, str):
        return Answer(NOT_APPLICABLE, detail=form)
    columns, coefficients, bounds, objective, scale = form
    m = cp_model.CpModel()
    x = [m.new_bool_var(f"x{j}") for j in range(model.columns)]
    for j in np.flatnonzero(model.lower > 0.5):
        m.add(x[j] == 1)
    for cols, coef, bound in zip(columns, coefficients, bounds, strict=True):
        m.add(cp_model.LinearExpr.weighted_sum([x[j] for j in cols], coef) <= bound)
    m.maximize(cp_model.LinearExpr.weighted_sum(x, objective))
    if start is not None:
        for j, v in enumerate(start):
            m.add_hint(x[j], round(float(v)))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = float(time_limit)
    solver.parameters.num_workers = _cpus()
    status = solver.solve(m)
    if status == cp_model.OPTIMAL:
        chosen = np.array([solver.value(v) for v in x], dtype=np.float64)
        return Answer(OPTIMAL, solver.objective_value / scale, solver.best_objective_bound / scale, chosen)
    if status == cp_model.FEASIBLE:
        return Answer(STOPPED, solver.objective_value / scale, solver.best_objective_bound / scale)
    if status == cp_model.UNKNOWN:
        return Answer(STOPPED)
    return Answer(f"failed ({solver.status_name(status)})")


def _cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def main() -> None:
    models, time_limit, reuse = pickle.load(sys.stdin.buffer)
    result = run_sequence(cp_sat, models, time_limit, reuse)
    sys.stdout.buffer.write(pickle.dumps(result))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
