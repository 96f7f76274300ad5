#!/usr/bin/env bash
# The whole test suite, as CI runs it: lint, format, types, then the tests — all of them on
# SQLite, and the Django apps' tests (src/prioritet) a second time on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.venv/bin
echo "== ruff"
$bin/ruff check src tests bench
$bin/ruff format --check src tests bench
echo "== import-linter (layers: .importlinter)"
$bin/lint-imports --no-cache
echo "== mypy (src/prioritet; strict for engine, tabular, cli and core: pyproject.toml [tool.mypy])"
$bin/mypy
# Derived files the tests need, refreshed cheaply in case the lock file or a catalogue changed
# since the set-up ran: vendored front-end assets and compiled translations.
bash scripts/assets.sh >/dev/null
bash scripts/messages.sh --compile-only >/dev/null
echo "== pytest (SQLite)"
$bin/python -m pytest -n 2 "$@"
echo "== pytest (Django apps on PostgreSQL)"
bash scripts/ensure-postgres.sh
# POSTGRES_TEST_URL names another database when two runs share one server (Django tests in test_<name>).
DATABASE_URL="${POSTGRES_TEST_URL:-postgres://postgres@127.0.0.1:5432/prioritet}" $bin/python -m pytest -n 2 src/prioritet "$@"
