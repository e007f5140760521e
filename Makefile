# Entry points. A fresh clone needs only Python 3.11: `make dev` or `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
BENCH_STAMP := $(VENV)/.bench-$(shell cksum pyproject.toml | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: dev install migrate demo test test-postgres e2e bench lint messages schema run-worker clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py seed_demo

## make dev: install, migrate, load the demo city, print the logins, serve on 127.0.0.1:8000 with the task queue.
dev: demo
	@echo ""
	@echo "CCHC đang chạy tại http://$(HOST):$(PORT)/  (Ctrl+C để dừng)"
	@trap 'kill 0' INT TERM EXIT; \
	$(BIN)/python manage.py run_huey --quiet & \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

## make test: the whole suite on SQLite (browser tests excluded; .ci/run runs them).
test: install
	$(BIN)/python -m pytest -q -n 2 --dist loadfile -m "not browser"

## make test-postgres: the same suite on PostgreSQL (DATABASE_URL, default: local postgres user).
test-postgres: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/cchc} $(BIN)/python -m pytest -q -n 2 --dist loadfile -m "not browser"

## make e2e: browser tests in Debian's Chromium (/usr/bin/chromium).
e2e: install
	$(BIN)/python -m pytest -q -m browser e2e

## make bench: every benchmark in bench/, each on its own throwaway database.
$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev,bench]"
	rm -f $(VENV)/.bench-* && touch $@

bench: $(BENCH_STAMP)
	@for script in bench/*.py; do \
	  case $$script in bench/_*) continue;; esac; \
	  echo "# $$script"; $(BIN)/python $$script || exit 1; \
	done

lint: install
	$(BIN)/ruff check .

## make messages: refresh the Vietnamese catalogues and compile them.
messages: install
	$(BIN)/python manage.py messages

## make schema: regenerate the committed OpenAPI description.
schema: install
	$(BIN)/python manage.py spectacular --lang vi --validate --fail-on-warn --file docs/openapi.yaml

run-worker: install
	$(BIN)/python manage.py run_huey

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache
