"""Two web processes against one database compute a robustness analysis once (issue 9).

Before, each process had its own thread pool and its own in-memory lock, so a poll that landed on
another gunicorn worker started the multi-minute computation again. Here two gunicorn servers
share one SQLite file; both are asked for the same analysis at the same moment, and the database
holds one analysis row and one queued task. Then a ``db_worker`` runs it and both servers show it.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from prioritet.core.testing import REPO, gunicorn, manage, production_env

#: Migrates the database and makes a leader with the worked-example portfolio; prints the portfolio's
#: id and a signed-in session cookie (sessions are in the database, so both servers accept it).
_SETUP = textwrap.dedent(
    """
    from decimal import Decimal

    import django
    django.setup()

    from django.core.management import call_command
    call_command("migrate", verbosity=0)

    from prioritet.accounts.models import Role
    from prioritet.accounts.testing import make_municipality, make_user, session_cookie
    from prioritet.cases import services as case_services
    from prioritet.cases.models import Level
    from prioritet.portfolio import services
    from prioritet.portfolio.tests.conftest import add_worked_example

    municipality = make_municipality("Larvik kommune", number="3909")
    leader = make_user(Role.LEADER, municipality=municipality, username="leder")
    case = case_services.create_case(
        municipality, leader, no_action_consequence="Ikke forsvarlig.", level=Level.SERVICE, title="Omdisponering"
    )
    portfolio = services.create_portfolio(case, leader)
    add_worked_example(portfolio, leader)
    services.set_budget(portfolio, leader, {"cost_nok": Decimal(3_000_000)})
    print(portfolio.pk, session_cookie(leader))
    """
)


def _get(url: str, cookie: str, **headers: str) -> str:
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={cookie}", **headers})
    with urllib.request.urlopen(request, timeout=120) as response:
        assert response.status == 200
        return response.read().decode()


def _poll(url: str, cookie: str) -> str:
    """The robustness status's poll as an open page sends it: an htmx POST with the CSRF token."""
    token = "k" * 32  # a token of the cookie's, sent back in the header as htmx does
    request = urllib.request.Request(
        url + "robustness/",
        data=b"",
        headers={"Cookie": f"sessionid={cookie}; csrftoken={token}", "X-CSRFToken": token, "HX-Request": "true"},
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        assert response.status == 200
        return response.read().decode()


def test_two_web_processes_asked_for_the_same_analysis_compute_it_once(tmp_path: Path) -> None:
    database = tmp_path / "prioritet.sqlite3"
    # The worked example's six measures count as a large portfolio: analysed in the background.
    env = production_env(tmp_path, PORTFOLIO_ROBUSTNESS_INLINE_LIMIT="0")
    setup = subprocess.run(
        [sys.executable, "-c", _SETUP], env=env, cwd=REPO, capture_output=True, text=True, timeout=600, check=False
    )
    assert setup.returncode == 0, setup.stderr
    portfolio, cookie = setup.stdout.split()[-2:]

    with gunicorn(env) as first_server, gunicorn(env) as second_server:
        pages = [f"{server}/portfolio/{portfolio}/" for server in (first_server, second_server)]
        first = [_get(url, cookie) for url in pages]
        assert all("every 5s" in html for html in first)
        with sqlite3.connect(database) as db:  # a page only reads: its poll, a POST, asks
            assert db.execute("SELECT count(*) FROM portfolio_robustnessanalysis").fetchone() == (0,)
        # Both open pages poll at once, each on its server: the one analysis.
        with ThreadPoolExecutor(max_workers=2) as pool:
            polled = list(pool.map(lambda url: _poll(url, cookie), pages))
        assert all("every 5s" in html for html in polled)
        for url in pages:
            assert "every 5s" in _poll(url, cookie)

        with sqlite3.connect(database) as db:
            analyses = db.execute("SELECT status, task_id FROM portfolio_robustnessanalysis").fetchall()
            tasks = db.execute("SELECT id, status FROM django_tasks_database_dbtaskresult").fetchall()
        assert len(analyses) == 1
        assert analyses[0][0] == "queued"
        assert len(tasks) == 1
        assert tasks[0][0].replace("-", "") == analyses[0][1].replace("-", "")

        worker = manage(env, "db_worker", "--batch", "--no-startup-delay", "--no-reload")
        assert worker.returncode == 0, worker.stderr
        for url in pages:
            assert "every 5s" not in _poll(url, cookie)
        with sqlite3.connect(database) as db:
            assert db.execute("SELECT status FROM portfolio_robustnessanalysis").fetchall() == [("done",)]
            assert db.execute("SELECT count(*) FROM django_tasks_database_dbtaskresult").fetchone() == (1,)
