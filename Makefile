# Zukunftsmacher Lernplattform — the two set-up commands are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := wsgi

.PHONY: run test install install-dev translations lint format test-sqlite test-postgres test-browser clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

translations: $(VENV)/.installed
	$(BIN)/pybabel compile -d lms/translations

## make run: venv, install, migrate the embedded SQLite DB, load content, seed demo data, serve.
run: install translations
	$(BIN)/flask lms init
	$(BIN)/flask lms demo
	$(BIN)/flask run --host 127.0.0.1 --port 5000

## make test: dev requirements, lint, the whole suite on SQLite, and on PostgreSQL when
## LMS_TEST_DATABASE_URL is set. Browser tests run where /usr/bin/chromium exists.
test: install-dev translations lint test-sqlite test-postgres

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test-sqlite:
	env -u LMS_TEST_DATABASE_URL $(BIN)/python -m pytest -p no:cacheprovider

test-postgres:
	@if [ -n "$$LMS_TEST_DATABASE_URL" ]; then \
	  echo "== PostgreSQL: $$LMS_TEST_DATABASE_URL"; \
	  $(BIN)/python -m pytest -p no:cacheprovider -m "not browser"; \
	else echo "LMS_TEST_DATABASE_URL not set: PostgreSQL run skipped"; fi

clean:
	rm -rf $(VENV) instance/lms.sqlite3*
