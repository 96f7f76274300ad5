"""The benchmark tasks. Each builds its instance, times the contenders, checks the results and
returns rows for the report."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from prioritet.engine import (
    CRITERIA,
    BudgetRange,
    Criterion,
    Measures,
    Method,
    Robustness,
    Weights,
    frontier,
    objective_values,
    optimise,
    rank,
    robustness,
)

from . import checks, plans, solver_model, solvers
from .instances import Instance, generate
from .peers import Peer
from .solver_model import MISSING, NOT_APPLICABLE
from .timing import Contender, Timing, captured_stdout, measure

#: The weights of the ranking benchmark: unequal, so that most score profiles get distinct values.
RANKING_WEIGHTS = Weights({Criterion.SEVERITY: 0.40, Criterion.BENEFIT: 0.35, Criterion.RESOURCES: 0.25})

#: The portfolio's unequal weights: the ranking weights without resources (budgets replace it).
PORTFOLIO_WEIGHTS = Weights({Criterion.SEVERITY: 0.40, Criterion.BENEFIT: 0.35})

OURS_COLD = "Prioritet (cold)"
OURS_WARM = "Prioritet (warm)"


@dataclass
class Row:
    task: str
    size: str
    ours: Timing
    #: Goal in words, and whether it is met (None: no goal, or not judged in a quick run).
    goal: str = ""
    met: bool | None = None
    ours_warm: Timing | None = None
    peers: dict[str, Timing] = field(default_factory=dict)
    checks: list[checks.Check] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: Set when the task was stopped, unfinished, after this many seconds.
    stopped_after: float | None = None
    #: False when the result rests on less than was asked for (a robustness analysis stopped at its
    #: time limit): the goal is then not met, however fast.
    complete: bool = True
    #: How many times over the goal is met (goal's time / median, or goal's ratio / ratio); the report
    #: lists every goal met by RAISE_AT or more, which is then raised to its next meaningful target.
    margin: float | None = None
    #: The solver tasks' limit (bare HiGHS) and peers (PuLP + CBC, CP-SAT) on the same model.
    solvers: dict[str, solvers.Outcome] = field(default_factory=dict)

    def ratio(self, peer: str) -> float:
        return self.peers[peer].median / self.ours.median


@dataclass(frozen=True)
class Plan:
    """Sizes and repetitions: :meth:`full` is what the goals are stated for, :meth:`quick_plan` a smoke run."""

    quick: bool
    ranking_sizes: tuple[tuple[int, int], ...]  # (measures, repetitions)
    robustness: tuple[int, int, int]  # samples, measures, repetitions
    portfolio: tuple[int, int, int, int]  # measures, groups, mandatory, repetitions
    frontier: tuple[int, int, int, int, int]  # steps, measures, groups, mandatory, repetitions
    robust_budget: tuple[int, int, int, int, int]  # samples, measures, groups, mandatory, repetitions
    plan: tuple[int, int, int] = (500, 4, 3)  # measures, years, repetitions
    #: Issue 16, goal 1: measures, groups, mandatory, repetitions, each a whole process per contender.
    large_portfolio: tuple[int, int, int, int] = (6_000, 300, 150, 3)
    #: Issue 16, goal 4: the web's analysis (samples, measures, groups, mandatory, repetitions) with its
    #: time budget, which must complete within two minutes.
    robust_large: tuple[int, int, int, int, int] = (2_000, 2_000, 100, 50, 1)

    @classmethod
    def full(cls) -> Plan:
        return cls(
            quick=False,
            ranking_sizes=((1_000, 31), (10_000, 21), (100_000, 11)),
            robustness=(10_000, 1_000, 5),
            portfolio=(2_000, 100, 50, 5),
            frontier=(50, 2_000, 100, 50, 3),
            robust_budget=(1_000, 200, 10, 5, 3),
            plan=(500, 4, 3),
            large_portfolio=(6_000, 300, 150, 3),
        )

    @classmethod
    def quick_plan(cls) -> Plan:
        return cls(
            quick=True,
            ranking_sizes=((1_000, 5), (10_000, 3)),
            robustness=(1_000, 200, 2),
            portfolio=(300, 15, 8, 2),
            frontier=(10, 100, 5, 3, 1),
            robust_budget=(50, 60, 3, 2, 1),
            plan=(100, 4, 1),
            large_portfolio=(600, 30, 15, 1),
            robust_large=(100, 200, 10, 5, 1),
        )


def _judge(plan: Plan, met: bool) -> bool | None:
    return None if plan.quick else met


def _fmt_count(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def ranking(plan: Plan, seed: int, peers: list[Peer], validated: Peer | None) -> list[Row]:
    rows: list[Row] = []
    w = RANKING_WEIGHTS.vector(CRITERIA)
    for n, repeats in plan.ranking_sizes:
        instance = generate(n, seed)
        _check_full_scale(instance)
        for method in (Method.ADDITIVE, Method.TOPSIS):
            _log(f"ranking: {method.value}, {n} measures, {repeats} repetitions")
            warm = instance.measures()
            contenders = [
                # From the arrays, as the peers start from theirs: building (and validating) the
                # engine's input is part of the work (issue 16 §7), not left out of the timing.
                Contender(
                    OURS_COLD,
                    lambda instance=instance: instance,
                    lambda i, method=method: rank(i.measures(), RANKING_WEIGHTS, method),
                ),
                Contender(OURS_WARM, lambda warm=warm: warm, lambda m, method=method: rank(m, RANKING_WEIGHTS, method)),
            ]
            everyone = [*peers, *([validated] if validated else [])]
            for peer in everyone:
                prepared = peer.prepare(instance, w, method)
                contenders.append(Contender(peer.name, lambda prepared=prepared: prepared, peer.rank))
            timings = measure(contenders, repeats)
            ours = timings[OURS_COLD]
            row = Row(
                task=f"rank, {method.value}",
                size=f"{_fmt_count(n)} measures",
                ours=ours,
                ours_warm=timings[OURS_WARM],
                peers={p.name: timings[p.name] for p in everyone},
            )
            for peer in everyone:
                row.checks.append(
                    _named(peer.name, checks.ranking_agreement(ours.result, peer.read(timings[peer.name].result)))
                )
            parts = {f"as fast as {p.name}": row.ratio(p.name) >= 1.0 for p in peers}
            row.goal = "≥ both peers"
            if n >= 100_000:
                row.goal += ", < 50 ms"
                parts["under 50 ms"] = ours.median < 0.050
            row.met = _judge(plan, all(parts.values()))
            margins = [row.ratio(p.name) for p in peers] + ([0.050 / ours.median] if n >= 100_000 else [])
            row.margin = min(margins) if margins else None
            row.notes.append("goal: " + ", ".join(f"{k} {'✓' if ok else '✗'}" for k, ok in parts.items()))
            rows.append(row)
    return rows


def _named(name: str, check: checks.Check) -> checks.Check:
    return checks.Check(check.ok, f"vs {name}: {check.text}")


def _check_full_scale(instance: Instance) -> None:
    """The peers' min–max scaling equals our fixed 1–5 scale only when 1 and 5 occur in every column."""
    lo, hi = instance.scores.min(axis=0), instance.scores.max(axis=0)
    if not (np.all(lo == 1) and np.all(hi == 5)):
        raise RuntimeError("instance does not span 1–5 on every criterion; min–max scaling would differ")


