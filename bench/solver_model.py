"""The 0–1 model the solver tasks hand to the limit and the peers, the limit (bare HiGHS) and PuLP +
CBC on it, and the loop that solves a sequence of models (a frontier's steps) against one time limit.

It imports only numpy and scipy.sparse (and the solver it calls, when it calls it), so that a whole
process timing one contender (:mod:`bench.solve_once`) loads no more than that contender needs.
OR-Tools' CP-SAT is in :mod:`bench.cpsat`: its library and highspy's both bundle a HiGHS, of different
versions, and cannot be loaded in one process.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import coo_array, csr_array, vstack

from prioritet.engine import Measures

#: Status words of an answer.
OPTIMAL = "optimal"
STOPPED = "stopped at limit"
NOT_APPLICABLE = "not applicable"
MISSING = "not installed"


@dataclass(frozen=True)
class Model:
    """``max c·x`` subject to ``a x ≤ upper``, ``lower ≤ x ≤ 1``, ``x`` integer."""

    c: NDArray[np.float64]
    a: csr_array
    upper: NDArray[np.float64]
    lower: NDArray[np.float64]

    @property
    def columns(self) -> int:
        return len(self.c)

    def with_upper(self, rows: Mapping[int, float]) -> Model:
        upper = self.upper.copy()
        for r, u in rows.items():
            upper[r] = u
        return Model(self.c, self.a, upper, self.lower)


@dataclass
class Answer:
    status: str
    value: float = float("nan")
    #: Proven upper bound when the solver gives one.
    bound: float | None = None
    selected: NDArray[np.float64] | None = None
    detail: str = ""


def portfolio_model(measures: Measures, values: NDArray[np.float64], budget: Mapping[str, float]) -> Model:
    """The portfolio's rows: one per budget, one per exclusive group of two or more; mandatory
    measures as lower bounds (the rows the engine and ``bench.checks`` solve)."""
    n = len(measures)
    usage = np.vstack([measures.resource(c) for c in budget])
    members: dict[str, list[int]] = {}
    for i, g in enumerate(measures.groups):
        if g is not None:
            members.setdefault(g, []).append(i)
    groups = [idx for idx in members.values() if len(idx) > 1]
    rows = np.concatenate([[r] * len(idx) for r, idx in enumerate(groups)]) if groups else np.zeros(0, dtype=int)
    cols = np.concatenate(groups) if groups else np.zeros(0, dtype=int)
    exclusive = coo_array((np.ones(len(cols)), (rows, cols)), shape=(len(groups), n))
    a = csr_array(vstack([csr_array(usage), exclusive.tocsr()]))
    upper = np.concatenate([np.array(list(budget.values()), dtype=np.float64), np.ones(len(groups))])
    return Model(np.asarray(values, dtype=np.float64), a, upper, measures.mandatory.astype(np.float64))


# --- the contenders ------------------------------------------------------------------------------


def highs(model: Model, time_limit: float, start: NDArray[np.float64] | None = None) -> Answer:
    import highspy

    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("time_limit", float(time_limit))
    lp = highspy.HighsLp()
    n, m = model.columns, model.a.shape[0]
    lp.num_col_, lp.num_row_ = n, m
    lp.col_cost_ = model.c
    lp.col_lower_ = model.lower
    lp.col_upper_ = np.ones(n)
    lp.row_lower_ = np.full(m, -highspy.kHighsInf)
    lp.row_upper_ = model.upper
    a = model.a.tocsc()
    a.sort_indices()
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = n, m
    lp.a_matrix_.start_ = a.indptr.astype(np.int32)
    lp.a_matrix_.index_ = a.indices.astype(np.int32)
    lp.a_matrix_.value_ = a.data.astype(np.float64)
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.integrality_ = [highspy.HighsVarType.kInteger] * n
    h.passModel(lp)
    if start is not None:
        solution = highspy.HighsSolution()
        solution.col_value = list(start)
        solution.value_valid = True
        h.setSolution(solution)
    h.run()
    status = h.getModelStatus()
    info = h.getInfo()
    if status == highspy.HighsModelStatus.kOptimal:
        value, bound = info.objective_function_value, info.mip_dual_bound
        if bound > value + 1e-7 * max(1.0, abs(value)):
            # Its status is not a proof (bench.checks.independent_bound): the bound must meet the value.
            return Answer(f"failed (optimal reported with the gap open: {value:.4f} < bound {bound:.4f})")
        return Answer(
            OPTIMAL, info.objective_function_value, info.mip_dual_bound, np.asarray(h.getSolution().col_value)
        )
    if status == highspy.HighsModelStatus.kTimeLimit:
        value = info.objective_function_value if info.primal_solution_status else float("nan")
        return Answer(STOPPED, value, info.mip_dual_bound)
    return Answer(f"failed ({h.modelStatusToString(status)})")


def pulp_cbc(model: Model, time_limit: float, start: NDArray[np.float64] | None = None) -> Answer:
    import pulp

    n = model.columns
    problem = pulp.LpProblem("portfolio", pulp.LpMaximize)
    # Integer in [lower, 1], not LpBinary: PuLP's binary category resets the lower bound to 0.
    x = [pulp.LpVariable(f"x{j}", lowBound=int(model.lower[j]), upBound=1, cat=pulp.LpInteger) for j in range(n)]
    problem += pulp.lpSum(float(c) * x[j] for j, c in enumerate(model.c) if c)
    a = model.a
    for r in range(a.shape[0]):
        lo, hi = a.indptr[r], a.indptr[r + 1]
        problem += (
            pulp.lpSum(float(v) * x[j] for j, v in zip(a.indices[lo:hi], a.data[lo:hi], strict=True))
            <= float(model.upper[r]),
            f"r{r}",
        )
    warm = start is not None
    if warm:
        for j in range(n):
            x[j].setInitialValue(round(float(start[j])))
    solver = pulp.PULP_CBC_CMD(msg=False, timeLimit=max(1, round(time_limit)), gapRel=0.0, warmStart=warm)
    problem.solve(solver)
    chosen = np.array([v.varValue or 0.0 for v in x])
    value = float(model.c @ chosen)
    if problem.sol_status == pulp.LpSolutionOptimal:
        return Answer(OPTIMAL, value, None, chosen)
    if problem.sol_status in (pulp.LpSolutionIntegerFeasible, pulp.LpSolutionNoSolutionFound):
        return Answer(STOPPED, value if problem.sol_status == pulp.LpSolutionIntegerFeasible else float("nan"))
    return Answer(f"failed ({pulp.LpStatus[problem.status]})")


Solve = Callable[[Model, float, NDArray[np.float64] | None], Answer]


def run_sequence(
    solve: Solve, models: Sequence[Model], time_limit: float, reuse: bool
) -> tuple[list[Answer], float, float]:
    """Solve ``models`` in order within ``time_limit`` seconds in all: (answers, wall, CPU seconds).
    With ``reuse`` each starts from the previous optimum. Stops at the first model not solved."""
    begin, begin_cpu = time.perf_counter(), time.process_time()
    answers: list[Answer] = []
    previous: NDArray[np.float64] | None = None
    for model in models:
        left = time_limit - (time.perf_counter() - begin)
        if left <= 0:
            answers.append(Answer(STOPPED))
            break
        answer = solve(model, left, previous if reuse else None)
        answers.append(answer)
        if answer.status != OPTIMAL:
            break
        previous = answer.selected
    return answers, time.perf_counter() - begin, time.process_time() - begin_cpu
