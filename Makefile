# Prioritet — every target sets up what it needs first (Python 3.12 venv, pinned packages).
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev

.PHONY: setup run dev demo-cli test lint bench clean

$(STAMP): pyproject.toml constraints.txt package-lock.json scripts/setup.sh
	bash scripts/setup.sh dev
	touch $@

setup: $(STAMP)

## Serve the web application on http://127.0.0.1:8000 with the demo municipality (SQLite in var/):
## DEBUG off, gunicorn and the background task worker, as in production. Ctrl-C stops both.
run: setup
	bash scripts/serve.sh

## The same with Django's development server, DEBUG on and reloading on code changes (developers).
dev: setup
	bash scripts/serve.sh --dev

## The command line on the demo measures file: rank, portfolio, frontier, robustness.
demo-cli: setup
	bash scripts/run.sh

## The whole test suite: lint, types, tests.
test: setup
	bash scripts/test.sh

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy

## Speed figures against peer libraries, measured in one run.
bench: setup
	bash scripts/setup.sh dev,bench
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
