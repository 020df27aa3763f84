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

.PHONY: run test lint e2e messages install install-test worker clean

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
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install-test
	$(PY) manage.py compile_translations
	$(VENV)/bin/ruff check .
	$(PY) -m pytest

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Regenerate the Polish catalogue from the sources (needs GNU gettext: apt-get install gettext).
messages: install
	$(PY) manage.py makemessages --locale pl --ignore '.venv/*' --ignore 'staticfiles/*' --no-location
	$(PY) manage.py makemessages --locale pl --domain djangojs --ignore '.venv/*' --ignore 'staticfiles/*' --no-location

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
