# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.installed-test
BSTAMP := $(VENV)/.installed-bench

.PHONY: run test check lint format bench bench-quick snapshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TSTAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP) $@

$(BSTAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $(STAMP) $(TSTAMP) $@

run: $(STAMP)
	$(BIN)/brief

test: check
	$(BIN)/python -m pytest -n 2 -q

# The static checks, a few seconds: lint, format, types (mypy, strict) and the import contracts
# of pyproject.toml (lint-imports; docs/architecture.md draws them).
check: $(TSTAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports --no-logo

lint: $(TSTAMP)
	$(BIN)/ruff check src tests benchmarks

format: $(TSTAMP)
	$(BIN)/ruff check --fix src tests benchmarks
	$(BIN)/ruff format src tests benchmarks

# Regenerate the TUI snapshots, the export golden files and the README's pictures of the app
# after a deliberate change.
snapshots: $(TSTAMP)
	$(BIN)/python -m pytest -q tests/tui --snapshot-update
	$(BIN)/python -m tests.golden --update
	$(BIN)/python -m tests.screenshots

bench: $(BSTAMP)
	$(BIN)/python -m benchmarks

bench-quick: $(BSTAMP)
	BENCH_QUICK=1 $(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .ruff_cache .mypy_cache \
		.import_linter_cache .grimp_cache
