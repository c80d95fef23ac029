# Kemitraan: the two set-up commands are `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PORT ?= 8000
# Development mode is chosen here, explicitly: servers (gunicorn via kemitraan.wsgi, Celery)
# default to production, which refuses to start without SECRET_KEY and ALLOWED_HOSTS.
DJANGO_ENV ?= development
export DJANGO_ENV

.PHONY: run test setup lint format messages benchmark worker beat clean lock

# Installs come from the lock files (every package pinned, with hashes); requirements*.txt are the
# human-edited inputs: after changing one, run `make lock`.
$(VENV)/.installed: requirements.lock requirements-test.lock
	@echo "==> Creating the virtual environment in $(VENV) ($(PYTHON))"
	$(PYTHON) -m venv $(VENV)
	@echo "==> Installing Python packages from requirements-test.lock (a minute or two the first time)"
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet --require-hashes -r requirements-test.lock
	touch $@

## Re-resolve the lock files (with hashes) from requirements.txt and requirements-test.txt.
lock:
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet pip-tools==7.6.2
	.venv-lock/bin/pip-compile --quiet --generate-hashes --strip-extras --no-emit-index-url --no-emit-find-links \
		--output-file requirements.lock requirements.txt
	.venv-lock/bin/pip-compile --quiet --generate-hashes --strip-extras --no-emit-index-url --no-emit-find-links \
		--output-file requirements-test.lock requirements-test.txt

setup: $(VENV)/.installed
	@echo "==> Compiling translations (Bahasa Indonesia, English)"
	$(PY) manage.py compile_translations
	@echo "==> Applying database migrations"
	$(PY) manage.py migrate --noinput

## Install, migrate, load the demo and serve at http://127.0.0.1:$(PORT) (SQLite, tasks in-process).
run: setup
	@echo "==> Loading the demo data (idempotent)"
	$(PY) manage.py seed_demo
	@echo "==> Loading Indonesia's official regions with every village (about 10 s the first time, then 2 s)"
	$(PY) manage.py load_regions --villages
	@echo "==> Serving Kemitraan at http://127.0.0.1:$(PORT)/ (Ctrl+C stops it)"
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

## The whole test suite (unit, integration, browser, security).
test: $(VENV)/.installed
	$(PY) manage.py compile_translations
	scripts/ensure-test-deps
	$(PY) -m pytest

## Style and the layers of the house (pyproject.toml [tool.importlinter]).
lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

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
	rm -rf $(VENV) .venv-lock db.sqlite3 var staticfiles
