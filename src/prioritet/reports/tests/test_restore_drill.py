"""The restore drill: pg_dump → pg_restore into a new database → the audit chains hold and every decided
case's report is the same, byte for byte (apart from the per-request CSP nonce and CSRF token).

PostgreSQL only: it runs in the suite's PostgreSQL pass (``DATABASE_URL=postgres://…``), the way
operators restore production (docs/operations.md, «Backup and restore drill»).
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from prioritet.cases.models import Case, Level, Status

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump and pg_restore are PostgreSQL's"),
    pytest.mark.django_db(transaction=True),
]

#: Values that differ per request by design.
PER_REQUEST = re.compile(r'(nonce="|name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]*"')


def pg_env() -> dict[str, str]:
    db = connection.settings_dict
    env = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[name] = str(db[key])
    return env


def pg(*command: str) -> None:
    subprocess.run(command, check=True, env=pg_env(), capture_output=True, timeout=300)


@contextmanager
def restored_copy(dump: Path) -> Iterator[None]:
    """Dump the test database, restore it into a new one, and point the connection at the copy."""
    original = connection.settings_dict["NAME"]
    copy = f"{original}_restore"
    pg("pg_dump", "--format=custom", f"--file={dump}", original)
    pg("dropdb", "--if-exists", copy)
    pg("createdb", copy)
    pg("pg_restore", "--no-owner", "--exit-on-error", f"--dbname={copy}", str(dump))
    connection.close()
    connection.settings_dict["NAME"] = copy
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original
        pg("dropdb", "--if-exists", copy)


def reports() -> dict[int, str]:
    """Every decided case's report as its creator sees it: the saksframlegg, or an individual case's vedtak."""
    pages = {}
    for case in Case.objects.filter(status=Status.DECIDED).select_related("created_by").order_by("pk"):
        client = Client()
        client.force_login(case.created_by, backend="django.contrib.auth.backends.ModelBackend")
        name = "reports:vedtak_summary" if case.level == Level.INDIVIDUAL else "reports:saksframlegg"
        response = client.get(reverse(name, args=[case.pk]))
        assert response.status_code == 200
        pages[case.pk] = PER_REQUEST.sub(r"\1…\"", response.content.decode())
    return pages


def test_a_restored_backup_keeps_the_audit_chains_and_renders_every_decided_case_the_same(
    political_case, individual_case, child_case, tmp_path
):
    call_command("verify_audit")
    before = reports()
    assert len(before) == 3

    with restored_copy(tmp_path / "prioritet.dump"):
        assert connection.settings_dict["NAME"].endswith("_restore")
        call_command("verify_audit")
        after = reports()

    assert after == before
