# tradeapi — the two commands are `make run` and `make test`.
# Both create .venv/ on first use and reinstall only when a requirements file changes.

PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-dev

.DEFAULT_GOAL := help
.PHONY: help run test test-fast bench clean

help:
	@echo "make run    start the local AWS emulator, bootstrap it with demo data, serve http://127.0.0.1:8000"
	@echo "make test   run the whole test suite (installs what it needs)"
	@echo "make bench  run the benchmark scripts in bench/"
	@echo "make clean  remove the virtualenv and caches"

$(PY):
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found; set PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): requirements/runtime.txt requirements/dev.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/dev.txt
	@touch $@

run: $(STAMP)
	$(PY) manage.py runlocal

test: $(STAMP)
	$(PY) -m pytest

bench: $(STAMP)
	@for script in bench/*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
