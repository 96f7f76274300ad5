"""Production configuration: refuses to start without a secret, and passes Django's deploy checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[4]

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "prioritet.kommune.no",
    "DATABASE_URL": "sqlite:///:memory:",
}


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "DEBUG", "SECRET_KEY", "OIDC_"))}
    return subprocess.run(
        [sys.executable, *args],
        cwd=REPO,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_requires_a_secret_key() -> None:
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = _run(["-c", "import prioritet.web.settings"], env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_deploy_check_has_only_the_expected_warning() -> None:
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION_ENV)
    output = result.stdout + result.stderr
    # The only expected warning: HSTS preload is left to each deployment (SECURE_HSTS_PRELOAD=1).
    warnings = [line for line in output.splitlines() if line.startswith("?:") or ": (" in line]
    assert all("security.W021" in line for line in warnings), output


def test_deploy_check_is_clean_with_preload() -> None:
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], {**PRODUCTION_ENV, "SECURE_HSTS_PRELOAD": "1"}
    )
    assert result.returncode == 0, result.stdout + result.stderr
