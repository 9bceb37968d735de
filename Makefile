# The two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_PASSWORD ?= newsroom-demo-2026

.PHONY: run test lint format bench check clean install

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## run: install, migrate, load roles and demo content, serve on http://127.0.0.1:8000
run: export DJANGO_DEBUG ?= true
# The demo's reviewer and chief decide without a phone (ignored unless
# debugging); `make run DEMO_SKIP_SECOND_FACTOR=false` to try the second factor.
run: export DEMO_SKIP_SECOND_FACTOR ?= true
run: $(STAMP)
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py setup_roles
	$(BIN)/python manage.py load_demo --password '$(DEMO_PASSWORD)'
	@echo
	@echo "  Site:   http://$(HOST):$(PORT)/"
	@echo "  Admin:  http://$(HOST):$(PORT)/admin/"
	@echo "  Users:  editor, reviewer, chief   password: $(DEMO_PASSWORD)"
	@echo "  Jobs:   a worker runs link checks, scheduled publishing and mail in the background"
	@echo
	@# The job worker lives as long as the server: Ctrl+C stops both.
	$(BIN)/python manage.py run_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

## test: install what the tests need and run the whole suite, one process per
## core (pytest-xdist; each has its own test database). TEST_WORKERS=0: one process.
TEST_WORKERS ?= auto
test: $(STAMP)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

## lint: ruff, the apps' import direction, types (mypy), migrations and Django's system checks
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py check

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## bench: print the quick benchmarks' figures (bench/scale.py and
## bench/search_flood.py need PostgreSQL and minutes: run them by hand)
bench: $(STAMP)
	@for script in bench/detector.py bench/public_page.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* staticfiles .pytest_cache .ruff_cache .mypy_cache
