# The commands a lifter, a developer and CI run. README's Quick start is `make run` and `make test`.
#
# `make run` installs only what running needs; `make test`/`make check`/`make bench` add the test and
# bench extras. Installs use uv (fetched from the package index into the venv: it installs this
# project's ~60 packages in seconds where pip takes about a minute) and fall back to pip without it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev
DEMO_DB := demo/liftbalance-demo.duckdb
PORT ?= 8050
DEV_EXTRAS := test,bench

.PHONY: run test check lint format-check typecheck deps imports bench bench-smoke clean

# $(call install,EXTRAS,UV_FLAGS): create the venv if needed, get uv if the index has it, install the
# project (editable) with EXTRAS ("" for none), showing progress.
# Bytecode: pip compiles every installed file, uv only with --compile-bytecode (~4,200 files: 5-17 s here).
# `make run` skips it to reach the first page sooner (Python compiles what it imports on first use); the
# developer venv compiles, so `make bench` times the CLI as a pip-installed user runs it. Where
# PYTHONDONTWRITEBYTECODE is set (as on this machine) an uncompiled venv recompiles on every start: the
# imports of `weekly` took 1.2 s of CPU instead of 0.5 s.
define install
	@test -x $(BIN)/python || { echo "==> Creating the virtualenv in $(VENV)"; $(PYTHON) -m venv $(VENV); }
	@test -x $(BIN)/uv || { echo "==> Fetching uv, a fast installer"; \
	  $(BIN)/python -m pip install -qq --disable-pip-version-check uv \
	  || echo "==> uv is not available here: installing with pip instead (slower)"; }
	@echo "==> Installing liftbalance$(if $(1),[$(1)]) and its dependencies"
	@if test -x $(BIN)/uv; then \
	  $(BIN)/uv pip install $(2) --python $(BIN)/python -e '.$(if $(1),[$(1)])'; \
	else \
	  $(BIN)/python -m pip install --disable-pip-version-check --progress-bar on -e '.$(if $(1),[$(1)])'; \
	fi
endef

$(RUN_STAMP): pyproject.toml
	$(call install,)
	@touch $(RUN_STAMP)

$(DEV_STAMP): pyproject.toml
	$(call install,$(DEV_EXTRAS),--compile-bytecode)
	@touch $(RUN_STAMP) $(DEV_STAMP)

## Set up the venv (run dependencies only), load the bundled sample logs into a demo database, serve
## http://127.0.0.1:8050 (PORT=... to change it)
run: $(RUN_STAMP)
	@echo "==> Loading the sample logs and starting the dashboard"
	$(BIN)/liftbalance serve --demo --db $(DEMO_DB) --port $(PORT)

## Set up the venv with the test extras if needed and run the whole test suite
test: $(DEV_STAMP)
	$(BIN)/python -m pytest

lint: $(DEV_STAMP)
	$(BIN)/ruff check .

format-check: $(DEV_STAMP)
	$(BIN)/ruff format --check .

typecheck: $(DEV_STAMP)
	$(BIN)/mypy

## Every import is a declared dependency, and every declared dependency is used (pyproject's [tool.deptry])
deps: $(DEV_STAMP)
	$(BIN)/deptry .

## The layer contracts of docs/architecture.md (pyproject's [tool.importlinter]): stages import only the
## stages before them, etl and schemas stay headless, nothing imports the CLI
imports: $(DEV_STAMP)
	$(BIN)/lint-imports

## ruff (lint and format), mypy, deptry, the import-layer contracts and the whole suite
check: lint format-check typecheck deps imports
	@$(MAKE) --no-print-directory test

## Benchmarks at 10k, 100k and 1M sets plus CLI start-up; results in bench/results/latest.json
bench: $(DEV_STAMP)
	$(BIN)/python -m bench.run --out bench/results/latest.json

## The 10k-set benchmark and the CLI timings, once each, so the scripts can't rot (CI runs it)
bench-smoke: $(DEV_STAMP)
	$(BIN)/python -m bench.run --smoke --out /tmp/liftbalance-bench-smoke.json

clean:
	rm -rf $(VENV) demo .pytest_cache .mypy_cache .ruff_cache .import_linter_cache .grimp_cache