def robustness_rows(plan: Plan, seed: int) -> list[Row]:
    samples, n, repeats = plan.robustness
    instance = generate(n, seed)
    rows = []
    for method in (Method.ADDITIVE, Method.TOPSIS):
        _log(f"robustness: {method.value}, {samples} samples × {n} measures, {repeats} repetitions")
        timings = measure(
            [
                Contender(
                    OURS_COLD,
                    instance.measures,
                    lambda m, method=method: robustness(m, samples=samples, seed=seed, method=method),
                )
            ],
            repeats,
        )
        ours = timings[OURS_COLD]
        row = Row(
            task=f"robustness, {method.value}",
            size=f"{_fmt_count(samples)} samples × {_fmt_count(n)} measures",
            ours=ours,
            checks=[checks.rank_acceptability_sound(ours.result, n)],
        )
        if method is Method.ADDITIVE:
            row.goal = f"< {RANKING_ROBUSTNESS_GOAL:g} s"
            row.met = _judge(plan, ours.median < RANKING_ROBUSTNESS_GOAL)
            row.margin = RANKING_ROBUSTNESS_GOAL / ours.median
        peak = _peak_mib(
            lambda method=method: robustness(instance.measures(), samples=samples, seed=seed, method=method)
        )
        row.notes.append(f"peak memory {peak:.0f} MiB (tracemalloc, in a separate untimed run)")
        rows.append(row)
    return rows


