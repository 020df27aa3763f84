# The few verbs people use. `make run` serves the demo; `make test` runs the suite and the linter.
SHELL := /bin/bash
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
# A Python >= 3.12: the one .python-version names through pyenv, else the first suitable on PATH.
PYTHON ?= $(shell for candidate in python3.13 python3.12 \
	$$(command -v pyenv >/dev/null 2>&1 && pyenv root)/versions/3.1[23]*/bin/python3 python3; do \
	  if command -v $$candidate >/dev/null 2>&1 && \
	     $$candidate -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	    echo $$candidate; break; fi; done)

.PHONY: run test lint e2e chromium messages install install-test worker clean

$(PY):
	@if [ -z "$(PYTHON)" ]; then \
	  echo "Python 3.12 or newer is needed (Django 6.1). Install it, e.g. 'pyenv install 3.12' or 'apt-get install python3.12 python3.12-venv', then run make again."; \
	  exit 1; fi
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(PY) pyproject.toml
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

run: install
	$(PY) manage.py compile_translations
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo
	@# The published reports are ready before anybody asks for them (the worker keeps them so).
	$(PY) manage.py prerender_reports
	@# Reports render in the background: the task worker runs beside the server and stops with it.
	TASKS_BACKEND=django_tasks_db.DatabaseBackend $(PY) manage.py db_worker & worker=$$!; \
	trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	TASKS_BACKEND=django_tasks_db.DatabaseBackend $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The task worker alone (production: run it beside gunicorn with the same TASKS_BACKEND).
worker: install
	TASKS_BACKEND=django_tasks_db.DatabaseBackend $(PY) manage.py db_worker

# The whole suite on every core (pytest-xdist); the browser tests (tests/e2e, marker e2e) run
# last, in Debian's Chromium. SKIP_DATABASE_INDEPENDENT=1 leaves out the slow tests whose outcome
# does not depend on the database (the browser tests among them): CI's second, PostgreSQL run.
test: install-test chromium
	$(PY) manage.py compile_translations
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest -n auto

# Only the browser tests (end-to-end scenarios and accessibility); screenshots in artifacts/.
e2e: install-test chromium
	$(PY) manage.py compile_translations
	$(PY) -m pytest tests/e2e

# The browser tests need Debian's Chromium (Playwright's own browser download does not work
# here). Installed when missing and possible (root with apt-get); otherwise the tests are
# skipped with a message saying so. Never fails the build.
chromium:
	@if [ -x /usr/bin/chromium ] || command -v chromium >/dev/null 2>&1; then :; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	  echo "Installing Chromium for the browser tests (apt-get install chromium)…"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium \
	    >/dev/null) || echo "Chromium could not be installed: the browser tests will be skipped."; \
	else \
	  echo "Chromium is missing and cannot be installed here (needs apt-get as root):" \
	       "the browser tests will be skipped. Install it with 'sudo apt-get install chromium'."; \
	fi

lint: install-test
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run

# Regenerate the Polish catalogue from the sources (needs GNU gettext: apt-get install gettext).
messages: install
	$(PY) manage.py makemessages --locale pl --ignore '.venv/*' --ignore 'staticfiles/*' --no-location
	$(PY) manage.py makemessages --locale pl --domain djangojs --ignore '.venv/*' --ignore 'staticfiles/*' --no-location

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
