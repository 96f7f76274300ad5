"""The role dashboard at scale: its render against the case page's, in the same run.

The goal (issue 12): the dashboard renders within the case page's time budget with 10 years × 400
municipalities × 30 indicators loaded. The whole table sits in one database: values belong to one
municipality in the model, so the 400 municipalities' figures are loaded as the demo municipality's
region rows, which is how its peers' and its KOSTRA group's rows are stored.

A worker process (Django reads ``DATABASE_URL`` once, at start-up) builds a throwaway SQLite
database (or fills the empty database ``BENCH_DASHBOARD_DATABASE_URL`` names, e.g. PostgreSQL),
loads the demo (``load_demo``), replaces the demo's figures with the large table, and times
with Django's test client through the whole middleware stack, with the test settings (DEBUG off):

* the case page of the demo's service case with the most alternatives, as its leader: the budget;
* the dashboard as the municipal director (the whole sector: 30 indicators, those with a target charted);
* the home page as the leader (its tasks and key figures), for information.

The three are timed interleaved (:func:`bench.timing.measure`). Ratio = page median / case page
median: at most 1× meets the goal.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

from .pages import run_worker
from .report import seconds, table
from .timing import Contender, measure

YEARS = range(2015, 2025)
MUNICIPALITIES = 400
INDICATORS = 30


def report(quick: bool) -> tuple[list[str], bool | None]:
    """Run the worker and return the report's lines and whether the goal was met (None: not judged)."""
    # BENCH_DASHBOARD_DATABASE_URL: an empty database of another engine (PostgreSQL) instead.
    result = run_worker("bench.dashboard", quick, database_url=os.environ.get("BENCH_DASHBOARD_DATABASE_URL"))
    if isinstance(result, str):
        return [f"The dashboard benchmark failed:\n\n```\n{result}\n```"], False
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
        "## The dashboard against the case page (issue 12)",
        "",
        f"{result['values']:,} indicator values ({result['indicators']} indicators × {result['regions']} regions × "
        f"{len(YEARS)} years{' — quick run: a tenth of the municipalities' if quick else ''}) in one "
        f"{result['database']} database; loaded in {result['fill_seconds']:.1f} s. Median (minimum) of "
        f"{result['repeats']} interleaved requests after one warm-up, Django's test client, DEBUG off.",
        "Ratio = page median / case page median; the dashboard's goal is at most 1×.",
        "",
        *table(["page", "median (min)", "queries", "size", "ratio to the case page"], rows),
        "",
        f"Goal (dashboard within the case page's time): {'—' if met is None else '✓' if met else '✗'} ({ratio:.2f}×).",
    ]
    return lines, met


# The worker ------------------------------------------------------------------------------------


def _fill(quick: bool) -> dict[str, Any]:
    """The demo, then the large table as the demo municipality's region rows; what the timing needs."""
    import io
    import time
    from decimal import Decimal

    from django.core.management import call_command
    from django.db import connection, transaction

    from prioritet.accounts.models import Municipality
    from prioritet.cases.management.commands.load_demo import MUNICIPALITY as DEMO_MUNICIPALITY
    from prioritet.cases.models import Case, Level
    from prioritet.indicators.models import IndicatorDefinition, IndicatorTarget, IndicatorValue, PeerGroup

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_demo", stdout=io.StringIO())
    started = time.perf_counter()
    municipality = Municipality.objects.get(number=DEMO_MUNICIPALITY["number"])
    group = PeerGroup.objects.get(municipality=municipality)
    count = MUNICIPALITIES // 10 if quick else MUNICIPALITIES
    others = [f"{1000 + i:04d}" for i in range(count)]
    regions = list(dict.fromkeys([municipality.number, *group.peers, *others]))[:count]
    with transaction.atomic():
        IndicatorValue.objects.filter(municipality=municipality).delete()
        national = list(IndicatorDefinition.objects.filter(owner__isnull=True))
        own = [
            IndicatorDefinition(
                owner=municipality,
                key=f"bench_{i}",
                name_nb=f"Egen indikator {i}",
                name_nn=f"Eigen indikator {i}",
                name_en=f"Own indicator {i}",
                unit="prosent",
                higher_is_better=bool(i % 2),
                order=200 + i,
            )
            for i in range(INDICATORS - len(national))
        ]
        definitions = national + IndicatorDefinition.objects.bulk_create(own)
        values = [
            IndicatorValue(
                municipality=municipality,
                definition=definition,
                region=region,
                period=str(year),
                period_kind="year",
                value=Decimal(f"{(d * 7 + r * 3 + y) % 97 + 10}.5"),
                demo=True,
                source="import",
            )
            for d, definition in enumerate(definitions)
            for r, region in enumerate([*regions, group.kostra_group])
            for y, year in enumerate(YEARS)
        ]
        IndicatorValue.objects.bulk_create(values, batch_size=5000)
        IndicatorTarget.objects.bulk_create(
            IndicatorTarget(municipality=municipality, definition=definition, from_year=2024, value=Decimal("50"))
            for definition in definitions[::3]
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    case = max(
        Case.objects.for_municipality(municipality).filter(level=Level.SERVICE),
        key=lambda c: (c.alternatives.count(), c.pk),
    )
    return {
        "case": case.pk,
        "values": IndicatorValue.objects.filter(municipality=municipality).count(),
        "regions": len(regions),
        "indicators": len(definitions),
        "fill_seconds": time.perf_counter() - started,
        "database": (
            f"SQLite {connection.Database.sqlite_version}"
            if connection.vendor == "sqlite"
            else f"PostgreSQL {connection.pg_version // 10000}.{connection.pg_version % 10000}"
        ),
    }


def _worker(quick: bool) -> dict[str, Any]:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from prioritet.accounts.models import User
    from prioritet.accounts.testing import sign_in

    facts = _fill(quick)
    clients = {}
    for username in ("demo-leder", "demo-direktor"):
        clients[username] = sign_in(Client(), User.objects.get(username=username))
    pages = [
        ("case page (leader)", "demo-leder", f"/cases/{facts['case']}/"),
        ("dashboard (municipal director)", "demo-direktor", "/indicators/dashboard/"),
        ("home page (leader)", "demo-leder", "/"),
    ]

    def get(client: Any, url: str) -> bytes:
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        return bytes(response.content)

    repeats = 3 if quick else 15
    timings = measure(
        [Contender(name, lambda c=clients[user], u=url: (c, u), lambda arg: get(*arg)) for name, user, url in pages],
        repeats=repeats,
    )
    out = []
    for name, user, url in pages:
        with CaptureQueriesContext(connection) as queries:
            body = get(clients[user], url)
        timing = timings[name]
        out.append(
            {"name": name, "median": timing.median, "min": timing.min, "queries": len(queries), "bytes": len(body)}
        )
    return {**facts, "pages": out, "repeats": repeats}


if __name__ == "__main__":
    print(json.dumps(_worker("--quick" in sys.argv[1:])))
