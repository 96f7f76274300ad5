"""Tests that run the product as it runs in production: gunicorn processes on a database file.

The test client and pytest-django's live server run the application inside the test process; some
behaviour only shows behind a real server (two workers sharing a database, how a browser receives
a refused upload). These helpers start such a server on a free loopback port and stop it again.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
SRC = REPO / "src"


def production_env(directory: Path, **overrides: str) -> dict[str, str]:
    """The environment of a production run (DEBUG off) on an SQLite file in ``directory``."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "prioritet.web.settings",
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
        "DATABASE_URL": f"sqlite:///{directory / 'prioritet.sqlite3'}",
        "PRIORITET_VAR_DIR": str(directory),
        "PRIORITET_TESTING": "1",
        "DEBUG": "0",
        **overrides,
    }


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_until_up(url: str, server: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server stopped: {server.stderr.read() if server.stderr else ''}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer within 120 s")


@contextmanager
def gunicorn(env: Mapping[str, str]) -> Iterator[str]:
    """Serve the product with one gunicorn worker under ``env``; yields its base URL (no trailing /)."""
    port = free_port()
    executable = str(Path(sys.executable).with_name("gunicorn"))
    server = subprocess.Popen(
        [executable, "prioritet.web.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--timeout", "120"],
        env=dict(env),
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_until_up(f"{base}/healthz", server)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def manage(env: Mapping[str, str], *arguments: str) -> subprocess.CompletedProcess[str]:
    """``manage.py`` with ``arguments`` under ``env``; the caller checks the return code."""
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        env=dict(env),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
