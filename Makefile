# Quick start: `make site` builds every department into site/; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: site test serve bench schema clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	rm -f $(VENV)/.installed-*
	touch $@

site: $(STAMP)
	$(BIN)/handbook build

test: $(STAMP)
	$(BIN)/ruff check generator tests
	$(BIN)/mypy
	$(BIN)/python -m pytest -n auto

# Live preview of one department: make serve SLUG=akutafdelingen
SLUG ?= $(basename $(notdir $(firstword $(wildcard content/departments/*.yml))))
serve: $(STAMP)
	$(BIN)/handbook serve $(SLUG)

bench: $(STAMP)
	$(BIN)/python bench/bench.py

schema: $(STAMP)
	$(BIN)/handbook schema > content/departments/department.schema.json

clean:
	rm -rf site .cache
