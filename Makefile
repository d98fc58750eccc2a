# Two commands matter: `make run` (set up, build the index if needed, serve) and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/pip
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: run test lint bench eval gate index clean-index help system-deps

help:
	@echo "make run    - install into .venv, build the index if missing or stale, start the server"
	@echo "make test   - install dev extras and run the test suite"
	@echo "make lint   - ruff and mypy"
	@echo "make bench  - index build time and warm ask latency"
	@echo "make eval   - blind and tune sets with all four retrievers; reports in eval/reports/{blind,tune}/"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# torch first, pinned: an unpinned torch pulls a multi-GB CUDA build.
$(STAMP): pyproject.toml | $(BIN)/python
	$(PIP) install --quiet torch==2.13.0
	$(PIP) install --quiet -e .
	touch $@

$(DEV_STAMP): pyproject.toml $(STAMP)
	$(PIP) install --quiet -e '.[dev]'
	touch $@

index: $(STAMP)
	$(BIN)/perhekeskus index build

# Debian packages (Voikko, Chromium): installs as root, otherwise prints the one command to run.
system-deps:
	@bash scripts/system-deps.sh

run: system-deps $(STAMP) index
	$(BIN)/perhekeskus serve

# The suite, then the quality gate on the project's test set (eval/thresholds.yaml).
test: system-deps $(DEV_STAMP)
	$(BIN)/pytest
	$(MAKE) gate

# The gate runs on the blind sets (eval/README.md): safety floors and regression thresholds.
gate: $(DEV_STAMP)
	PK_LOG_LEVEL=WARNING $(BIN)/perhekeskus index build
	PK_LOG_LEVEL=WARNING $(BIN)/perhekeskus eval --testset eval/blind --gate

eval: $(DEV_STAMP)
	PK_LOG_LEVEL=WARNING $(BIN)/perhekeskus index build
	PK_LOG_LEVEL=WARNING $(BIN)/perhekeskus eval --testset eval/blind --compare --report eval/reports/blind
	PK_LOG_LEVEL=WARNING $(BIN)/perhekeskus eval --testset eval/tune.yaml --compare --report eval/reports/tune

lint: $(DEV_STAMP)
	$(BIN)/ruff check assistant ui tests
	$(BIN)/ruff format --check assistant ui tests
	$(BIN)/mypy assistant ui

bench: $(DEV_STAMP)
	$(BIN)/python -m assistant.bench

clean-index:
	rm -rf index/builds index/current
