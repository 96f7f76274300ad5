"""The budget workspace at a municipality's scale (issue 16 §3), measured in a worker process.

The goals: with a 2,000-measure portfolio, the workspace's cold first render in at most 3 s, and a
budget change answered in at most 1 s once the portfolio's frontier is stored. The worker
(``python -m bench.workspace``) builds a throwaway SQLite database, loads the demo, imports 2,000
generated measures into the demo's annual-budget portfolio (as the saksframlegg's benchmark does)
and, as the demo's municipal director, times with Django's test client (DEBUG off):

* the cold first render: the workspace with an empty cache and nothing stored for its data, in a
  process that has served a page already (a running server's modules are imported: the very first
  request of a process imports WeasyPrint and the rest, seconds that no page's data costs);
* the background work the data change queued (the frontier and the optimum per budget step, run
  here as the task worker runs it, :func:`prioritet.portfolio.analysis.run_stored`), untimed for the goal;
* a budget change: the budget form's POST and the workspace page it leads to, with the frontier
  stored: the page shows the nearest computed step at once and the exact optimum when it is ready;
* the page once the exact optimum of the new budget is stored, and a move of the budget slider
  (the htmx answer).

Figures only; no test asserts a time.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from typing import Any

from .pages import run_worker
from .report import seconds, table

MEASURES = 2000
#: The goals, in seconds.
COLD_GOAL = 3.0
CHANGE_GOAL = 1.0


def report(quick: bool) -> tuple[list[str], bool | None]:
    """Run the worker and return the report's lines and whether the goals were met (None: not judged)."""
    result = run_worker("bench.workspace", quick)
    if isinstance(result, str):
        return [f"The workspace benchmark failed:\n\n```\n{result}\n```"], False
    cold, change = result["cold"], result["change"]["median"]
    met = None if quick else cold <= COLD_GOAL and change <= CHANGE_GOAL

    def row(label: str, figures: dict[str, float], size: str = "") -> list[str]:
        return [label, f"{seconds(figures['median'])} ({seconds(figures['min'])})", size]

    rows = [
        ["cold first render (data cold: no cache, nothing stored)", seconds(cold), f"{result['cold_kib']:.0f} KiB"],
        ["the queued background work (frontier and optimum)", seconds(result["background"]), ""],
        row("budget change: POST and its page (nearest level)", result["change"], f"{result['change_kib']:.0f} KiB"),
        row("the page once the exact optimum is stored", result["exact"]),
        row("a move of the budget slider (htmx answer)", result["slider"], f"{result['slider_kib']:.0f} KiB"),
    ]

    def mark(ok: bool) -> str:
        return "—" if quick else "✓" if ok else "✗"

    lines = [
        "## The budget workspace at 2,000 measures (issue 16 §3)",
        "",
        f"{result['measures']:,} measures in the demo's annual-budget portfolio{' (quick run)' if quick else ''}. "
        f"Median (minimum) of {result['repeats']} requests through the whole middleware stack; the background "
        "work is run as the task worker runs it, between the requests.",
        "",
        *table(["request", "median (min)", "response"], rows),
        "",
        f"Goal (cold first render in at most {COLD_GOAL:.0f} s): {mark(cold <= COLD_GOAL)} ({seconds(cold)}).",
        f"Goal (a budget change in at most {CHANGE_GOAL:.0f} s): {mark(change <= CHANGE_GOAL)} ({seconds(change)}).",
    ]
    return lines, met


# The worker ------------------------------------------------------------------------------------


def _run_background() -> float:
    """Run the portfolio's queued frontier and optimum work as the task worker does; its seconds."""
    from prioritet.portfolio import analysis
    from prioritet.portfolio.models import FrontierAnalysis

    began = time.perf_counter()
    for pk in FrontierAnalysis.objects.filter(status="queued").order_by("pk").values_list("pk", flat=True):
        analysis.run_stored(pk)
    return time.perf_counter() - began


def _worker(quick: bool) -> dict[str, Any]:
    from decimal import Decimal

    import django

    django.setup()
    from django.core.cache import cache
    from django.test import Client

    from prioritet.accounts.testing import sign_in
    from prioritet.portfolio.models import Budget, Portfolio

    from .saksframlegg import large_budget_case

    director, _case, portfolio, measures, _imported = large_budget_case(MEASURES // 10 if quick else MEASURES)
    client = sign_in(Client(), director)
    url = f"/portfolio/{portfolio.pk}/"

    def get(address: str, **headers: str) -> tuple[float, int]:
        began = time.perf_counter()
        response = client.get(address, headers=headers)
        took = time.perf_counter() - began
        if response.status_code != 200:
            raise RuntimeError(f"{address} answered {response.status_code}")
        return took, len(response.content)

    # The process is warm, as a running server's is (its modules imported, its templates compiled, by
    # the demo's other workspace); the portfolio's data is cold: nothing cached, nothing stored.
    other = Portfolio.objects.exclude(pk=portfolio.pk).first()
    if other is not None:
        get(f"/portfolio/{other.pk}/")
    cache.clear()
    cold, cold_bytes = get(url)
    background = _run_background()
    get(url)  # warm-up: templates, the stored results read once

    budget = Budget.objects.get(portfolio=portfolio, column__key="cost_nok").amount or Decimal(100_000_000)
    repeats = 2 if quick else 5
    change: list[float] = []
    exact: list[float] = []
    slider: list[float] = []
    change_bytes = slider_bytes = 0
    for k in range(repeats):
        amount = (budget * Decimal(100 - 3 * (k + 1)) / 100).quantize(Decimal(1))
        began = time.perf_counter()
        response = client.post(f"{url}budget/", {"budget_cost_nok": str(amount), "budget_fte": ""}, follow=True)
        change.append(time.perf_counter() - began)
        if response.status_code != 200 or len(response.redirect_chain) != 1:
            raise RuntimeError(f"the budget change answered {response.status_code} {response.redirect_chain}")
        change_bytes = len(response.content)
        _run_background()
        exact.append(get(url)[0])
        took, slider_bytes = get(f"{url}frontier/?column=cost_nok&point={k + 2}", HX_Request="true")
        slider.append(took)

    def summary(times: list[float]) -> dict[str, float]:
        return {"median": statistics.median(times), "min": min(times)}

    return {
        "measures": measures,
        "repeats": repeats,
        "cold": cold,
        "cold_kib": cold_bytes / 1024,
        "background": background,
        "change": summary(change),
        "change_kib": change_bytes / 1024,
        "exact": summary(exact),
        "slider": summary(slider),
        "slider_kib": slider_bytes / 1024,
    }


if __name__ == "__main__":
    print(json.dumps(_worker("--quick" in sys.argv[1:])))
