# The two commands a new user needs: `make demo` and `make test`.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB ?= newsevents.duckdb
DEMO_OUT ?= out

.PHONY: demo test check lint typecheck venv clean browser

venv: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $(STAMP)

demo: venv
	$(BIN)/newsevents demo --db $(DEMO_DB) --out $(DEMO_OUT)

test: venv
	$(BIN)/python -m pytest -q
	$(MAKE) check

check: venv
	$(BIN)/ruff check newsevents tests bench
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
