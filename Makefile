# PBAS Logbook. Two commands do everything on a fresh machine:
#   make run    install, migrate, load demo data, serve on http://127.0.0.1:8000
#   make test   install if needed, then lint and the whole test suite
# Without DATABASE_URL both use the embedded PostgreSQL under var/.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := pbas_logbook.settings
# Browser tests drive Debian's chromium; Playwright must never fetch its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: run test install lint format migrate seed serve e2e db-stop clean bench backup restore messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# The stamp file is rebuilt whenever a requirements file changes.
$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_demo

serve:
	@echo ""
	@echo "  PBAS Logbook is starting on http://$(HOST):$(PORT)/"
	@echo "  Log in at http://$(HOST):$(PORT)/accounts/login/ with any demo account above"
	@echo "  (password: pbas-demo). Stop with Ctrl+C."
	@echo ""
	SITE_URL="$${SITE_URL:-http://$(HOST):$(PORT)}" $(BIN)/python manage.py runserver $(HOST):$(PORT)

run: seed serve

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The catalogues under locale/ brought up to date with the code, then
# compiled (both need GNU gettext: apt-get install gettext). The .mo files
# are committed, so running the app never needs gettext.
LANGS := es fr pt ar
messages: install
	$(BIN)/python manage.py makemessages $(addprefix -l ,$(LANGS))
	$(BIN)/python manage.py makemessages -d djangojs $(addprefix -l ,$(LANGS))
	$(BIN)/python manage.py compilemessages --ignore='.*' --ignore=staticfiles --ignore=var

test: lint
	$(BIN)/python manage.py makemigrations --check --dry-run
	@if [ -x "$$(command -v chromium)" ]; then \
		echo "Browser tests: using $$(command -v chromium)"; \
	else \
		echo "Browser tests: SKIPPED, chromium is not installed (apt-get install chromium)."; \
	fi
	$(BIN)/pytest

# Only the browser journeys (tests/e2e), e.g. after changing a template.
e2e: install
	$(BIN)/pytest tests/e2e

# Back up the database (pg_dump custom format) to var/backups/pbas-<timestamp>.dump.
backup: install
	$(BIN)/python -W ignore manage.py backup_db

# Restore a backup into the configured database, replacing its tables (asks first):
#   make restore FILE=var/backups/pbas-20250101-120000.dump
restore: install
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=var/backups/pbas-<timestamp>.dump"; exit 2; }
	$(BIN)/python -W ignore manage.py restore_db "$(FILE)"

# Benchmark the key pages (bench/, docs/performance.md) as deployed: DEBUG off,
# a fresh SECRET_KEY, gunicorn. Seeds its own database (pbas_bench on the
# embedded server, or DATABASE_URL) with BENCH_CANDIDATES generated
# candidates: 200 by default, about a minute; 20000 for the full table.
# bench.settings is the project's settings plus the bench app (seed_scale,
# the trivial reference page); the product's settings never install it.
BENCH_CANDIDATES ?= 200
bench: install
	DJANGO_SETTINGS_MODULE=bench.settings DEBUG=$${DEBUG:-0} ALLOWED_HOSTS=127.0.0.1 \
	SECRET_KEY="$${SECRET_KEY:-$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(64))')}" \
	$(BIN)/python -m bench --candidates $(BENCH_CANDIDATES) $(BENCH_ARGS)

# Stop the embedded PostgreSQL that make run / make test leave running.
db-stop: install
	$(BIN)/python -W ignore -c "from pbas_logbook.embedded_db import stop_embedded_server; stop_embedded_server()"

clean:
	rm -rf $(VENV) staticfiles test-artifacts .pytest_cache .ruff_cache
