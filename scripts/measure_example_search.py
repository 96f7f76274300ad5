"""Timing figures for the example bank's search page on a throwaway database with 10,000 examples.

    .venv/bin/python scripts/measure_example_search.py [--examples 10000] [--runs 30] [--backend sqlite|postgres|all]

The example bank is national, so it grows with every municipality that shares: this measures the
search as a user gets it (``/eksempelbank/``, signed in, through the whole middleware stack) on
PostgreSQL's full-text search with its GIN index and on SQLite's substring fallback:

* ``newest``      no query: the newest examples
* ``one word``    ``q=rehabilitering``
* ``inflected``   ``q=rehabiliteringen`` (PostgreSQL's Norwegian stemmer finds the same examples;
                  SQLite only those that contain the longer word)
* ``two words``   ``q=dagaktivitet demens`` (both must occur)
* ``rare``        a word that occurs in one example
* ``filtered``    ``level=service&severity=high``, no query

Examples get two or three alternatives with random scores and texts drawn from the municipal
vocabulary below; each search text is built by the app's own service. Harness and settings:
``scripts/measuring.py``. Measured, not asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from typing import Any

from measuring import prepare, print_pages, run_backends, time_pages

SUBJECTS = (
    "rehabilitering etter lårhalsbrudd",
    "rehabiliteringsopphold i institusjon",
    "hverdagsrehabilitering i hjemmet",
    "dagaktivitetstilbud til personer med demens",
    "avlastning for pårørende",
    "trygghetsalarm og velferdsteknologi",
    "lavterskeltilbud innen psykisk helse",
    "korttidsopphold i sykehjem",
    "nattpatrulje i hjemmetjenesten",
    "brukerstyrt personlig assistanse",
)
REASONS = (
    "Ventetiden øker, og tilstanden kan forverres.",
    "Tiltaket kan utsette behovet for sykehjemsplass.",
    "Pårørende bærer en stor belastning i dag.",
    "Krever omdisponering av fagstillinger.",
    "Bedrer livskvaliteten og funksjonen i hverdagen.",
)
AREAS = ("Hjemmetjenesten", "Sykehjem og institusjon", "Rehabilitering", "Psykisk helse og rus", "Demensomsorg")
RARE = "fjellstuetilbud"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--backend", choices=("sqlite", "postgres", "all"), default="all")
    parser.add_argument("--worker", choices=("sqlite", "postgres"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(measure(args.worker, args.examples, args.runs)))
        return
    results = run_backends(__file__, args.backend, ["--examples", str(args.examples), "--runs", str(args.runs)])
    print(f"\nExample bank search (Django test client, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs)")
    for result in results:
        print(
            f"\n{result['backend']} ({result['version']}): {result['examples']:,} examples; "
            f"filled in {result['fill_seconds']:.1f} s; {result['runs']} runs each"
        )
        print_pages(result["pages"])


def measure(backend: str, n_examples: int, runs: int) -> dict[str, Any]:
    facts, run = prepare(backend, lambda: fill(n_examples))
    return {**run, "runs": runs, "examples": n_examples, "pages": time_page_set(facts, runs)}


def fill(n_examples: int) -> dict[str, Any]:
    from django.db import transaction

    from prioritet.accounts.models import Municipality, Role, User
    from prioritet.cases.models import Level, Priority
    from prioritet.examples.models import Example, ExampleAlternative, SizeClass
    from prioritet.examples.services import refresh_search_document

    rng = random.Random(2025)
    with transaction.atomic():
        municipality = Municipality.objects.create(name="Målekommune", number="9990", slug="malekommune")
        user = User.objects.create(username="leder", role=Role.LEADER, municipality=municipality)
        examples = []
        for i in range(n_examples):
            subject = RARE if i == n_examples // 2 else rng.choice(SUBJECTS)
            examples.append(
                Example(
                    title=f"Prioritering av {subject}",
                    summary=f"Kommunen vurderer {subject}. {rng.choice(REASONS)}",
                    level=rng.choice([Level.SERVICE, Level.SERVICE, Level.POLITICAL, Level.INDIVIDUAL]),
                    service_area=rng.choice(AREAS),
                    source_label=f"Kommune {i % 357}",
                    size_class=rng.choice(SizeClass.values),
                    decision=f"{subject.capitalize()} bør prioriteres",
                    priority=rng.choice(Priority.values),
                    justification=" ".join(rng.sample(REASONS, 3)),
                    deidentified_confirmed=True,
                )
            )
        Example.objects.bulk_create(examples, batch_size=1000)
        alternatives = [
            ExampleAlternative(
                example=example,
                position=position,
                title=title,
                description=rng.choice(REASONS),
                severity=rng.randint(1, 5),
                benefit=rng.randint(1, 5),
                resources=rng.randint(1, 5),
                chosen=position == 0,
            )
            for example in examples
            for position, title in enumerate(["Tiltaket", "Dagens tilbud", "Ikke starte"][: rng.randint(2, 3)])
        ]
        ExampleAlternative.objects.bulk_create(alternatives, batch_size=2000)
        for example in Example.objects.prefetch_related("alternatives"):
            refresh_search_document(example)
    return {"user": user}


def time_page_set(facts: dict[str, Any], runs: int) -> list[dict[str, Any]]:
    from django.test import Client

    from prioritet.examples import selectors

    client = Client()
    client.force_login(facts["user"], backend="django.contrib.auth.backends.ModelBackend")
    cases = [
        ("newest", "", {}),
        ("one word", "rehabilitering", {}),
        ("inflected", "rehabiliteringen", {}),
        ("two words", "dagaktivitet demens", {}),
        ("rare", RARE, {}),
        ("filtered", "", {"level": "service", "severity": "high"}),
    ]
    pages = []
    for name, query, filters in cases:
        params = "&".join(f"{k}={v}" for k, v in {"q": query, **filters}.items() if v).replace(" ", "+")
        pages.append((name, f"/eksempelbank/?{params}", selectors.search(query, filters).count()))
    return time_pages(client, pages, runs)


if __name__ == "__main__":
    main()
