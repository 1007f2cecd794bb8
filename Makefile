# The two commands: `make run` and `make test`. Everything else here serves them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | sha1sum | cut -c1-12)
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)

.PHONY: run test check venv messages makemessages check-redis clean

run: export DEBUG ?= true
run: venv messages check-redis
	@mkdir -p var/mail var/static
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo "Starting the site on http://127.0.0.1:8000 with a Celery worker and beat (Ctrl-C stops all three)."
	$(VENV)/bin/honcho start -f Procfile

# The checks first, then the suite with branch coverage; below the floor in pyproject.toml (fail_under) it fails.
# Two processes (pytest-xdist), each with its own test database and Celery queue; TEST_WORKERS=0 runs in one.
TEST_WORKERS ?= 2
test: check messages
	$(PY) -m pytest -n $(TEST_WORKERS) --cov --cov-branch --cov-report=term $(PYTEST_ARGS)

# Lint, formatting and types (mypy with django-stubs); any complaint fails the target.
check: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DEBUG=true $(VENV)/bin/mypy

venv: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@rm -f $(VENV)/.installed-*
	@touch $@

# Compiled catalogues are build products: never committed, always rebuilt from locale/*/LC_MESSAGES/django.po.
messages: venv
	@DEBUG=true $(PY) manage.py compilemessages --ignore=.venv -v0

# Refresh the catalogues after changing strings (then translate the new entries).
makemessages: venv
	DEBUG=true $(PY) manage.py makemessages -l ko -l ja -l en --ignore=.venv --ignore=var --ignore=tests --ignore=bench --no-obsolete
	# English is the source language: its catalogue says every message as it is (guesses for changed ones dropped).
	msgattrib --clear-fuzzy --clear-previous --empty --force-po -o locale/en/LC_MESSAGES/django.po locale/en/LC_MESSAGES/django.po
	msgen --force-po -o locale/en/LC_MESSAGES/django.po locale/en/LC_MESSAGES/django.po

check-redis: venv
	@$(PY) -m tracker.redis_check

# The site under gunicorn as production serves it, on 500 / 5,000 / 20,000 initiatives, beside its floor; digests.
# BENCH_SIZES=500 for a quick run; BENCH_ARGS for bench/serve.py's options (bench/README.md). Needs PostgreSQL.
.PHONY: bench
bench: venv messages
	$(PY) bench/serve.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var

# Known vulnerabilities in what production installs: requirements.txt and every package it pulls in, resolved by
# pip as an install would, checked against PyPI's advisories (AUDIT_ARGS="--vulnerability-service osv" for OSV's).
# --strict: a package that could not be checked fails the audit rather than passing unchecked. Needs the network.
.PHONY: audit
audit: venv
	$(VENV)/bin/pip-audit --requirement requirements.txt --strict --aliases on --progress-spinner off $(AUDIT_ARGS)
