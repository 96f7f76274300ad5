"""Timing figures for the case list page on a throwaway database with 10,000 cases.

    .venv/bin/python scripts/measure_case_list.py [--cases 10000] [--runs 30] [--backend sqlite|postgres|all]

For each backend it builds a fresh database (a SQLite file in a temporary folder; the PostgreSQL
database ``prioritet_measure`` when PostgreSQL answers on 127.0.0.1:5432 as user ``postgres``),
migrates it, fills one municipality with ``--cases`` cases (plus a second municipality with a tenth
as many, so the tenancy filter has something to filter out), then times the case list with Django's
test client, signed in as a caseworker, through the whole middleware stack:

* ``first page``   ``/cases/``
* ``filtered``     ``/cases/?level=individual&phase=carry_out&service_area=<id>``
* ``search``       ``/cases/?q=rehabilitering`` (a substring of the title: no index can help)
* ``reference``    ``/cases/?q=SAK-2025-0….`` (an exact case reference, from the middle of the list)
* ``deep page``    ``/cases/?page=300``

Each is requested twice to warm up, then ``--runs`` times; the script prints the median and the
95th percentile in milliseconds and the number of SQL queries of one request. Measured, not
asserted: the figures depend on the machine. Every case has the «not start, postpone or end»
alternative; 30 % have two more alternatives, each assessed by two people; 30 % are decided with a
reassessment date; 3 % are archived. Rows are written with ``bulk_create`` (no history rows: the
list does not read them), then ``ANALYZE`` runs, as autovacuum would have done in production.

The settings are the test settings (``PRIORITET_TESTING=1``: DEBUG off, no HTTPS redirect), so the
page is rendered as in production, static files aside. The harness (one worker process per
backend) is ``scripts/measuring.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from typing import Any

from measuring import prepare, print_pages, run_backends, time_pages

AREAS = (
    "Hjemmetjenesten",
    "Sykehjem og institusjon",
    "Rehabilitering",
    "Psykisk helse og rus",
    "Helsestasjon og skolehelsetjeneste",
    "Demensomsorg og dagaktivitet",
    "Tildelingskontoret",
)
SUBJECTS = (
    "rehabiliteringsopphold",
    "hjemmesykepleie",
    "praktisk bistand",
    "trygghetsalarm",
    "dagaktivitetstilbud",
    "avlastning",
    "korttidsopphold",
    "brukerstyrt personlig assistanse",
    "omsorgsstønad",
    "langtidsplass i sykehjem",
)
SERVICE_TITLES = ("Omdisponering av stillinger i {}", "Ventetid i {}", "Oppstart av lavterskeltilbud i {}")
POLITICAL_TITLES = ("Budsjett 2026: {}", "Økonomiplan: styrking av {}", "Temaplan for {}")


# The parent: one worker process per backend ----------------------------------------------------


def print_report(result: dict[str, Any]) -> None:
    print(
        f"\n{result['backend']} ({result['version']}): {result['cases']:,} cases in the municipality "
        f"(+{result['other_cases']:,} in another), {result['alternatives']:,} alternatives, "
        f"{result['assessments']:,} assessments; filled in {result['fill_seconds']:.1f} s; {result['runs']} runs each"
    )
    print_pages(result["pages"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--backend", choices=("sqlite", "postgres", "all"), default="all")
    parser.add_argument("--worker", choices=("sqlite", "postgres"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(measure(args.worker, args.cases, args.runs)))
        return

    worker_args = ["--cases", str(args.cases), "--runs", str(args.runs)]
    results = run_backends(__file__, args.backend, worker_args)
    print(f"\nCase list timings (Django test client, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs)")
    for result in results:
        print_report(result)


# The worker: fill the database, then time the pages ----------------------------------------------


def measure(backend: str, n_cases: int, runs: int) -> dict[str, Any]:
    facts, run = prepare(backend, lambda: fill(n_cases))
    return {
        **run,
        "runs": runs,
        "pages": time_page_set(facts, runs),
        **{k: v for k, v in facts.items() if k in ("cases", "other_cases", "alternatives", "assessments")},
    }


def fill(n_cases: int) -> dict[str, Any]:
    """Bulk-write the municipality's cases; returns what the timed requests need."""
    import datetime

    from django.db import transaction
    from django.utils import timezone

    from prioritet.accounts.models import Municipality, Role, ServiceArea, User
    from prioritet.cases.models import Alternative, AlternativeKind, Assessment, Case, Level, Phase, Status

    rng = random.Random(2025)
    now = timezone.now()
    today = timezone.localdate()
    with transaction.atomic():
        municipality = Municipality.objects.create(name="Målekommune", number="9990", slug="malekommune")
        other = Municipality.objects.create(name="Annen kommune", number="9991", slug="annen-kommune")
        areas = [ServiceArea.objects.create(municipality=municipality, name=name) for name in AREAS]
        other_areas = [ServiceArea.objects.create(municipality=other, name=name) for name in AREAS[:3]]

        def user(municipality: Municipality, username: str, role: str) -> User:
            return User.objects.create(username=username, role=role, municipality=municipality, first_name=username)

        caseworker = user(municipality, "saksbehandler", Role.CASEWORKER)
        assessors = [caseworker, user(municipality, "helsepersonell", Role.HEALTH_PERSONNEL)]
        outsider = user(other, "annen", Role.CASEWORKER)

        created_at = Case._meta.get_field("created_at")
        created_at.auto_now_add = False  # spread the cases over three years, as a real list would be
        try:
            cases = [_case(rng, i, municipality, areas, caseworker, now, today) for i in range(n_cases)]
            Case.objects.bulk_create(cases, batch_size=1000)
            others = [_case(rng, i, other, other_areas, outsider, now, today) for i in range(n_cases // 10)]
            Case.objects.bulk_create(others, batch_size=1000)
        finally:
            created_at.auto_now_add = True

        alternatives = []
        assessed_share = []
        for case in [*cases, *others]:
            alternatives.append(
                Alternative(
                    case=case,
                    kind=AlternativeKind.NO_ACTION,
                    title="Ikke starte, utsette eller avslutte",
                    description="Behovet øker, og funksjonen kan svekkes.",
                    created_by=case.created_by,
                )
            )
            if rng.random() < 0.3:
                assessed_share.append(case)
                for title in ("Tiltak i hjemmet", "Tiltak i institusjon"):
                    alternatives.append(Alternative(case=case, title=title, created_by=case.created_by))
        Alternative.objects.bulk_create(alternatives, batch_size=2000)
        assessed_ids = {case.pk for case in assessed_share}
        assessments = [
            Assessment(
                alternative=alternative,
                assessor=assessor if alternative.case.municipality_id == municipality.pk else outsider,
                benefit=rng.randint(1, 5),
                severity=rng.randint(1, 5),
                resources=rng.randint(1, 5),
                benefit_justification="Begrunnelse for nytte.",
            )
            for alternative in alternatives
            if alternative.case_id in assessed_ids
            for assessor in (assessors if alternative.case.municipality_id == municipality.pk else [outsider])
        ]
        Assessment.objects.bulk_create(assessments, batch_size=2000)

    reference_case = next(c for c in cases[len(cases) // 2 :] if c.case_reference)
    filtered_area = areas[2]
    return {
        "municipality": municipality,
        "caseworker": caseworker,
        "cases": len(cases),
        "other_cases": len(others),
        "alternatives": len(alternatives),
        "assessments": len(assessments),
        "reference": reference_case.case_reference,
        "area": filtered_area.pk,
        "level": Level.INDIVIDUAL,
        "phase": Phase.CARRY_OUT,
        "decided": Status.DECIDED,
        "yesterday": today - datetime.timedelta(days=1),
    }


def _case(rng: random.Random, i: int, municipality: Any, areas: list, creator: Any, now: Any, today: Any) -> Any:
    import datetime

    from prioritet.cases.models import Case, Level, Phase, PlanProcess, Status

    roll = rng.random()
    level = Level.INDIVIDUAL if roll < 0.7 else Level.SERVICE if roll < 0.9 else Level.POLITICAL
    subject = rng.choice(SUBJECTS)
    if level == Level.INDIVIDUAL:
        title = f"Søknad om {subject}"
        reference = f"SAK-2025-{i:05d}"
    else:
        title = rng.choice(SERVICE_TITLES if level == Level.SERVICE else POLITICAL_TITLES).format(subject)
        reference = ""
    decided = rng.random() < 0.3
    return Case(
        municipality=municipality,
        level=level,
        title=title,
        description="Beskrivelse av behovet og situasjonen." * 3,
        service_area=rng.choice(areas) if rng.random() < 0.8 else None,
        plan_process=rng.choice(PlanProcess.values),
        phase=rng.choice(Phase.values),
        status=Status.DECIDED if decided else Status.OPEN,
        case_reference=reference,
        child_affected=rng.random() < 0.1,
        reassessment_due=today + datetime.timedelta(days=rng.randint(-60, 365)) if decided else None,
        archived=rng.random() < 0.03,
        created_by=creator,
        created_at=now - datetime.timedelta(minutes=rng.randint(0, 3 * 365 * 24 * 60)),
    )


def time_page_set(facts: dict[str, Any], runs: int) -> list[dict[str, Any]]:
    from django.test import Client

    from prioritet.cases.models import Case

    client = Client()
    client.force_login(facts["caseworker"], backend="django.contrib.auth.backends.ModelBackend")
    base = Case.objects.filter(municipality=facts["municipality"], archived=False)
    pages = [
        ("first page", "/cases/", base.count()),
        (
            "filtered",
            f"/cases/?level={facts['level']}&phase={facts['phase']}&service_area={facts['area']}",
            base.filter(level=facts["level"], phase=facts["phase"], service_area=facts["area"]).count(),
        ),
        ("search", "/cases/?q=rehabilitering", base.filter(title__icontains="rehabilitering").count()),
        ("reference", f"/cases/?q={facts['reference']}", base.filter(case_reference=facts["reference"]).count()),
        ("deep page", "/cases/?page=300", base.count()),
    ]
    return time_pages(client, pages, runs)


if __name__ == "__main__":
    main()