def _peak_mib(work: Callable[[], object]) -> float:
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


@dataclass(frozen=True)
class Capped:
    """A task that calls the MILP solver, whose time can vary by orders of magnitude between
    instances; it runs in a child process that is stopped after ``cap`` seconds."""

    key: str
    task: str
    goal: str
    #: The goal in seconds; None for a task shown for information only.
    limit: float | None
    #: Wall-clock cap of the whole task (warm-up and repetitions); repetitions stop starting at 60 %.
    cap: float

    def size(self, plan: Plan) -> str:
        if self.key == "portfolio-large":
            n, groups, mandatory, _ = plan.large_portfolio
            return f"{_fmt_count(n)} measures, 2 budgets, {groups} groups, {mandatory} mandatory"
        if self.key.startswith("portfolio"):
            n, groups, mandatory, _ = plan.portfolio
            return f"{_fmt_count(n)} measures, 2 budgets, {groups} groups, {mandatory} mandatory"
        if self.key == "plan":
            n, years, _ = plan.plan
            return f"{years} years × {_fmt_count(n)} measures, 2 budgets per year"
        if self.key == "frontier":
            steps, n, groups, mandatory, _ = plan.frontier
            return f"{steps} steps × {_fmt_count(n)} measures ({groups} groups, {mandatory} mandatory)"
        samples, n, _, _, _ = plan.robust_large if self.key == "robust-budget-large" else plan.robust_budget
        return f"{_fmt_count(samples)} samples × {_fmt_count(n)} measures, 2 budgets"

    def stopped(self, plan: Plan) -> Row:
        """The row of a task that did not finish within its cap."""
        return Row(
            task=self.task,
            size=self.size(plan),
            ours=Timing(),
            goal=self.goal,
            met=_judge(plan, False) if self.limit is not None else None,
            stopped_after=self.cap,
            notes=[f"stopped after {self.cap:g} s without finishing its first repetition"],
        )


#: A goal met this many times over is raised to its next meaningful target (issue 16 §7).
RAISE_AT = 30.0

#: Robustness of a ranking (10,000 samples × 1,000 measures), raised from 2 s, which it met 37× over
#: (54 ms, 2026-12-05): the command line and the API compute it on request, and a quarter of a second,
#: about the command's own start-up, keeps trying another weighting immediate.
RANKING_ROBUSTNESS_GOAL = 0.25

#: Issue 16's goals: the large portfolio at most this share of milp's time, the frontier at most
#: this many single solves.
LARGE_RATIO_GOAL = 0.4
FRONTIER_RATIO_GOAL = 3.0

