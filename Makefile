# Two commands do all the set-up: `make run` serves the demo site, `make test` runs the suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
export HOST PORT

.PHONY: install install-dev run test lint lock check-locks clean bench load backup restore \
	bench-library screenshots

# Two locks, with hashes (scripts/lock.sh): requirements.lock is all the site needs, and all
# that `make run` and production install; requirements-dev.lock adds the tests and tools, with
# the runtime at the same versions. pip refuses any file whose hash is not in the lock.
PIP_INSTALL := $(PY) -m pip install --quiet --disable-pip-version-check --require-hashes

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-runtime: requirements.lock | $(PY)
	$(PIP_INSTALL) -r requirements.lock
	touch $@

# The development lock holds the runtime too: once it is installed, so is the runtime, and
# `make run` after `make test` installs nothing (nor removes the tools).
$(VENV)/.installed-dev: requirements-dev.lock | $(PY)
	$(PIP_INSTALL) -r requirements-dev.lock
	touch $@ $(VENV)/.installed-runtime

install: $(VENV)/.installed-runtime

install-dev: $(VENV)/.installed-dev

run: install
	@scripts/run.sh

# On PostgreSQL, then the search and hostile-input tests again on SQLite, the first-run
# default, whose search engine differs (scripts/test.sh).
test: install-dev
	@scripts/test.sh $(PYTEST_ARGS)

# The production-like server under load (wrk): throughput, latency, CPU per request.
bench: install
	@scripts/bench.sh $(SECONDS_PER_URL)

# 64 clients for 60 s, then a database outage under load (scripts/load.sh).
load: install
	@scripts/load.sh $(SECONDS_OF_LOAD)

# One archive (database, documents, images) under var/sauvegardes/, or ARCHIVE=…; restore
# replaces everything with an archive's content. Set DJANGO_SETTINGS_MODULE in production.
backup: install
	@$(PY) manage.py backup_site $(ARCHIVE)

restore: install
	@test -n "$(ARCHIVE)" || { echo "Indiquez l’archive : make restore ARCHIVE=var/sauvegardes/…tar.gz" >&2; exit 2; }
	@$(PY) manage.py restore_site "$(ARCHIVE)" --oui

# Library and search timings on PostgreSQL, production settings (prints p50/p95):
# DOCUMENTS=1000|10000|100000 (default 10000; 100,000 take about ten minutes to generate).
bench-library: install
	@scripts/bench-library.sh $(DOCUMENTS)

# Renew the README's pictures (docs/captures/) with the browser tests' tooling.
screenshots: install-dev
	SCREENSHOTS_DIR=docs/captures scripts/test.sh tests/browser/test_screenshots.py

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Re-pin after editing requirements.in or requirements-dev.in; the other pins stay where they
# are (LOCK_ARGS="--upgrade-package NAME" moves one).
lock: install-dev
	scripts/lock.sh $(LOCK_ARGS)

# Fails when a lock no longer matches its input (make test runs it too).
check-locks: install-dev
	scripts/lock.sh --check

clean:
	rm -rf $(VENV) staticfiles
