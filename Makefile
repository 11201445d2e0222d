# Quick start: `make site` builds every department into site/; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HASH := $(shell cat pyproject.toml | cksum | cut -d' ' -f1)
# What the build needs, and on top of it what the tests need: `make site` installs only the first.
BUILD_STAMP := $(VENV)/.installed-build-$(HASH)
TEST_STAMP := $(VENV)/.installed-test-$(HASH)

.PHONY: site test serve bench schema i18n validate new clean

$(BUILD_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	rm -f $(VENV)/.installed-build-*
	touch $@

$(TEST_STAMP): $(BUILD_STAMP)
	$(BIN)/python -m pip install --quiet -e ".[test]"
	rm -f $(VENV)/.installed-test-*
	touch $@

site: $(BUILD_STAMP)
	$(BIN)/handbook build

# For whoever keeps a department file: check every file (or one: make validate SLUG=radiologi), or start a
# new one (a draft).
validate: $(BUILD_STAMP)
	$(BIN)/handbook validate $(SLUG)

new: $(BUILD_STAMP)
	@test -n "$(SLUG)" -a -n "$(NAME)" || { echo 'Brug: make new SLUG=neonatal NAME="Neonatalafsnittet"'; exit 2; }
	$(BIN)/handbook new "$(SLUG)" --name "$(NAME)"

test: $(TEST_STAMP)
	$(BIN)/ruff check generator tests
	$(BIN)/mypy
	$(BIN)/python -m pytest -n auto

# Live preview of one department: make serve SLUG=akutafdelingen
FIRST := $(basename $(notdir $(firstword $(wildcard content/departments/*.yml))))
serve: $(BUILD_STAMP)
	$(BIN)/handbook serve $(or $(SLUG),$(FIRST))

bench: $(TEST_STAMP)
	$(BIN)/python bench/bench.py

schema: $(BUILD_STAMP)
	$(BIN)/handbook schema > content/departments/department.schema.json

# The generator's words: extract them from the sources into the template, then bring each edition's catalog
# (content/guide/CODE/messages.po; the source language, Danish, has none) up to date with it. New words arrive
# untranslated; `handbook validate` names them until they are translated.
i18n: $(TEST_STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k t -k pgettext:1c,2 -k count:2,3 --sort-by-file --omit-header -o generator/locale/messages.pot .
	for po in content/guide/*/messages.po; do \
	  $(BIN)/pybabel update -i generator/locale/messages.pot -o $$po -l $$(basename $$(dirname $$po)) --ignore-obsolete; \
	done

clean:
	rm -rf site .cache
