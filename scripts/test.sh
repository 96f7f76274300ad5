#!/usr/bin/env bash
# The whole test suite, as CI runs it: lint, format, types, then the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.venv/bin
echo "== ruff"
$bin/ruff check src tests bench
$bin/ruff format --check src tests bench
echo "== mypy (engine)"
$bin/mypy src/prioritet/engine
echo "== pytest"
$bin/python -m pytest -n 2 "$@"
