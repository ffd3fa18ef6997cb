# Two commands on a fresh machine (Python 3.11+ and make): `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format bench bench-scale messages venv install install-dev browser-deps migrate seed static clean

$(BIN)/.installed: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is needed, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(BIN)/.installed-dev: $(BIN)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(BIN)/.installed
install-dev: $(BIN)/.installed-dev

# Browser tests drive Debian's Chromium (Playwright never downloads a browser here).
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Chromium for the browser tests (apt)…"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

migrate: install
	$(MANAGE) migrate --noinput

seed: migrate
	$(MANAGE) seed_demo

static: install
	$(MANAGE) collectstatic --noinput --verbosity 0

run: seed static
	@echo ""
	@echo "Pasar Lokal is at http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/, logins printed above)"
	$(MANAGE) runserver $(HOST):$(PORT)

# One test process per CPU (pytest-xdist); PYTEST_WORKERS=0 runs them in this process.
PYTEST_WORKERS ?= auto
test: install-dev browser-deps
	$(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/djhtml --check $$(find templates -name '*.html')

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml $$(find templates -name '*.html')

# BENCH_ARGS="--http" adds requests/second through gunicorn + wrk; see tests/bench.py.
bench: install-dev
	$(PY) -m tests.bench $(BENCH_ARGS)

bench-scale: install-dev
	$(PY) -m tests.bench_scale $(BENCH_ARGS)

# Extract UI strings into locale/*/LC_MESSAGES/django.po and compile the committed .mo files.
messages: install-dev
	$(MANAGE) makemessages -l id -l en --no-obsolete --ignore '.venv/*' --ignore 'staticfiles/*' --ignore 'media/*' --ignore 'tests/*'
	$(MANAGE) compilemessages --ignore '.venv/*'

clean:
	rm -rf $(VENV) staticfiles .test-media