CAPPED = {
    # The caps of the tasks with peers include each peer's time limit (PEER_SECONDS) and a margin.
    # Raised from < 2 s, which it met 34× over (59 ms, 2026-12-05): the workspace solves the exact
    # optimum of a budget change, and with its page (~150 ms) a solve within 0.2 s keeps the answer
    # inside the 0.4 s in which a response still feels immediate.
    "portfolio": Capped("portfolio", "portfolio, proven optimal", "< 0.2 s", 0.2, cap=150.0),
    # The same instance under unequal weights: the objective loses the coarse integrality that equal
    # weights give it, and proving optimality gets harder. Shown so the goal row is not read as typical
    # of every weighting; it has no goal of its own.
    "portfolio-weighted": Capped(
        "portfolio-weighted", "portfolio, weights benefit 0.35 : severity 0.40", "—", None, cap=45.0
    ),
    # Issue 16, goal 1: judged on the ratio to scipy's milp with default options, whole processes.
    "portfolio-large": Capped(
        "portfolio-large", "portfolio, whole process vs scipy milp", f"≤ {LARGE_RATIO_GOAL:g}× milp", None, cap=700.0
    ),
    # Issue 16, goal 2: judged on the ratio to one solve of the same instance, timed in the same run.
    # The cap is wide because the check solves every step again from scratch with HiGHS.
    "frontier": Capped("frontier", "frontier", f"≤ {FRONTIER_RATIO_GOAL:g}× one solve", None, cap=600.0),
    # Raised from < 60 s, which it met 46× over (1.3 s, 2026-11-22): a user who asks for the analysis
    # waits on a polling page, and 10 s is where waiting stops being a pause and becomes leaving.
    "robust-budget": Capped("robust-budget", "robustness with a budget", "< 10 s", 10.0, cap=150.0),
    # Issue 16, goal 4, raised from "within 2 minutes", which it met 46× over (2.6 s, 2026-12-05): the
    # analysis is waited for on a polling page, where 10 s is the limit, as for the smaller one above.
    "robust-budget-large": Capped(
        "robust-budget-large",
        "robustness with a budget and a time limit (the web's analysis)",
        "completes within 10 s, every sample used",
        10.0,
        cap=200.0,
    ),
    # Judged on the ratio to the same MILP written directly against scipy's milp, timed in the same run.
    "plan": Capped("plan", "plan over several years (økonomiplan)", "≤ 3× direct milp", None, cap=300.0),
}

#: Each solver peer's time limit in seconds (per repetition; the frontier's 50 steps share one): one
#: slow peer cannot stall the run, and one that reaches it is reported as stopped at its limit.
PEER_SECONDS = {"portfolio": 20.0, "frontier": 40.0, "portfolio-large": 30.0, "plan": 20.0}
QUICK_PEER_SECONDS = 5.0


def _peer_limit(plan: Plan, key: str) -> float:
    return QUICK_PEER_SECONDS if plan.quick else PEER_SECONDS[key]


def _with_peers(
    row: Row,
    key: str,
    plan: Plan,
    models: list[solvers.Model],
    optimum: list[float],
    repeats: int,
    reuse: bool = False,
) -> None:
    """Time the limit and the peers on the task's model and check each reaches the engine's optimum."""
    limit = _peer_limit(plan, key)
    _log(f"{key}: the limit and the peers ({', '.join(solvers.NAMES)}), at most {limit:g} s each")
    row.solvers = solvers.solve_all(models, limit, repeats, budget=limit, reuse=reuse)
    _peer_checks(row, optimum)


def _peer_checks(row: Row, optimum: list[float]) -> None:
    for name, outcome in row.solvers.items():
        check = solvers.same_optimum(name, outcome, optimum)
        if check is not None:
            row.checks.append(check)
        elif outcome.answer.status == NOT_APPLICABLE:
            row.notes.append(f"{name}: not applicable: {outcome.answer.detail}")
        elif outcome.answer.status == MISSING:
            row.notes.append(f"{name}: not installed (pip install -c constraints.txt -e '.[bench]')")


def capped_row(key: str, plan: Plan, seed: int) -> Row:
    """Run one capped task here (in the child process) and return its row, results dropped."""
    spec = CAPPED[key]
    budget = 0.6 * spec.cap
    if key == "portfolio":
        row = _portfolio(plan, seed, budget)
    elif key == "portfolio-weighted":
        row = _portfolio(plan, seed, budget, PORTFOLIO_WEIGHTS)
    elif key == "frontier":
        row = _frontier(plan, seed, budget)
    elif key == "portfolio-large":
        row = _large_portfolio(plan, seed, budget)
    elif key == "plan":
        row = _plan(plan, seed, budget)
    elif key == "robust-budget-large":
        row = _robust_budget_large(plan, seed, budget)
    else:
        row = _robust_budget(plan, seed, budget)
    row.task, row.size, row.goal = spec.task, spec.size(plan), spec.goal
    if spec.limit is not None:
        row.met = _judge(plan, row.ours.median < spec.limit and row.complete)
        row.margin = spec.limit / row.ours.median
    if len(row.ours.times) < _planned(plan, key):
        row.notes.append(
            f"{len(row.ours.times)} of {_planned(plan, key)} repetitions: the rest would not fit in {budget:.0f} s"
        )
    row.ours.result = None  # checked already; not worth sending back to the parent
    return row


