# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run demo test lint bench snapshots migration clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## Start the app on the default database (ARGS="--db school.db" to choose another).
run: $(STAMP)
	$(BIN)/pupil-tracker $(ARGS)

## Create or refresh the demo school in the default database.
demo: $(STAMP)
	$(BIN)/pupil-tracker demo $(ARGS)

## The whole test suite: lint, format check, types, tests (store tests on PostgreSQL too).
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache
	scripts/with-postgres $(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

## Benchmarks: print figures, never fail on a slow machine (PostgreSQL's load with fsync on).
bench: $(STAMP)
	WITH_POSTGRES_FSYNC=on scripts/with-postgres $(BIN)/python -m bench

## Re-record the SVG snapshots after a deliberate change to a screen.
snapshots: $(STAMP)
	$(BIN)/pytest tests/tui/test_snapshots.py --snapshot-update

## Write the next schema migration from the models (MSG="what it changes"); read it through.
migration: $(STAMP)
	$(BIN)/python scripts/new_migration.py "$(MSG)"

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache *.egg-info
