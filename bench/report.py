"""The printed report: Markdown tables, so that a run can be pasted into docs/benchmarks.md as is."""

from __future__ import annotations

from collections.abc import Sequence

from .tasks import Row
from .timing import Timing


def seconds(t: float) -> str:
    if t < 1e-3:
        return f"{t * 1e6:.0f} µs"
    if t < 1.0:
        return f"{t * 1e3:.3g} ms" if t < 0.1 else f"{t * 1e3:.0f} ms"
    return f"{t:.2f} s"


def timing(t: Timing | None) -> str:
    if t is None:
        return "—"
    return f"{seconds(t.median)} ({seconds(t.min)})"


def verdict(met: bool | None) -> str:
    return {True: "✓", False: "✗", None: "—"}[met]


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    line = "| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |"
    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    body = ["| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in rows]
    return [line, rule, *body]


def ours(r: Row) -> str:
    if r.stopped_after is not None:
        return f"> {seconds(r.stopped_after)} (stopped)"
    return timing(r.ours)


def main_table(rows: Sequence[Row], peers: Sequence[str]) -> list[str]:
    header = [
        "task",
        "size",
        "Prioritet median (min)",
        "Prioritet CPU",
        *(f"{p} median (min)" for p in peers),
        *(f"{p} / Prioritet" for p in peers),
        "goal",
        "met",
    ]
    body = []
    for r in rows:
        body.append(
            [
                r.task,
                r.size,
                ours(r),
                seconds(r.ours.cpu_median) if r.ours.cpu else "—",
                *(timing(r.peers.get(p)) for p in peers),
                *(f"{r.ratio(p):.2f}×" if p in r.peers else "—" for p in peers),
                r.goal or "—",
                verdict(r.met),
            ]
        )
    return table(header, body)


def ranking_detail_table(rows: Sequence[Row]) -> list[str]:
    """Every contender of the ranking rows, with Prioritet warm (cached score profiles) beside cold."""
    rows = [r for r in rows if r.ours_warm is not None]
    if not rows:
        return []
    names = list(dict.fromkeys(name for r in rows for name in r.peers))
    header = ["task", "size", "Prioritet cold", "Prioritet warm", *names, *(f"{n} / warm" for n in names)]
    body = []
    for r in rows:
        warm = r.ours_warm
        assert warm is not None
        body.append(
            [
                r.task,
                r.size,
                timing(r.ours),
                timing(warm),
                *(timing(r.peers.get(n)) for n in names),
                *(f"{r.peers[n].median / warm.median:.1f}×" if n in r.peers else "—" for n in names),
            ]
        )
    return table(header, body)


def checks_and_notes(rows: Sequence[Row]) -> list[str]:
    lines = []
    for r in rows:
        for c in r.checks:
            lines.append(f"- {'✓' if c.ok else '✗'} {r.task}, {r.size}: {c.text}")
        for note in r.notes:
            lines.append(f"- {r.task}, {r.size}: {note}")
    return lines


def solver_table(rows: Sequence[Row]) -> list[str]:
    """The solver tasks with the limit (bare HiGHS) and the peers on the same model, and the task's
    own yardstick (one solve, milp, the direct milp) where it has one."""
    from . import solvers

    rows = [r for r in rows if r.solvers]
    if not rows:
        return []
    yardsticks = list(dict.fromkeys(name for r in rows for name in r.peers))
    names = list(dict.fromkeys(name for r in rows for name in r.solvers))
    header = ["task", "Prioritet", *yardsticks, *names, *(f"{n} / Prioritet" for n in names)]
    body = []
    for r in rows:
        ratios = []
        for n in names:
            o = r.solvers.get(n)
            if o is None or not r.ours.times:
                ratios.append("—")
            elif o.timing.times and o.answer.status == solvers.OPTIMAL:
                ratios.append(f"{o.timing.median / r.ours.median:.2f}×")
            elif o.answer.status == solvers.STOPPED:
                ratios.append(f"> {o.limit / r.ours.median:.0f}×")
            else:
                ratios.append("—")
        body.append(
            [
                r.task,
                ours(r),
                *(timing(r.peers.get(y)) for y in yardsticks),
                *(solvers.cell(r.solvers.get(n)) for n in names),
                *ratios,
            ]
        )
    return table(header, body)


def slower(rows: Sequence[Row]) -> list[str]:
    """Every row where a peer, or the limit, took less time than Prioritet: said, not left to the tables."""
    from . import solvers

    lines = []
    for r in rows:
        if not r.ours.times:
            continue
        faster = {p: t.median for p, t in r.peers.items() if r.ours_warm is not None and t.median < r.ours.median}
        faster |= {
            n: o.timing.median
            for n, o in r.solvers.items()
            if o.answer.status == solvers.OPTIMAL and o.timing.times and o.timing.median < r.ours.median
        }
        for name, median in faster.items():
            lines.append(
                f"- {r.task}, {r.size}: {name} {seconds(median)} against Prioritet's {seconds(r.ours.median)} "
                f"({r.ours.median / median:.2f}× slower)"
            )
    return lines


def margins(rows: Sequence[Row], raise_at: float) -> list[str]:
    """Each judged goal's margin: how many times over it is met; those at ``raise_at`` or more are due
    to be raised."""
    lines = []
    for r in rows:
        if r.margin is None or r.met is None:
            continue
        flag = f" — {raise_at:g}× or more: to be raised" if r.met and r.margin >= raise_at else ""
        verdict = "met" if r.met else "missed"
        lines.append(f"- {r.task}, {r.size}: goal {r.goal}, {verdict}, margin {r.margin:.1f}×{flag}")
    return lines