def _planned(plan: Plan, key: str) -> int:
    if key == "portfolio-large":
        return plan.large_portfolio[-1]
    if key.startswith("portfolio"):
        return plan.portfolio[-1]
    if key == "plan":
        return plan.plan[-1]
    return {"frontier": plan.frontier, "robust-budget": plan.robust_budget, "robust-budget-large": plan.robust_large}[
        key
    ][-1]


def _portfolio(plan: Plan, seed: int, budget: float, weights: Weights | None = None) -> Row:
    n, groups, mandatory, repeats = plan.portfolio
    instance = generate(n, seed, groups=groups, mandatory=mandatory)
    label = "equal weights" if weights is None else "unequal weights"
    _log(f"portfolio ({label}): {n} measures, 2 budgets, {groups} groups, {mandatory} mandatory, {repeats} repetitions")
    with captured_stdout() as chatter:
        timings = measure(
            [Contender(OURS_COLD, instance.measures, lambda m: optimise(m, instance.budget, weights))],
            repeats,
            budget=budget,
        )
        ours = timings[OURS_COLD]
        row = Row(task="", size="", ours=ours)
        measures = instance.measures()
        row.checks.append(checks.portfolio_optimal(measures, ours.result, instance.budget))
        if weights is None:
            model = solver_model.portfolio_model(measures, ours.result.measure_values, instance.budget)
            _with_peers(row, "portfolio", plan, [model], [ours.result.value], min(repeats, 3))
    row.notes.append(_budget_note(instance))
    _chatter_note(row, chatter)
    return row


def _frontier(plan: Plan, seed: int, budget: float) -> Row:
    steps, n, groups, mandatory, repeats = plan.frontier
    instance = generate(n, seed, groups=groups, mandatory=mandatory)
    total = instance.total("cost_nok")
    ranges = {"cost_nok": BudgetRange(0.1 * total, total, steps)}
    fixed = {"fte": instance.budget["fte"]}
    _log(f"frontier: {steps} steps × {n} measures, {repeats} repetitions, against one solve")
    with captured_stdout() as chatter:
        timings = measure(
            [
                Contender(OURS_COLD, instance.measures, lambda m: frontier(m, ranges, fixed)),
                Contender(ONE_SOLVE, instance.measures, lambda m: optimise(m, instance.budget)),
            ],
            repeats,
            budget=budget,
        )
        ours, one = timings[OURS_COLD], timings[ONE_SOLVE]
        row = Row(
            task="",
            size="",
            ours=ours,
            peers={ONE_SOLVE: one},
        )
        points = ours.result
        measures = instance.measures()
        base = solver_model.portfolio_model(measures, np.asarray(objective_values(measures)), points[0].budget)
        models = [base.with_upper(dict(enumerate(p.budget.values()))) for p in points]
        _with_peers(row, "frontier", plan, models, [p.value for p in points], 1, reuse=True)
        # A contender that proved every step's optimum (gap 0) stands in for the check's own 50 solves,
        # which took minutes on a loaded machine; with none, the check solves them itself.
        done = [
            (name, o.timing.result)
            for name, o in row.solvers.items()
            if o.answer.status == solvers.OPTIMAL and o.timing.times and len(o.timing.result or []) == len(points)
        ]
        by, proven = done[0] if done else ("", None)
        row.checks.insert(0, checks.frontier_sound(measures, points, proven, by))
    ratio = ours.median / one.median
    row.met = _judge(plan, ratio <= FRONTIER_RATIO_GOAL)
    row.margin = FRONTIER_RATIO_GOAL / ratio
    row.notes += [
        f"cost budget 10–100 % of the total in {steps} steps; FTE budget fixed at {fixed['fte']:.0f}",
        f"{ONE_SOLVE}: median {one.median * 1e3:.0f} ms (min {one.min * 1e3:.0f} ms, "
        f"CPU {one.cpu_median * 1e3:.0f} ms); "
        f"frontier / one solve = {ratio:.2f}× on the wall-clock medians, {ours.cpu_median / one.cpu_median:.2f}× "
        f"on CPU (goal ≤ {FRONTIER_RATIO_GOAL:g}×); each step starts from the previous step's optimum",
    ]
    one.result = None
    _chatter_note(row, chatter)
    return row


