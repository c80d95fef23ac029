# Kemitraan: the two set-up commands are `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip

.PHONY: run test setup lint format messages benchmark worker beat clean

$(VENV)/.installed: requirements.txt requirements-test.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements-test.txt
	touch $@

setup: $(VENV)/.installed
	$(PY) manage.py compile_translations
	$(PY) manage.py migrate --noinput

## Install, migrate, load the demo and serve at http://127.0.0.1:8000 (SQLite, tasks in-process).
run: setup
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver 127.0.0.1:8000

## The whole test suite (unit, integration, browser, security).
test: $(VENV)/.installed
	$(PY) manage.py compile_translations
	scripts/ensure-test-deps
	$(PY) -m pytest

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format:
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## Re-extract message catalogs after changing user-facing text.
messages:
	scripts/makemessages

worker:
	$(VENV)/bin/celery -A kemitraan worker -l info

beat:
	$(VENV)/bin/celery -A kemitraan beat -l info

clean:
	rm -rf $(VENV) db.sqlite3 var staticfiles
