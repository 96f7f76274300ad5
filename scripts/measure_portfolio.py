"""Timing figures for the portfolio workspace with 500 measures, first (cold) and second (cached) load.

    .venv/bin/python scripts/measure_portfolio.py [--measures 500] [--database-url URL] [--seed 2027]

Builds a throwaway database (a SQLite file in a temporary folder unless ``--database-url`` names
another, which must be empty or disposable), migrates it, makes a municipality with a leader and a
service-level case, and imports ``--measures`` generated measures **through the web import**
(upload and preview, then confirm), as a user would. Then, with Django's test client through the
whole middleware stack and the local-memory cache:

* ``import preview``, ``import confirm``: the two requests of the import;
* ``workspace, first``: the portfolio page on a cold cache (optimal portfolio and the 21-level
  frontier are computed; the robustness analysis is queued as a background task, as the page does for a
  portfolio above the inline limit);
* ``workspace, second``: the same page again, from the cache;
* ``slider step (htmx)``: one level of the budget slider, as htmx asks for it;
* ``robustness``: how long the background core-index analysis (2,000 weight samples) took;
* ``workspace, with robustness``: the page once the robustness column is there;
* ``scenarios``, ``export xlsx``.

The measures look like a municipality's list: scores 1–5, log-normal costs (median 250 000 NOK),
FTEs that follow the cost with noise, 4 % mandatory measures, exclusive groups of 2–4 levels and some
*requires*; the budget is half of each column's total. Measured, not asserted: the figures depend on
the machine. Settings are the test settings (``PRIORITET_TESTING=1``: DEBUG off).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def generate_csv(n: int, seed: int) -> tuple[bytes, list[int]]:
    """A semicolon CSV with decimal comma (Norwegian Excel) of ``n`` measures; and the mandatory rows."""
    rng = random.Random(seed)
    header = "id;navn;nytte;alvorlighet;ressurs;cost_nok;fte;obligatorisk;gruppe;krever;berørte;konsekvens"
    lines = [header]
    mandatory_rows = []
    group_left = 0
    group = ""
    groups = 0
    for i in range(n):
        code = f"T{i + 1:04d}"
        cost = round(rng.lognormvariate(12.43, 1.0), -3)  # median ≈ 250 000 NOK
        fte = round(cost / 950_000 * rng.lognormvariate(0, 0.5), 2)
        mandatory = rng.random() < 0.04
        if group_left == 0 and not mandatory and rng.random() < 0.08:
            groups += 1
            group, group_left = f"G{groups:03d}", rng.randint(2, 4)
        in_group = ""
        if group_left and not mandatory:
            in_group, group_left = group, group_left - 1
        requires = ""
        if i > 10 and not mandatory and not in_group and rng.random() < 0.05:
            requires = f"T{rng.randint(1, i):04d}"
        if mandatory:
            mandatory_rows.append(i + 2)
        lines.append(
            ";".join(
                [
                    code,
                    f"Tiltak {i + 1}",
                    str(rng.randint(1, 5)),
                    str(rng.randint(1, 5)),
                    str(rng.randint(1, 5)),
                    f"{cost:.0f}",
                    f"{fte:.2f}".replace(".", ","),
                    "ja" if mandatory else "nei",
                    in_group,
                    requires,
                    "Brukere av tjenesten",
                    "Lengre ventetid og tap av funksjon.",
                ]
            )
        )
    return ("\n".join(lines) + "\n").encode("utf-8"), mandatory_rows


def timed(label: str, results: list, call):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    connection.queries_log.clear()  # the log keeps 9,000 queries; a count past that would be wrong
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = call()
        seconds = time.perf_counter() - started
    results.append((label, seconds, len(queries.captured_queries)))
    return response


def measure(n: int, seed: int) -> None:
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # so responses carry their template context
    from django.core.cache import cache
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from prioritet.accounts.models import Municipality, Role, User
    from prioritet.cases import services as case_services
    from prioritet.cases.models import Level
    from prioritet.core.tasks import run_queued_tasks
    from prioritet.portfolio import services
    from prioritet.portfolio.models import Measure

    call_command("migrate", verbosity=0, interactive=False)
    cache.clear()
    municipality = Municipality.objects.create(name="Målekommune", number="9980", slug="malekommune-portefolje")
    leader = User.objects.create(username="leder-maling", role=Role.LEADER, municipality=municipality)
    case = case_services.create_case(
        municipality,
        leader,
        no_action_consequence="Tjenestene blir ikke forsvarlige.",
        level=Level.SERVICE,
        title="Budsjett 2027",
    )
    portfolio = services.create_portfolio(case, leader)
    client = Client()
    client.force_login(leader, backend="django.contrib.auth.backends.ModelBackend")
    data, mandatory_rows = generate_csv(n, seed)
    results: list[tuple[str, float, int]] = []
    base = f"/portfolio/{portfolio.pk}/"

    response = timed(
        "import preview",
        results,
        lambda: client.post(base + "import/", {"file": SimpleUploadedFile("tiltak.csv", data)}),
    )
    form = response.context["confirm_form"]
    if form is None:
        raise SystemExit(f"the generated file has problems: {response.context['preview'].problems[:5]}")
    post = {"token": form.initial["token"], **{f"legal_basis_{row}": "Hol. § 4-1" for row in mandatory_rows}}
    response = timed("import confirm", results, lambda: client.post(base + "import/confirm/", post))
    if response.status_code != 302:
        raise SystemExit(f"import refused: {response.context['confirm_form'].errors}")
    count = Measure.objects.filter(portfolio=portfolio).count()
    totals = {"cost_nok": 0.0, "fte": 0.0}
    for measure in Measure.objects.filter(portfolio=portfolio).prefetch_related("amounts__column"):
        for amount in measure.amounts.all():
            totals[amount.column.key] += float(amount.amount)
    services.set_budget(portfolio, leader, {key: round(total / 2, 2) for key, total in totals.items()})

    def get(url: str, **headers):
        def call():
            response = client.get(url, **headers)
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")
            return response

        return call

    response = timed("workspace, first (cold cache)", results, get(base))
    steps = len(response.context["frontier"].steps)
    timed("workspace, second (cached)", results, get(base))
    timed("slider step (htmx)", results, get(base + "frontier/?column=cost_nok&point=3", HTTP_HX_REQUEST="true"))
    started = time.perf_counter()
    run_queued_tasks()  # what the db_worker beside the web server does
    waited = time.perf_counter() - started
    robustness = response.context["robustness"]
    response = timed("workspace, with robustness", results, get(base))
    result = response.context["robustness"]
    timed("workspace, again", results, get(base))
    timed("scenarios", results, get(base + "scenarios/"))
    timed("export xlsx", results, get(base + "export.xlsx"))

    vendor = connection.vendor
    print(
        f"\nPortfolio timings: {count} measures, {steps} frontier levels, Python {sys.version.split()[0]}, "
        f"{os.cpu_count()} CPUs, {vendor}"
    )
    print(f"  {'request':<34} {'seconds':>8} {'queries':>8}")
    for label, seconds, queries in results:
        print(f"  {label:<34} {seconds:>8.2f} {queries:>8}")
    status = robustness.status.value
    print(
        f"  robustness at first load: {status}; background analysis finished {waited:.1f} s after the second "
        f"load, took {result.seconds:.1f} s in all, {result.solves} MILP solves for {result.samples} samples"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--measures", type=int, default=500)
    parser.add_argument("--seed", type=int, default=2027)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    temp = Path(tempfile.mkdtemp(prefix="prioritet-portfolio-"))
    try:
        os.environ.update(
            DATABASE_URL=args.database_url or f"sqlite:///{temp / 'measure.sqlite3'}",
            PRIORITET_TESTING="1",
            PRIORITET_VAR_DIR=str(temp),
            ALLOWED_HOSTS="testserver",
            DJANGO_SETTINGS_MODULE="prioritet.web.settings",
            LOG_LEVEL="WARNING",
        )
        os.environ.pop("DEBUG", None)
        sys.path.insert(0, str(REPO / "src"))
        measure(args.measures, args.seed)
    finally:
        shutil.rmtree(temp, ignore_errors=True)


if __name__ == "__main__":
    main()
