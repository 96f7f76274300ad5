"""The embedded SQLite database takes concurrent writers without "database is locked" (finding 7).

The test suite's own database is in memory, where locking never shows, so the writers run in a
separate Python process against a database file, configured by the real settings module.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

SRC = Path(__file__).resolve().parents[3]
WRITERS = 8
TRANSACTIONS_PER_WRITER = 25

# Each writer reads, then writes in the same transaction: the pattern of every service that checks
# before it saves, and the one that fails at once under SQLite's default (DEFERRED) transactions.
_SCRIPT = textwrap.dedent(
    f"""
    import threading
    import django
    from django.utils import timezone

    django.setup()

    from django.contrib.sessions.models import Session
    from django.db import connection, connections, transaction

    with connection.schema_editor() as editor:
        editor.create_model(Session)
    connection.close()

    errors = []

    def write(writer):
        try:
            for n in range({TRANSACTIONS_PER_WRITER}):
                with transaction.atomic():
                    Session.objects.filter(session_key__startswith=f"w{{writer}}-").count()
                    Session.objects.create(
                        session_key=f"w{{writer}}-{{n}}", session_data="x", expire_date=timezone.now()
                    )
        except Exception as error:
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(w,)) for w in range({WRITERS})]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print("ERRORS", len(errors), errors[:3])
    print("ROWS", Session.objects.count())
    print("JOURNAL", connection.cursor().execute("PRAGMA journal_mode").fetchone()[0])
    """
)


def test_eight_concurrent_writers_on_a_sqlite_file_get_no_database_is_locked(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "prioritet.web.settings",
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prioritet.sqlite3'}",
        "PRIORITET_VAR_DIR": str(tmp_path),
        "PRIORITET_TESTING": "1",
    }
    result = subprocess.run(
        [sys.executable, "-c", _SCRIPT], env=env, capture_output=True, text=True, timeout=300, check=False
    )

    assert result.returncode == 0, result.stderr
    assert "ERRORS 0 []" in result.stdout, result.stdout
    assert f"ROWS {WRITERS * TRANSACTIONS_PER_WRITER}" in result.stdout
    assert "JOURNAL wal" in result.stdout