#: The frontier's yardstick: one portfolio solve of the same instance (cold, at its own budgets).
ONE_SOLVE = "one solve (same instance)"
#: The large portfolio's contenders, each run as a whole process.
MILP_DEFAULT = "scipy milp (defaults, whole process)"


def _solve_process(
    which: str, n: int, groups: int, mandatory: int, seed: int, *extra: str, timeout: float | None = None
) -> tuple[float, float, dict[str, object]]:
    """Run :mod:`bench.solve_once` in a fresh interpreter: (wall seconds, CPU seconds, its answer)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "bench.solve_once", which, str(n), str(groups), str(mandatory), str(seed), *extra],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=timeout,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, json.loads(done.stdout.strip().splitlines()[-1])


def _large_portfolio(plan: Plan, seed: int, budget: float) -> Row:
    """Issue 16, goal 1: a whole process that builds the instance and solves it to proven optimality
    with the engine, against the same with ``scipy.optimize.milp`` (default options) on the same
    model, interleaved, in one run."""
    from .solve_once import MILP, OURS, PEERS

    n, groups, mandatory, repeats = plan.large_portfolio
    _log(f"large portfolio: {n} measures, 2 budgets, {groups} groups, {mandatory} mandatory, {repeats} × 2 processes")
    timings = {OURS: Timing(), MILP: Timing()}
    started = time.perf_counter()
    # Leave the limit and the peers their time (each process is stopped 60 s after its limit).
    budget -= len(PEERS) * (_peer_limit(plan, "portfolio-large") + 30)
    for k in range(repeats):
        if k and time.perf_counter() - started > budget:
            break
        for which in (OURS, MILP):
            wall, cpu, answer = _solve_process(which, n, groups, mandatory, seed)
            timings[which].times.append(wall)
            timings[which].cpu.append(cpu)
            timings[which].result = answer
    ours, milp = timings[OURS], timings[MILP]
    a, b = ours.result, milp.result
    ratio = ours.median / milp.median
    proven = bool(a["optimal_reported"]) and a["bound"] <= a["value"] + 1e-9
    # milp's defaults stop at a relative gap of 1e-4: its value may fall short, never exceed ours.
    agree = b["value"] <= a["value"] + 1e-9 and a["value"] <= b["bound"] + 1e-9
    row = Row(task="", size="", ours=ours, peers={MILP_DEFAULT: milp})
    row.checks.append(
        checks.Check(
            proven and agree,
            f"{'proven optimal' if proven else 'NOT PROVEN'}: value {a['value']:.4f}, dual bound {a['bound']:.4f} "
            f"(gap 0, proof: {a['proof']}, {a['free']} measures left to the reduced MILP); milp with defaults: value "
            f"{b['value']:.4f}, dual bound {b['bound']:.4f} ({'consistent' if agree else 'INCONSISTENT'})",
        )
    )
    instance = generate(n, seed, groups=groups, mandatory=mandatory)
    row.checks.append(checks.portfolio_optimal_value(instance.measures(), float(a["value"]), instance.budget))
    row.met = _judge(plan, ratio <= LARGE_RATIO_GOAL)
    row.margin = LARGE_RATIO_GOAL / ratio
    solve_ours = float(a["solve_seconds"])
    solve_milp = float(b["solve_seconds"])
    row.notes += [
        f"whole processes (interpreter, imports, instance, model, solve), interleaved: engine / milp = {ratio:.3f}× "
        f"on the wall-clock medians, {ours.cpu_median / milp.cpu_median:.3f}× on CPU (goal ≤ {LARGE_RATIO_GOAL:g}×)",
        f"inside the processes, the solve alone (last repetition): engine {solve_ours * 1e3:.0f} ms, "
        f"milp {solve_milp:.2f} s ({solve_ours / solve_milp:.3f}×)",
        _budget_note(instance),
    ]
    _large_peers(row, plan, seed, float(a["value"]))
    return row


def _large_peers(row: Row, plan: Plan, seed: int, optimum: float) -> None:
    """The limit and the peers on the large portfolio: one whole process each, like the engine's."""
    from .solve_once import PEERS

    n, groups, mandatory, _ = plan.large_portfolio
    limit = _peer_limit(plan, "portfolio-large")
    _log(f"large portfolio: the limit and the peers, one whole process each, at most {limit:g} s each")
    solves = []
    for which, name in PEERS.items():
        outcome = solvers.Outcome(limit=limit)
        outcome.timing.result = []
        try:
            wall, cpu, answer = _solve_process(which, n, groups, mandatory, seed, str(limit), timeout=limit + 60)
        except subprocess.TimeoutExpired:
            outcome.answer = solvers.Answer(solvers.STOPPED)
        except subprocess.CalledProcessError as e:
            tail = (e.stderr or "").strip().splitlines()[-1:]
            outcome.answer = solvers.Answer(f"failed ({' '.join(tail) or e.returncode})")
        else:
            value = answer["value"]
            outcome.answer = solvers.Answer(
                str(answer["status"]),
                float("nan") if value is None else float(value),  # type: ignore[arg-type]
                answer["bound"],  # type: ignore[arg-type]
                detail=str(answer["detail"]),
            )
            if outcome.answer.status == solvers.OPTIMAL:
                outcome.timing.times, outcome.timing.cpu = [wall], [cpu]
                outcome.timing.result = [outcome.answer.value]
                solves.append(f"{name} {float(answer['solve_seconds']):.2f} s")  # type: ignore[arg-type]
        row.solvers[name] = outcome
    _peer_checks(row, [optimum])
    if solves:
        row.notes.append("the limit and the peers, one whole process each; the solve alone: " + ", ".join(solves))


