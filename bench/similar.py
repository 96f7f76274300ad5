"""Like cases treated alike at scale: the decision page with its similar decided cases, against the
case page's time, in the same run.

The goal (issue 13 §3): the decision page of an individual case, which finds the nearest of 5,000
decided cases of the same service (cases/similar.py, engine/similarity.py), stays within the case
page's time budget. A worker process builds a throwaway SQLite database, loads the demo
(``load_demo``), adds 5,000 decided individual cases to one of its service areas (in bulk, scores
drawn from a seeded generator) and an open individual case there assessed by the demo caseworker,
and times with Django's test client through the whole middleware stack (DEBUG off):

* the open case's page as its caseworker: the budget;
* its decision page (the combined judgment, the form and the 10 most similar decided cases, each
  logged as read). The similar-case search reads the service's positions from their index
  (cases/positions.py), which the bulk-written decided cases are added to as the services would.

The two are timed interleaved (:func:`bench.timing.measure`). Ratio = decision page median / case
page median: at most 1× meets the goal. Figures only; no test asserts a time.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from .pages import run_worker
from .report import seconds, table
from .timing import Contender, measure

DECIDED = 5000


def report(quick: bool) -> tuple[list[str], bool | None]:
    """Run the worker and return the report's lines and whether the goal was met (None: not judged)."""
    result = run_worker("bench.similar", quick)
    if isinstance(result, str):
        return [f"The similar-case benchmark failed:\n\n```\n{result}\n```"], False
    return _lines(result, quick)


def _lines(result: dict[str, Any], quick: bool) -> tuple[list[str], bool | None]:
    budget = result["pages"][0]["median"]
    rows = [
        [
            page["name"],
            f"{seconds(page['median'])} ({seconds(page['min'])})",
            f"{page['queries']}",
            f"{page['bytes'] / 1024:.0f} KiB",
            f"{page['median'] / budget:.2f}×",
        ]
        for page in result["pages"]
    ]
    ratio = result["pages"][1]["median"] / budget
    met = None if quick else ratio <= 1.0
    lines = [
        "## The decision page with similar cases against the case page (issue 13 §3)",
        "",
        f"{result['decided']:,} decided individual cases of one service{' (quick run)' if quick else ''} in one "
        f"SQLite {result['sqlite']} database; loaded in {result['fill_seconds']:.1f} s; the similar-case search "
        f"alone (selector and engine) {seconds(result['search_median'])}. Median (minimum) of {result['repeats']} "
        "interleaved requests after one warm-up, Django's test client, DEBUG off.",
        "Ratio = page median / case page median; the decision page's goal is at most 1×.",
        "",
        *table(["page", "median (min)", "queries", "size", "ratio to the case page"], rows),
        "",
        f"Goal (decision page within the case page's time): {'—' if met is None else '✓' if met else '✗'} "
        f"({ratio:.2f}×).",
    ]
    return lines, met


# The worker ------------------------------------------------------------------------------------


