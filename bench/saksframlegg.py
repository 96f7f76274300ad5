"""A large budget's saksframlegg and the web worker's memory (issue 16 §5), measured in a worker process.

The goals: the saksframlegg of a 2,000-measure portfolio rendered to PDF in at most 3 s and at most
150 MB more memory than the worker had before, and a web worker whose memory returns to within 20 %
of its start after 20 workspace renders and 5 PDFs. The worker (``python -m bench.saksframlegg``)
builds a throwaway SQLite database, loads the demo, imports 2,000 generated measures into the demo's
annual-budget portfolio through the web import (check and save) and, as the demo's municipal
director, times with Django's test client (DEBUG off):

* the saksframlegg page (HTML) and the PDF's rendering as the task worker does it (the stored HTML
  to PDF, :func:`prioritet.reports.pdf.render`), each with the peak of resident memory above what
  the process held before (Linux's ``VmHWM``, reset through ``/proc/self/clear_refs``);
* the resident memory after one workspace render and one PDF (the start), and after 20 workspace
  renders and 5 PDFs more.

The robustness analysis is not asked for (the saksframlegg's GETs queue nothing; its POST would):
the pages show it as pending. The PDF is timed as the task worker renders it, from the HTML its
POST («Make the PDF») stores.
Figures only; no test asserts a time or a size.
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path
from typing import Any, NamedTuple

from .pages import run_worker
from .report import seconds, table

MEASURES = 2000


def report(quick: bool) -> tuple[list[str], bool | None]:
    """Run the worker and return the report's lines and whether the goals were met (None: not judged)."""
    result = run_worker("bench.saksframlegg", quick)
    if isinstance(result, str):
        return [f"The saksframlegg benchmark failed:\n\n```\n{result}\n```"], False
    pdf_time, pdf_extra = result["pdf"]["median"], result["pdf"]["extra_mib"]
    growth = result["after_mib"] / result["start_mib"] - 1.0
    met = None if quick else pdf_time <= 3.0 and pdf_extra <= 150 and growth <= 0.20
    rows = [
        [
            "saksframlegg page (HTML)",
            f"{seconds(result['page']['median'])} ({seconds(result['page']['min'])})",
            f"{result['page']['extra_mib']:.0f} MiB",
            f"{result['page']['bytes'] / 1024:.0f} KiB",
        ],
        [
            "saksframlegg PDF (the task's rendering)",
            f"{seconds(pdf_time)} ({seconds(result['pdf']['min'])})",
            f"{pdf_extra:.0f} MiB",
            f"{result['pdf']['bytes'] / 1024:.0f} KiB",
        ],
    ]

    def mark(ok: bool) -> str:
        return "—" if quick else "✓" if ok else "✗"

    lines = [
        "## A large budget's saksframlegg and the worker's memory (issue 16 §5)",
        "",
        f"{result['measures']:,} measures in the demo's annual-budget portfolio{' (quick run)' if quick else ''}, "
        f"imported through the web import in {result['import_seconds']:.1f} s. Median (minimum) of "
        f"{result['repeats']} renderings after one warm-up; extra memory is the peak resident memory above what "
        "the process held before the rendering.",
        "",
        *table(["rendering", "median (min)", "extra memory (peak)", "size"], rows),
        "",
        "Where the PDF's time goes (median): "
        + ", ".join(f"{name} {seconds(t)}" for name, t in result["phases"].items())
        + " (the saksframlegg's context, its HTML, and WeasyPrint's layout and PDF); "
        + f"CPU time of the process per PDF {seconds(result.get('pdf_cpu', 0.0))} (median): where it is well "
        "below the wall time, other work on the machine took the difference.",
        "",
        f"Resident memory of the worker: {result['start_mib']:.0f} MiB after one workspace render and one PDF, "
        f"{result['after_mib']:.0f} MiB after 20 workspace renders and 5 PDFs more ({growth:+.0%}).",
        "",
        f"Goal (PDF in at most 3 s): {mark(pdf_time <= 3.0)} ({seconds(pdf_time)}).",
        f"Goal (at most 150 MB extra memory): {mark(pdf_extra <= 150)} ({pdf_extra:.0f} MiB).",
        f"Goal (memory back within 20 % of its start): {mark(growth <= 0.20)} ({growth:+.0%}).",
    ]
    return lines, met


# The worker ------------------------------------------------------------------------------------


def _resident_mib(field: str = "VmRSS") -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def _peak_above(work: Any) -> tuple[Any, float]:
    """Run ``work`` and return its result and the peak resident memory above the start, in MiB."""
    Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current resident size
    before = _resident_mib()
    result = work()
    return result, _resident_mib("VmHWM") - before


