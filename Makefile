# The two commands a new user needs: `make demo` and `make test`.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB ?= newsevents.duckdb
DEMO_OUT ?= out

.PHONY: demo test check venv clean browser docs

venv: $(STAMP)

$(STAMP): requirements.lock requirements-nodeps.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements-nodeps.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m compileall -q newsevents
	@touch $(STAMP)

demo: venv
	$(BIN)/newsevents demo --db $(DEMO_DB) --out $(DEMO_OUT)

test: venv browser
	$(BIN)/python -m pytest -q
	$(MAKE) check

# Debian's chromium for the dashboard's browser test; the test skips, saying why, where
# it cannot be installed (not root, no apt).
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 \
		&& apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } \
		|| echo "chromium could not be installed: the browser test will be skipped"

docs: venv
	$(BIN)/python scripts/cli_docs.py > docs/cli.md

check: venv
	$(BIN)/ruff check newsevents tests bench
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
