"""Command line: ``python -m bench [--quick] [--only TASKS] [--seed N] [--json FILE] [--fail-on-missed-goal]``.

Exit status: 1 when a check fails (a result was wrong, so its time means nothing), 2 with
``--fail-on-missed-goal`` when a goal is missed, 0 otherwise.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import time
import warnings
from collections.abc import Sequence
from multiprocessing.connection import Connection

from . import cli, dashboard, environment, report, saksframlegg, similar, tasks, workspace
from .peers import pymcdm, scikit_criteria

TASKS = (
    "ranking",
    "robustness",
    "portfolio",
    "portfolio-weighted",
    "portfolio-large",
    "frontier",
    "robust-budget",
    "robust-budget-large",
    "plan",
    "dashboard",
    "similar",
    "cli",
    "saksframlegg",
    "workspace",
)
DEFAULT_SEED = 20_251_122


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--quick", action="store_true", help="small sizes and few repetitions: a smoke run, goals not judged"
    )
    parser.add_argument("--only", default=",".join(TASKS), help=f"comma-separated subset of: {', '.join(TASKS)}")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="seed of every random instance")
    parser.add_argument("--json", metavar="FILE", help="also write the raw times (every repetition) to FILE")
    parser.add_argument(
        "--fail-on-missed-goal", action="store_true", help="exit with status 2 when a goal is missed (default: 0)"
    )
    args = parser.parse_args(argv)
    args.only = [t.strip() for t in args.only.split(",") if t.strip()]
    unknown = sorted(set(args.only) - set(TASKS))
    if unknown:
        parser.error(f"unknown task(s): {', '.join(unknown)}")
    return args


def _child(key: str, plan: tasks.Plan, seed: int, conn: Connection) -> None:
    warnings.filterwarnings("ignore", message="Unrecognized options detected", category=RuntimeWarning)
    conn.send(tasks.capped_row(key, plan, seed))
    conn.close()


def _capped(key: str, plan: tasks.Plan, seed: int) -> tasks.Row:
    """Run a solver task in a fresh process and stop it after its cap, so that one hard instance
    cannot hold the whole benchmark up; the parent reports it as stopped."""
    spec = tasks.CAPPED[key]
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(key, plan, seed, send), daemon=True)
    child.start()
    send.close()
    row: tasks.Row | None = None
    if receive.poll(spec.cap):
        try:
            row = receive.recv()
        except EOFError:
            row = None
    if row is None:
        child.terminate()
    child.join(5)
    if child.is_alive():
        child.kill()
        child.join()
    if row is None:
        stopped = spec.stopped(plan)
        if child.exitcode not in (None, 0, -15):
            stopped.notes = [f"the child process failed (exit code {child.exitcode}); see the messages above"]
        return stopped
    return row


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse(argv)
    # scipy announces every HiGHS option it passes through verbatim (an engine may set one) with a
    # RuntimeWarning on each solve; it says nothing about the result.
    warnings.filterwarnings("ignore", message="Unrecognized options detected", category=RuntimeWarning)
    plan = tasks.Plan.quick_plan() if args.quick else tasks.Plan.full()
    started = time.perf_counter()
    # Described before the run, so that the load average is the one the run started under.
    described = environment.describe()

    # The peer libraries (the bench extras) are needed for the ranking's tasks only.
    peers = [scikit_criteria(), pymcdm()] if "ranking" in args.only else []
    rows: list[tasks.Row] = []
    if "ranking" in args.only:
        rows += tasks.ranking(plan, args.seed, peers, pymcdm(validation=True))
    if "robustness" in args.only:
        rows += tasks.robustness_rows(plan, args.seed)
    for key in tasks.CAPPED:
        if key in args.only:
            rows.append(_capped(key, plan, args.seed))
    pages, pages_met = dashboard.report(plan.quick) if "dashboard" in args.only else ([], None)
    if "similar" in args.only:
        # The decision page with similar cases against the case page (issue 13 §3): judged like the dashboard.
        alike, alike_met = similar.report(plan.quick)
        pages = [*pages, "", *alike] if pages else alike
        pages_met = alike_met if pages_met is None else (pages_met and alike_met is not False)
    if "cli" in args.only:
        # The command line as a user runs it (issue 16 §6): whole processes, judged like the pages.
        command_line, command_line_met = cli.report(plan.quick, args.seed)
        pages = [*pages, "", *command_line] if pages else command_line
        pages_met = command_line_met if pages_met is None else (pages_met and command_line_met is not False)
    if "saksframlegg" in args.only:
        # A 2,000-measure budget's saksframlegg and the worker's memory (issue 16 §5).
        paper, paper_met = saksframlegg.report(plan.quick)
        pages = [*pages, "", *paper] if pages else paper
        pages_met = paper_met if pages_met is None else (pages_met and paper_met is not False)
    if "workspace" in args.only:
        # The budget workspace of 2,000 measures: cold render and a budget change (issue 16 §3).
        desk, desk_met = workspace.report(plan.quick)
        pages = [*pages, "", *desk] if pages else desk
        pages_met = desk_met if pages_met is None else (pages_met and desk_met is not False)
    elapsed = time.perf_counter() - started

    peer_names = [p.name for p in peers]
    out: list[str] = [
        f"## Figures{' (quick smoke run: goals not judged)' if plan.quick else ''}",
        "",
        f"`.venv/bin/python -m bench{' --quick' if plan.quick else ''}"
        f"{'' if set(args.only) == set(TASKS) else ' --only ' + ','.join(args.only)}"
        f"{'' if args.seed == DEFAULT_SEED else f' --seed {args.seed}'}`, printed as it is.",
        "",
        "### The machine",
        "",
        *(f"- {k}: {v}" for k, v in described),
        f"- seed: {args.seed}; wall time of the whole run {elapsed:.0f} s; "
        f"peak resident memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB; "
        f"load average at the end {environment.load_average()}",
        "",
        "Times are the median (and minimum) over the repetitions, after one untimed warm-up. Prioritet's",
        "ranking is timed cold from the arrays: building and validating its Measures is inside the timing,",
        "as are the score profiles and tie-break order it caches. Peers are timed from their prepared",
        "decision matrix to a ranking. Ratio = peer median / Prioritet median; above 1× Prioritet is faster.",
        "Goals are judged on the wall-clock median. CPU is the median CPU time of this process per",
        "repetition (all its threads): when it is well below the wall time, other work on the machine",
        "took the difference.",
        "",
        *(["### Engine tasks", "", *report.main_table(rows, peer_names)] if rows else []),
        "",
    ]
    if rows:
        out += [
            "### Where Prioritet is slower",
            "",
            "Every row in which a peer, or the limit, took less time (medians;",
            "the ranking counts building Prioritet's Measures from the arrays, the peers start from theirs):",
            "",
            *(report.slower(rows) or ["- nowhere in this run"]),
            "",
        ]
    detail = report.ranking_detail_table(rows)
    if detail:
        out += [
            "### Ranking, every contender",
            "",
            "Warm: the same Measures object again, score profiles and tie-break",
            "order cached. pymcdm (validation on) is pymcdm's default, which checks every row for dominance",
            "in a Python loop.",
            "",
            *detail,
            "",
        ]
        recipes = {p.name: p.recipe for p in [*peers, pymcdm(validation=True)]}
        out += ["How the peers are called (inside the timing):", ""]
        for name, recipe in recipes.items():
            for method, text in recipe.items():
                out.append(f"- {name}, {method.value}: `{text}`")
        out.append("")
    solver_rows = report.solver_table(rows)
    if solver_rows:
        out += [
            "### Solver tasks, every contender",
            "",
            "Every contender on the same 0–1 model. The limit is bare HiGHS (highspy, the",
            "arrays passed in one call, relative gap 0): the lower bound of an approach built on HiGHS. The",
            "peers are PuLP + CBC (the model built with PuLP, gap 0) and OR-Tools CP-SAT (whole coefficients,",
            "in a process of its own). Each has a time limit; '> N s (stopped at limit)' is not a time,",
            "and its ratio is only a lower bound. Every contender that finishes must reach the engine's",
            "optimum value (checked below); the frontier's contenders solve each step from the previous one.",
            "",
            *solver_rows,
            "",
        ]
    out += ["### Checks and notes", "", "Every timed result is verified:", "", *report.checks_and_notes(rows)]
    # The page and process sections head themselves at level 2; here they sit inside "Figures".
    out += ["", *(f"#{line}" if line.startswith("## ") else line for line in pages)] if pages else []
    missed = [r for r in rows if r.met is False]
    pages_missed = pages_met is False
    failed = [c for r in rows for c in r.checks if not c.ok]
    judged_margins = report.margins(rows, tasks.RAISE_AT)
    if judged_margins:
        out += [
            "",
            "### Margins",
            "",
            f"How many times over each goal is met. A goal met {tasks.RAISE_AT:g}× over is raised",
            "to its next meaningful target (docs/benchmarks.md says which were, and why).",
            "",
            *judged_margins,
        ]
    out += [""]
    if plan.quick:
        out.append("Quick run: sizes are smaller than the goals are stated for, so no goal is judged.")
    else:
        judged = len([r for r in rows if r.met is not None]) + (pages_met is not None)
        out.append(f"Goals met: {judged - len(missed) - pages_missed} of {judged}.")
    print("\n".join(out))

    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(
                {
                    "seed": args.seed,
                    "quick": plan.quick,
                    "environment": dict(described),
                    "rows": [
                        {
                            "task": r.task,
                            "size": r.size,
                            "goal": r.goal,
                            "met": r.met,
                            "ours": r.ours.times,
                            "ours_cpu": r.ours.cpu,
                            "ours_warm": r.ours_warm.times if r.ours_warm else None,
                            "peers": {k: v.times for k, v in r.peers.items()},
                            "solvers": {
                                k: {"times": o.timing.times, "status": o.answer.status, "limit": o.limit}
                                for k, o in r.solvers.items()
                            },
                            "checks": [{"ok": c.ok, "text": c.text} for c in r.checks],
                            "notes": r.notes,
                        }
                        for r in rows
                    ],
                },
                f,
                ensure_ascii=False,
                indent=1,
            )
    if failed:
        return 1
    return 2 if (missed or pages_missed) and args.fail_on_missed_goal else 0