def _measures_file(count: int) -> bytes:
    rng = random.Random(20251122)
    lines = ["id;name;benefit;severity;resources;cost_nok;fte;group;affected;consequence"]
    for i in range(count):
        group = f"G{i // 3:04d}" if i % 10 < 3 else ""
        lines.append(
            f"gen-{i:05d};Generert tiltak {i};{rng.randint(1, 5)};{rng.randint(1, 5)};{rng.randint(1, 5)};"
            f"{rng.randint(1, 90) * 10_000};{str(rng.randint(1, 30) / 10).replace('.', ',')};{group};"
            "Innbyggere i kommunen;Tilbudet blir borte og behovet må dekkes på annen måte."
        )
    return ("\n".join(lines) + "\n").encode("utf-8")


class LargeBudget(NamedTuple):
    director: Any
    case: Any
    portfolio: Any
    measures: int
    #: Seconds the web import (preview and saving) took.
    imported: float


def large_budget_case(count: int) -> LargeBudget:
    """The demo municipality with ``count`` generated measures imported into its annual-budget
    portfolio through the web import. Shared by the page benches that need a large budget
    (saksframlegg, workspace)."""
    import io

    from django.core.management import call_command

    from prioritet.accounts.models import User
    from prioritet.cases.models import Case
    from prioritet.portfolio import imports, services
    from prioritet.portfolio.demo import BUDGET_CASE_TITLE
    from prioritet.portfolio.models import Portfolio

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_demo", stdout=io.StringIO())
    director = User.objects.get(username="demo-direktor")
    case = Case.objects.get(municipality=director.municipality, title=BUDGET_CASE_TITLE)
    portfolio = Portfolio.objects.get(case=case)
    started = time.perf_counter()
    preview = imports.preview(portfolio, _measures_file(count), "generert.csv")
    if not preview.ok:
        raise RuntimeError(f"the generated file does not import: {[str(p.message) for p in preview.problems][:3]}")
    services.import_measures(portfolio, director, preview)
    imported = time.perf_counter() - started
    return LargeBudget(director, case, portfolio, portfolio.measures.filter(archived=False).count(), imported)


def _worker(quick: bool) -> dict[str, Any]:
    import statistics

    import django

    django.setup()
    from django.template.loader import render_to_string
    from django.test import Client, RequestFactory

    from prioritet.accounts.testing import sign_in
    from prioritet.reports import pdf
    from prioritet.reports.views import _saksframlegg_context

    director, case, portfolio, measures, imported = large_budget_case(MEASURES // 10 if quick else MEASURES)

    client = sign_in(Client(), director)
    request = RequestFactory().get(f"/cases/{case.pk}/report/pdf/")
    request.user = director

    def page() -> bytes:
        response = client.get(f"/cases/{case.pk}/report/")
        if response.status_code != 200:
            raise RuntimeError(f"the saksframlegg answered {response.status_code}")
        return bytes(response.content)

    def workspace() -> None:
        response = client.get(f"/portfolio/{portfolio.pk}/")
        if response.status_code != 200:
            raise RuntimeError(f"the workspace answered {response.status_code}")

    phases: dict[str, list[float]] = {"context": [], "html": [], "pdf": []}
    cpu: list[float] = []

    def document() -> bytes:
        began, cpu_began = time.perf_counter(), time.process_time()
        context = _saksframlegg_context(case, director)
        built = time.perf_counter()
        html = render_to_string("reports/saksframlegg_pdf.html", context | {"for_pdf": True}, request=request)
        rendered = time.perf_counter()
        out = pdf.render(html, extra_css=pdf.page_css("Side", "av"))
        phases["context"].append(built - began)
        phases["html"].append(rendered - built)
        phases["pdf"].append(time.perf_counter() - rendered)
        cpu.append(time.process_time() - cpu_began)
        return out

    repeats = 2 if quick else 5
    workspace()
    document()  # warm-up: fonts, templates, caches
    start = _resident_mib()
    runs: dict[str, list[tuple[float, float, int]]] = {"page": [], "pdf": []}
    for _ in range(repeats):
        for name, work in (("page", page), ("pdf", document)):
            began = time.perf_counter()
            body, extra = _peak_above(work)
            runs[name].append((time.perf_counter() - began, extra, len(body)))
    for _ in range(20):
        workspace()
    for _ in range(5 - repeats if repeats < 5 else 0):
        document()
    after = _resident_mib()

    def summary(name: str) -> dict[str, float]:
        times = [t for t, _, _ in runs[name]]
        return {
            "median": statistics.median(times),
            "min": min(times),
            "extra_mib": statistics.median(e for _, e, _ in runs[name]),
            "bytes": runs[name][-1][2],
        }

    return {
        "measures": measures,
        "import_seconds": imported,
        "repeats": repeats,
        "page": summary("page"),
        "pdf": summary("pdf"),
        "start_mib": start,
        "after_mib": after,
        "phases": {name: statistics.median(times) for name, times in phases.items()},
        # The process's own CPU time per PDF: on a loaded machine the wall time also holds others' work.
        "pdf_cpu": statistics.median(cpu[1:] or cpu),
    }


if __name__ == "__main__":
    print(json.dumps(_worker("--quick" in sys.argv[1:])))
