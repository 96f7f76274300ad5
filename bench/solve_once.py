"""One portfolio solve in a process of its own: ``python -m bench.solve_once ours|milp N GROUPS MANDATORY SEED``.

The large-portfolio task (issue 16, goal 1) compares whole processes: the parent times this module
from start to exit (interpreter, imports, instance, model, solve), once with Prioritet's engine and
once with ``scipy.optimize.milp`` on the same model with its default options, and reads the answer
from the last line of standard output (JSON) to check it.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Sequence

import numpy as np

#: The contenders, as named on the command line.
OURS = "ours"
MILP = "milp"


def _milp(n: int, groups: int, mandatory: int, seed: int) -> dict[str, float]:
    """The portfolio MILP written directly against scipy (the same rows the engine solves: the
    budgets, one row per exclusive group and the mandatory measures as lower bounds), solved by
    ``milp`` with no options at all."""
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_array

    from prioritet.engine import objective_values

    from .instances import generate

    instance = generate(n, seed, groups=groups, mandatory=mandatory)
    measures = instance.measures()
    started = time.perf_counter()
    values = np.asarray(objective_values(measures), dtype=np.float64)
    usage = np.vstack([measures.resource(c) for c in instance.budget])
    members: dict[str, list[int]] = {}
    for i, g in enumerate(measures.groups):
        if g is not None:
            members.setdefault(g, []).append(i)
    rows = [idx for idx in members.values() if len(idx) > 1]
    r = np.concatenate([[k] * len(idx) for k, idx in enumerate(rows)])
    c = np.concatenate(rows)
    exclusive = coo_array((np.ones(len(c)), (r, c)), shape=(len(rows), n))
    result = milp(
        c=-values,
        constraints=[
            LinearConstraint(usage, -np.inf, np.array(list(instance.budget.values()))),
            LinearConstraint(exclusive, -np.inf, 1.0),
        ],
        integrality=np.ones(n),
        bounds=Bounds(measures.mandatory.astype(np.float64), np.ones(n)),
    )
    elapsed = time.perf_counter() - started
    if result.status != 0:
        raise RuntimeError(f"milp failed: {result.message}")
    return {
        "value": -float(result.fun),
        "bound": -float(result.mip_dual_bound),
        "optimal_reported": True,
        "solve_seconds": elapsed,
    }


def _ours(n: int, groups: int, mandatory: int, seed: int) -> dict[str, float]:
    from prioritet.engine import PortfolioModel, objective_values

    from .instances import generate

    instance = generate(n, seed, groups=groups, mandatory=mandatory)
    measures = instance.measures()
    started = time.perf_counter()
    model = PortfolioModel(measures, tuple(instance.budget))
    values = objective_values(measures)
    selected = model.solve(values, instance.budget)
    elapsed = time.perf_counter() - started
    last = model.last
    assert last is not None
    return {
        "value": float(values[selected].sum()),
        "bound": last.bound,
        "optimal_reported": last.optimal,
        "proof": last.proof,
        "free": last.free,
        "solve_seconds": elapsed,
    }


def main(argv: Sequence[str]) -> None:
    which, n, groups, mandatory, seed = argv[0], *map(int, argv[1:5])
    answer = (_ours if which == OURS else _milp)(n, groups, mandatory, seed)
    sys.stdout.flush()
    print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