def _robust_budget(plan: Plan, seed: int, budget: float) -> Row:
    samples, n, groups, mandatory, repeats = plan.robust_budget
    instance = generate(n, seed, groups=groups, mandatory=mandatory)
    _log(f"robustness with a budget: {samples} samples × {n} measures, up to {repeats} repetitions")

    def run(m: Measures) -> object:
        return robustness(m, samples=samples, seed=seed, budget=instance.budget)

    with captured_stdout() as chatter:
        # Warm-up on a few samples: the same code path (HiGHS loaded, model built), a fraction of the time.
        robustness(instance.measures(), samples=min(samples, 10), seed=seed, budget=instance.budget)
        timings = measure([Contender(OURS_COLD, instance.measures, run)], repeats, warmup=0, budget=budget)
    ours = timings[OURS_COLD]
    row = Row(
        task="",
        size="",
        ours=ours,
        checks=[checks.core_index_sound(ours.result, instance.measures())],
        notes=[_budget_note(instance)],
    )
    _chatter_note(row, chatter)
    return row


#: The web analysis's limits and grid (portfolio.analysis.ROBUSTNESS_SECONDS, ROBUSTNESS_SOLVE_SECONDS and
#: ROBUSTNESS_GRID; bench does not import Django).
WEB_ROBUSTNESS_SECONDS = 90.0
WEB_SOLVE_SECONDS = 20.0
WEB_GRID = 20


def _robust_budget_large(plan: Plan, seed: int, budget: float) -> Row:
    samples, n, groups, mandatory, repeats = plan.robust_large
    instance = generate(n, seed, groups=groups, mandatory=mandatory)
    _log(f"robustness with a budget and a time limit: {samples} samples × {n} measures")

    def run(m: Measures) -> object:
        return robustness(
            m,
            samples=samples,
            seed=seed,
            budget=instance.budget,
            top=0,
            time_limit=WEB_ROBUSTNESS_SECONDS,
            solve_time_limit=WEB_SOLVE_SECONDS,
            grid=WEB_GRID,
        )

    with captured_stdout() as chatter:
        timings = measure([Contender(OURS_COLD, instance.measures, run)], repeats, warmup=0, budget=budget)
    ours = timings[OURS_COLD]
    result = ours.result
    assert isinstance(result, Robustness)
    low, high = result.core_low, result.core_high
    widest = float(np.max(high - low)) if low is not None and high is not None else 1.0
    row = Row(
        task="",
        size="",
        ours=ours,
        complete=result.core_samples == result.samples and not result.core_unresolved,
        checks=[checks.core_index_sound(result, instance.measures())],
        notes=[
            f"samples used {result.core_samples} of {result.samples}, stopped early: "
            f"{'yes' if result.stopped_early else 'no'}, unresolved samples {result.core_unresolved}, "
            f"{result.solves} solves, widest 95 % interval {widest:.2f} (limits {WEB_ROBUSTNESS_SECONDS:g} s "
            f"in all, {WEB_SOLVE_SECONDS:g} s per solve; benefit's weight on a grid of 1/{result.grid}, "
            "each grid point's optimum proven)",
            _budget_note(instance),
        ],
    )
    _chatter_note(row, chatter)
    return row


