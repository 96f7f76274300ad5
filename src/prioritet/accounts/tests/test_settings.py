"""Production configuration: refuses to start without a secret, and passes Django's deploy checks."""

from __future__ import annotations

import os
import re
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


def _documented_production_environment() -> dict[str, str]:
    """The environment block of docs/operations.md, exactly as written there."""
    text = (REPO / "docs" / "operations.md").read_text(encoding="utf-8")
    match = re.search(r"```sh\n(# prioritet\.env[^\n]*\n.*?)```", text, re.DOTALL)
    assert match, "docs/operations.md has no `# prioritet.env` block"
    env = {}
    for line in match.group(1).splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, value = line.partition("=")
            env[name.strip()] = value.strip()
    return env


def test_deploy_check_passes_with_the_documented_production_environment() -> None:
    env = _documented_production_environment()
    assert env["DEBUG"] == "0"
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode == 0, result.stdout + result.stderr


OIDC_WITHOUT_KEYS = {
    "OIDC_RP_CLIENT_ID": "prioritet",
    "OIDC_RP_CLIENT_SECRET": "hemmelig",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://idp.example.org/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": "https://idp.example.org/token",
    "OIDC_OP_USER_ENDPOINT": "https://idp.example.org/userinfo",
}


def test_an_oidc_configuration_without_its_keys_fails_the_check() -> None:
    env = {**_documented_production_environment(), **OIDC_WITHOUT_KEYS}
    result = _run(["manage.py", "check", "--deploy"], env)
    assert result.returncode != 0
    assert "prioritet.E001" in result.stderr
    assert "OIDC_OP_JWKS_ENDPOINT" in result.stderr


def test_a_complete_oidc_configuration_passes_the_check() -> None:
    env = {
        **_documented_production_environment(),
        **OIDC_WITHOUT_KEYS,
        "OIDC_OP_JWKS_ENDPOINT": "https://idp.example.org/jwks",
        "PASSWORD_LOGIN": "0",
    }
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_local_http_serves_plain_http_on_loopback_with_debug_off() -> None:
    """`make run`: DEBUG off, yet usable over http://127.0.0.1 (no HTTPS-only cookies, HSTS or redirect)."""
    env = {**PRODUCTION_ENV, "ALLOWED_HOSTS": "127.0.0.1,localhost", "PRIORITET_LOCAL_HTTP": "1"}
    probe = (
        "from prioritet.web import settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS)"
    )
    result = _run(["-c", probe], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False", "False", "False", "0"]


def test_local_http_is_refused_for_a_public_host_name() -> None:
    result = _run(["-c", "import prioritet.web.settings"], {**PRODUCTION_ENV, "PRIORITET_LOCAL_HTTP": "1"})
    assert result.returncode != 0
    assert "PRIORITET_LOCAL_HTTP is for loopback only" in result.stderr
