"""One portfolio solve in a process of its own:
``python -m bench.solve_once ours|milp|highs|pulp|cpsat N GROUPS MANDATORY SEED [TIME_LIMIT]``.

The large-portfolio task (issue 16, goal 1) compares whole processes: the parent times this module
from start to exit (interpreter, imports, instance, model, solve), once with Prioritet's engine and
once with ``scipy.optimize.milp`` on the same model with its default options, and reads the answer
from the last line of standard output (JSON) to check it. The limit (bare HiGHS) and the peers (PuLP +
CBC, CP-SAT) are timed the same way, once each, with a time limit (:mod:`bench.solvers`).
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
#: The limit and the peers, and the names the report gives them.
PEERS = {"highs": "HiGHS bare (limit)", "pulp": "PuLP + CBC", "cpsat": "OR-Tools CP-SAT"}


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


def _peer(which: str, n: int, groups: int, mandatory: int, seed: int, time_limit: float) -> dict[str, object]:
    """The model as arrays (untimed, as in the other tasks), then the contender from them to an answer;
    CP-SAT runs here directly, since this process never loads highspy."""
    from prioritet.engine import objective_values

    from .instances import generate
    from .solver_model import portfolio_model

    instance = generate(n, seed, groups=groups, mandatory=mandatory)
    measures = instance.measures()
    model = portfolio_model(measures, np.asarray(objective_values(measures), dtype=np.float64), instance.budget)
    started = time.perf_counter()
    if which == "cpsat":
        from .cpsat import cp_sat as solve
    elif which == "highs":
        from .solver_model import highs as solve
    else:
        from .solver_model import pulp_cbc as solve
    answer = solve(model, time_limit, None)
    elapsed = time.perf_counter() - started
    bound = answer.bound
    return {
        "status": answer.status,
        "value": None if np.isnan(answer.value) else answer.value,
        "bound": bound,
        "detail": answer.detail,
        "solve_seconds": elapsed,
    }


def main(argv: Sequence[str]) -> None:
    which, n, groups, mandatory, seed = argv[0], *map(int, argv[1:5])
    if which in PEERS:
        answer = _peer(which, n, groups, mandatory, seed, float(argv[5]))
    else:
        answer = (_ours if which == OURS else _milp)(n, groups, mandatory, seed)
    sys.stdout.flush()
    print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