def _fill(quick: bool) -> dict[str, Any]:
    """The demo, then the decided cases and the open case; what the timing needs."""
    import datetime
    import io
    import random
    import time

    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from prioritet.accounts.models import Municipality, ServiceArea, User
    from prioritet.cases import positions, services
    from prioritet.cases.management.commands.load_demo import MUNICIPALITY as DEMO_MUNICIPALITY
    from prioritet.cases.models import Alternative, AlternativeKind, Case, Decision, Level, Status
    from prioritet.cases.testing import scores
    from prioritet.weighting.services import ensure_weights

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_demo", stdout=io.StringIO())
    started = time.perf_counter()
    municipality = Municipality.objects.get(number=DEMO_MUNICIPALITY["number"])
    caseworker = User.objects.get(username="demo-saksbehandler")
    area = ServiceArea.objects.filter(municipality=municipality).order_by("name").first()
    version = ensure_weights(municipality)
    rng = random.Random(20251122)
    count = DECIDED // 10 if quick else DECIDED
    with transaction.atomic():
        cases = Case.objects.bulk_create(
            (
                Case(
                    municipality=municipality,
                    level=Level.INDIVIDUAL,
                    title=f"Generert sak {i}",
                    service_area=area,
                    status=Status.DECIDED,
                    case_reference=f"B-{i:05d}",
                    created_by=caseworker,
                )
                for i in range(count)
            ),
            batch_size=1000,
        )
        alternatives = Alternative.objects.bulk_create(
            (Alternative(case=c, kind=AlternativeKind.MEASURE, title="Tiltak", created_by=caseworker) for c in cases),
            batch_size=1000,
        )
        Decision.objects.bulk_create(
            (
                Decision(
                    case=c,
                    alternative=a,
                    priority=rng.choice(["high", "medium", "low"]),
                    justification="Generert.",
                    level=Level.INDIVIDUAL,
                    weight_version=version,
                    suggestion=[
                        {
                            "alternative": a.pk,
                            "title": "Tiltak",
                            "scores": {k: rng.randint(1, 5) for k in ("severity", "benefit", "resources")},
                            "value": 0.5,
                            "rank": 1,
                        }
                    ],
                    reassessment_due=timezone.localdate() + datetime.timedelta(days=180),
                    decided_by=caseworker,
                )
                for c, a in zip(cases, alternatives, strict=True)
            ),
            batch_size=1000,
        )
        # Written without the services, so indexed for the similar-case search as a bulk load must be.
        positions.refresh(c.pk for c in cases)
    case = services.create_case(
        municipality,
        caseworker,
        no_action_consequence="Funksjonsfall uten tiltak.",
        level=Level.INDIVIDUAL,
        title="Søknad om hjemmesykepleie",
        severity=4,
        service_area=area,
        case_reference="B-OPEN",
    )
    for title, (b, r) in (("Hjemmesykepleie", (4, 3)), ("Korttidsopphold", (4, 4))):
        alternative = services.add_alternative(case, caseworker, title=title)
        services.save_assessment(alternative, caseworker, None, scores(b, r))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "case": case.pk,
        "decided": count,
        "fill_seconds": time.perf_counter() - started,
        "sqlite": connection.Database.sqlite_version,
    }


def _worker(quick: bool) -> dict[str, Any]:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from prioritet.accounts.models import User
    from prioritet.accounts.testing import sign_in
    from prioritet.cases import similar
    from prioritet.cases.judgment import combined_judgment
    from prioritet.cases.models import Case

    facts = _fill(quick)
    client = sign_in(Client(), User.objects.get(username="demo-saksbehandler"))
    pages = [
        ("case page (caseworker)", f"/cases/{facts['case']}/"),
        ("decision page with 10 similar cases", f"/cases/{facts['case']}/decide/"),
    ]

    def get(url: str) -> bytes:
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        return bytes(response.content)

    repeats = 3 if quick else 15
    timings = measure([Contender(name, lambda u=url: u, get) for name, url in pages], repeats=repeats)
    out = []
    for name, url in pages:
        with CaptureQueriesContext(connection) as queries:
            body = get(url)
        if "decide" in url and b'data-testid="similar-cases"' not in body:
            raise RuntimeError("the decision page shows no similar cases")
        timing = timings[name]
        out.append(
            {"name": name, "median": timing.median, "min": timing.min, "queries": len(queries), "bytes": len(body)}
        )
    case = Case.objects.get(pk=facts["case"])
    judgment = combined_judgment(case)
    search = measure(
        [Contender("search", lambda: None, lambda _: similar.similar_cases(case, judgment))], repeats=repeats
    )["search"]
    return {**facts, "pages": out, "repeats": repeats, "search_median": search.median}


if __name__ == "__main__":
    print(json.dumps(_worker("--quick" in sys.argv[1:])))
