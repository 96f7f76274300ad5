"""The harness the page-timing scripts share (``measure_case_list.py``, ``measure_example_search.py``).

A parent process builds a throwaway database per backend — a SQLite file in a temporary folder, and
the PostgreSQL database ``prioritet_measure`` when PostgreSQL answers on 127.0.0.1:5432 as user
``postgres`` — and runs the script again as a worker in it, because Django reads ``DATABASE_URL``
once, at start-up. The worker fills the database and times pages with Django's test client through
the whole middleware stack, with the test settings (``PRIORITET_TESTING=1``: DEBUG off), and prints
one JSON line. Measured, not asserted: the figures depend on the machine.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
PG_NAME = "prioritet_measure"
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_NAME}"


def postgres_reachable() -> str | None:
    """``None`` if PostgreSQL answers as user postgres, else why not."""
    try:
        import psycopg
    except ImportError as err:
        return f"psycopg is not installed ({err})"
    try:
        with psycopg.connect(PG_ADMIN, connect_timeout=3):
            return None
    except psycopg.Error as err:
        return str(err).strip().splitlines()[0]


def recreate_postgres_database(drop_only: bool = False) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{PG_NAME}" WITH (FORCE)')
        if not drop_only:
            conn.execute(f'CREATE DATABASE "{PG_NAME}"')


def _run_worker(script: str, backend: str, database_url: str, worker_args: list[str], var_dir: Path) -> dict[str, Any]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        PRIORITET_TESTING="1",
        PRIORITET_VAR_DIR=str(var_dir),
        ALLOWED_HOSTS="testserver",
        DJANGO_SETTINGS_MODULE="prioritet.web.settings",
        CONN_MAX_AGE="600",
        LOG_LEVEL="WARNING",
    )
    env.pop("DEBUG", None)
    command = [sys.executable, script, "--worker", backend, *worker_args]
    done = subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{backend} worker failed:\n{done.stdout}\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_backends(script: str, backend: str, worker_args: list[str]) -> list[dict[str, Any]]:
    """Run ``script --worker BACKEND *worker_args`` on SQLite and/or PostgreSQL; their results."""
    results = []
    temp = Path(tempfile.mkdtemp(prefix="prioritet-measure-"))
    try:
        if backend in ("sqlite", "all"):
            url = f"sqlite:///{temp / 'measure.sqlite3'}"
            print(f"SQLite: {temp / 'measure.sqlite3'} …", flush=True)
            results.append(_run_worker(script, "sqlite", url, worker_args, temp))
        if backend in ("postgres", "all"):
            problem = postgres_reachable()
            if problem:
                print(f"PostgreSQL at 127.0.0.1:5432 not reachable, skipped: {problem}")
            else:
                print(f"PostgreSQL: database {PG_NAME} …", flush=True)
                recreate_postgres_database()
                try:
                    results.append(_run_worker(script, "postgres", PG_URL, worker_args, temp))
                finally:
                    recreate_postgres_database(drop_only=True)
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    return results


def prepare(backend: str, fill: Callable[[], dict[str, Any]]) -> tuple[dict[str, Any], dict[str, Any]]:
    """In the worker: set Django up, migrate, fill, ``ANALYZE`` (as autovacuum would in production).

    Returns what ``fill`` returned and the run's facts (backend, version, fill time).
    """
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0, interactive=False)
    started = time.perf_counter()
    facts = fill()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    fill_seconds = time.perf_counter() - started
    if backend == "sqlite":
        version = connection.Database.sqlite_version
    else:
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = str(cursor.fetchone()[0])
    run = {"backend": "SQLite" if backend == "sqlite" else "PostgreSQL", "version": version}
    return facts, run | {"fill_seconds": fill_seconds}


def time_pages(client: Any, pages: list[tuple[str, str, int]], runs: int) -> list[dict[str, Any]]:
    """Each (name, url, matches): two warm-up requests, then ``runs`` timed ones, then one with its SQL."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    out = []
    for name, url, matches in pages:
        for _ in range(2):
            _get(client, url)
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            _get(client, url)
            times.append((time.perf_counter() - started) * 1000)
        timer = _SqlTimer()
        with CaptureQueriesContext(connection) as queries, connection.execute_wrapper(timer):
            _get(client, url)
        times.sort()
        out.append(
            {
                "name": name,
                "url": url,
                "matches": matches,
                "median": statistics.median(times),
                "p95": times[max(0, round(0.95 * len(times)) - 1)],
                "min": times[0],
                "queries": len(queries.captured_queries),
                "sql_ms": sum(ms for ms, _ in timer.calls),
                "slowest_sql": max(timer.calls, default=(0.0, ""))[1][:160],
                "slowest_sql_ms": max(timer.calls, default=(0.0, ""))[0],
            }
        )
    return out


def print_pages(pages: list[dict[str, Any]]) -> None:
    print(f"  {'page':<12} {'matches':>8} {'median ms':>10} {'p95 ms':>8} {'min ms':>8} {'queries':>8} {'SQL ms':>8}")
    for row in pages:
        print(
            f"  {row['name']:<12} {row['matches']:>8,} {row['median']:>10.1f} {row['p95']:>8.1f} {row['min']:>8.1f} "
            f"{row['queries']:>8} {row['sql_ms']:>8.1f}"
        )
    for row in pages:
        print(f"  slowest SQL of {row['name']} ({row['slowest_sql_ms']:.1f} ms): {row['slowest_sql']}")


class _SqlTimer:
    """A ``connection.execute_wrapper`` that records each statement's time in milliseconds."""

    def __init__(self) -> None:
        self.calls: list[tuple[float, str]] = []

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.calls.append(((time.perf_counter() - started) * 1000, " ".join(sql.split())))


def _get(client: Any, url: str) -> None:
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
