"""Test helpers below every app: the text rules' cases, and the product run as in production.

The text rules (:mod:`prioritet.core.text`) are tried at every door text comes in by (forms, the API,
imports) with one list of cases: :data:`FNR`, :data:`FNR_BYPASSES` and :data:`CONTROLS`.

The test client and pytest-django's live server run the application inside the test process; some
behaviour only shows behind a real server (two workers sharing a database, how a browser receives
a refused upload). :func:`production_env` and the server helpers start gunicorn processes on a
database file, on a free loopback port, and stop them again.
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

#: A valid fødselsnummer, Skatteetaten's well-known synthetic example (15.07.65; the check digits hold).
FNR = "15076500565"

#: Each way the audit wrote a national identity number past the old check (finding 5).
FNR_BYPASSES = [
    f"{FNR[:6]}\u200b{FNR[6:]}",  # zero-width space
    f"{FNR[:6]}\u00ad{FNR[6:]}",  # soft hyphen
    f"{FNR[:6]}\u00a0{FNR[6:]}",  # no-break space
    f"{FNR[:6]}\u202f{FNR[6:]}",  # narrow no-break space
    f"{FNR[:6]}  {FNR[6:]}",  # double space
    f"{FNR[:2]}/{FNR[2:4]}/{FNR[4:6]}/{FNR[6:]}",  # slashes
    f"{FNR[:6]}--{FNR[6:]}",  # dashes
    f"{FNR[:6]}_{FNR[6:]}",  # underscore
    f"{FNR[:6]}\n{FNR[6:]}",  # newline
    f"{FNR[:6]} {FNR[6:]}",  # 6+5
    f"{FNR[:3]} {FNR[3:6]} {FNR[6:9]} {FNR[9:]}",  # 3-3-3-2
]

#: Forbidden characters (finding 6) and how the refusal names them.
CONTROLS = [("\u202e", "U+202E"), ("\x07", "U+0007 BEL"), ("\x1b", "U+001B ESC"), ("\x00", "U+0000 NUL")]

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
