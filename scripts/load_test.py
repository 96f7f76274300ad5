"""A bounded load test: 4 gunicorn workers on PostgreSQL, 20 concurrent users, three pages.

    .venv/bin/python scripts/load_test.py [--workers 4] [--users 20] [--seconds 15] [--keep-database]

It creates the fresh PostgreSQL database ``prioritet_load`` (127.0.0.1:5432, user ``postgres``),
migrates it and loads the demo data (``manage.py load_demo``), signs in one session per user as the
demo caseworker, starts gunicorn on a free port of 127.0.0.1 with ``--workers`` workers, and then,
page after page, lets ``--users`` threads request the page as fast as the server answers for
``--seconds`` seconds (after a short warm-up):

* ``case list``      ``/cases/``
* ``case page``      ``/cases/<pk>/`` of an individual case with assessments
* ``case history``   ``/cases/<pk>/history/`` as htmx asks for it once the case page has loaded
* ``public page``    ``/p/<municipality>/``, without signing in

It prints requests per second, the median and 95th percentile in milliseconds and the number of
errors (any status but 200, or no answer) per page, as a Markdown table, and exits 1 when there was
any error. It is bounded: loopback only, a fixed number of users, seconds and pages; gunicorn is
stopped and the database dropped at the end, also on Ctrl-C. Settings are the test settings
(``PRIORITET_TESTING=1``: DEBUG off, static files from the finders, no HTTPS redirect), otherwise
as in production. Measured, not asserted: the figures depend on the machine; docs/benchmarks.md
holds a run.
"""

from __future__ import annotations

import argparse
import http.client
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
PG_NAME = "prioritet_load"
HOST = "127.0.0.1"
WARM_UP_SECONDS = 3


@dataclass
class Tally:
    """What the users of one page saw."""

    times: list[float] = field(default_factory=list)
    errors: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, seconds: float, ok: bool) -> None:
        with self.lock:
            self.times.append(seconds)
            if not ok:
                self.errors += 1


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def recreate_database(drop_only: bool = False) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{PG_NAME}" WITH (FORCE)')
        if not drop_only:
            conn.execute(f'CREATE DATABASE "{PG_NAME}"')


def prepare(users: int) -> tuple[list[str], dict[str, str]]:
    """Migrate and load the demo; one session cookie per user, and the pages to request."""
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=REPO, check=True)
    subprocess.run([sys.executable, "manage.py", "load_demo"], cwd=REPO, check=True, stdout=subprocess.DEVNULL)
    import django

    django.setup()
    from django.conf import settings
    from django.db.models import Count
    from django.test import Client

    from prioritet.accounts.models import User
    from prioritet.cases.models import Case, Level

    caseworker = User.objects.get(username="demo-saksbehandler")
    case = (
        Case.objects.filter(municipality=caseworker.municipality, level=Level.INDIVIDUAL)
        .annotate(assessments=Count("alternatives__assessments"))
        .order_by("-assessments", "pk")
        .first()
    )
    cookies = []
    for _ in range(users):
        client = Client()
        client.force_login(caseworker)
        cookies.append(f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}")
    pages = {
        "case list": "/cases/",
        "case page": f"/cases/{case.pk}/",
        "case history": f"/cases/{case.pk}/history/",
        "public page": f"/p/{caseworker.municipality.slug}/",
    }
    return cookies, pages


def start_server(port: int, workers: int, env: dict[str, str]) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "prioritet.web.wsgi",
            f"--bind={HOST}:{port}",
            f"--workers={workers}",
            "--log-level=warning",
        ],
        cwd=REPO,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return server
        except OSError:
            if server.poll() is not None:
                raise SystemExit("gunicorn stopped while starting") from None
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer within 30 s")


def user(port: int, path: str, cookie: str | None, htmx: bool, until: float, tally: Tally | None) -> None:
    """One user: request ``path`` again and again until ``until``, on one kept-alive connection."""
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    headers = {"Cookie": cookie} if cookie else {}
    if htmx:
        headers["HX-Request"] = "true"
    while time.monotonic() < until:
        start = time.perf_counter()
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            ok = response.status == 200
            if response.will_close:
                connection.close()
        except (OSError, http.client.HTTPException):
            ok = False
            connection.close()
        if tally is not None:
            tally.add(time.perf_counter() - start, ok)


def load(port: int, path: str, cookies: list[str | None], seconds: float, htmx: bool) -> tuple[Tally, float]:
    """All users on one page: a warm-up, then ``seconds`` of measured requests."""
    for measured, duration in ((False, WARM_UP_SECONDS), (True, seconds)):
        tally = Tally()
        until = time.monotonic() + duration
        threads = [
            threading.Thread(target=user, args=(port, path, c, htmx, until, tally if measured else None))
            for c in cookies
        ]
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    return tally, time.monotonic() - started


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=4, choices=range(1, 9))
    parser.add_argument("--users", type=int, default=20, choices=range(1, 51))
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--keep-database", action="store_true", help="leave prioritet_load for a look afterwards")
    args = parser.parse_args()
    if not 1 <= args.seconds <= 120:
        parser.error("--seconds must be 1–120")

    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@{HOST}:5432/{PG_NAME}",
        "PRIORITET_TESTING": "1",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "DJANGO_SETTINGS_MODULE": "prioritet.web.settings",
        "PYTHONPATH": str(REPO / "src"),
    }
    os.environ.update(env)
    sys.path.insert(0, env["PYTHONPATH"])
    recreate_database()
    server = None
    try:
        cookies, pages = prepare(args.users)
        port = free_port()
        server = start_server(port, args.workers, env)
        print(f"{args.workers} gunicorn workers, {args.users} users, {args.seconds:g} s per page", file=sys.stderr)
        rows = []
        total_errors = 0
        for name, path in pages.items():
            signed_in = name != "public page"
            users = cookies if signed_in else [None] * args.users
            tally, elapsed = load(port, path, users, args.seconds, htmx=name == "case history")
            times = [t * 1000 for t in tally.times]
            rows.append(
                f"| {name} | `{path}` | {len(times)} | {len(times) / elapsed:.0f} | "
                f"{statistics.median(times):.0f} | {percentile(times, 95):.0f} | {tally.errors} |"
            )
            total_errors += tally.errors
            print(f"{name}: done", file=sys.stderr)
        print("| page | path | requests | requests/s | p50 ms | p95 ms | errors |")
        print("|---|---|---:|---:|---:|---:|---:|")
        print("\n".join(rows))
        return 1 if total_errors else 0
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        if not args.keep_database:
            from django.db import connections

            connections.close_all()
            recreate_database(drop_only=True)


if __name__ == "__main__":
    sys.exit(main())