#: The plan's contenders: Prioritet's engine and the same MILP written directly against scipy's milp.
DIRECT_MILP = "scipy milp (direct)"
#: The plan's goal: at most this many times the direct MILP's median.
PLAN_RATIO_GOAL = 3.0


def _plan(plan: Plan, seed: int, budget: float) -> Row:
    n, years, repeats = plan.plan
    instance = plans.generate_plan(n, seed, years=years)
    _log(f"plan: {years} years × {n} measures, 2 budgets, {repeats} repetitions against a direct milp")
    with captured_stdout() as chatter:
        # No warm-up: each solve takes seconds, and both contenders load HiGHS the same way.
        timings = measure(
            [
                Contender(OURS_COLD, instance.measures, lambda m: plans.ours(instance, m)),
                Contender(DIRECT_MILP, lambda: instance, plans.direct),
            ],
            repeats,
            warmup=0,
            budget=budget,
        )
    ours, direct = timings[OURS_COLD], timings[DIRECT_MILP]
    result = ours.result
    same = result.optimal and abs(result.value - direct.result) <= 1e-6 * max(1.0, abs(direct.result))
    within = all(
        u <= b * (1 + 1e-9) + 1e-6 for c in result.budget for u, b in zip(result.used[c], result.budget[c], strict=True)
    )
    ratio = ours.median / direct.median
    row = Row(task="", size="", ours=ours, peers={DIRECT_MILP: direct})
    row.checks.append(
        checks.Check(
            same and within,
            f"{'same optimum' if same else 'DIFFERENT optimum'}: value {result.value:.4f} "
            f"(direct {direct.result:.4f}), proven optimal, every yearly budget {'kept' if within else 'BROKEN'}",
        )
    )
    row.met = _judge(plan, ratio <= PLAN_RATIO_GOAL)
    row.margin = PLAN_RATIO_GOAL / ratio
    started = sum(s is not None for s in result.start)
    row.notes += [
        f"{DIRECT_MILP}: median {direct.median:.2f} s (min {direct.min:.2f} s, CPU {direct.cpu_median:.2f} s); "
        f"Prioritet / direct = {ratio:.2f}× on the wall-clock medians, "
        f"{ours.cpu_median / direct.cpu_median:.2f}× on CPU (goal ≤ {PLAN_RATIO_GOAL:g}×)",
        f"{started} of {n} measures started; budgets 40–60 % of each column's total, growing 3 % a year",
    ]
    direct.result = None
    with captured_stdout() as more:
        _with_peers(row, "plan", plan, [plans.plan_model(instance)], [result.value], min(repeats, 3))
    chatter.lines += more.lines
    _chatter_note(row, chatter)
    return row


def _log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def _budget_note(instance: Instance) -> str:
    share = {c: instance.budget[c] / instance.total(c) for c in instance.budget}
    return "budgets " + ", ".join(f"{c} {100 * s:.0f} % of total" for c, s in share.items())


def _chatter_note(row: Row, chatter: object) -> None:
    lines = getattr(chatter, "lines", 0)
    if lines:
        row.notes.append(
            f"HiGHS wrote {lines} stray line(s) to stdout during the runs (not shown; ERGO-Code/HiGHS#2783)"
        )


__all__ = ["CAPPED", "Capped", "Plan", "Row", "capped_row", "ranking", "robustness_rows"]
