# The commands a lifter, a developer and CI run. README's Quick start is `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB := demo/liftbalance-demo.duckdb

.PHONY: run test check lint typecheck bench bench-smoke clean demo

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $(STAMP)

## Set up the venv, load the bundled sample logs into a demo database, serve http://127.0.0.1:8050
run: $(STAMP)
	$(BIN)/liftbalance serve --demo --db $(DEMO_DB)

## Set up the venv if needed and run the whole test suite
test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy

## ruff, mypy, the import-layer test and the whole suite
check: lint typecheck
	$(BIN)/python -m pytest tests/test_layers.py
	$(BIN)/python -m pytest

## Benchmarks at 10k, 100k and 1M sets; results in bench/results/latest.json
bench: $(STAMP)
	$(BIN)/python -m bench.run --out bench/results/latest.json

## The 10k-set benchmark only, so the script can't rot (CI runs it)
bench-smoke: $(STAMP)
	$(BIN)/python -m bench.run --smoke --out /tmp/liftbalance-bench-smoke.json

clean:
	rm -rf $(VENV) demo .pytest_cache .mypy_cache .ruff_cache
