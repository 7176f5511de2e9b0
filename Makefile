# CraftBot: two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCALES := bot/locales

.PHONY: run test lint i18n install compile-catalogs bench clean lock check-fonts

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Re-install only when the lock file or the project metadata changes.
$(STAMP): requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

KLOCALES := knowledge/locales

compile-catalogs: $(STAMP)
	@$(BIN)/pybabel compile -d $(LOCALES) -D messages 2>&1 | grep -v '^compiling' || true
	@$(BIN)/pybabel compile -d $(KLOCALES) -D knowledge 2>&1 | grep -v '^compiling' || true

run: compile-catalogs
	$(BIN)/craftbot run

# The suite runs on every core (pytest-xdist); PYTEST_WORKERS=0 runs it in one process.
PYTEST_WORKERS ?= auto
test: compile-catalogs check-fonts
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# Survey charts draw Chinese with a CJK font from Debian's fonts-noto-cjk (.ci/run installs
# it); without it the glyph tests are skipped here and fail in CI.
check-fonts:
	@fc-list :lang=zh-cn 2>/dev/null | grep -q . || { \
	  echo "*** No CJK font found: survey charts fall back to English and the glyph tests"; \
	  echo "*** are skipped. Install it with: sudo apt-get install -y fonts-noto-cjk"; }

lint: $(STAMP)
	$(BIN)/ruff check bot knowledge storage tests benchmarks
	$(BIN)/lint-imports --no-cache

# Extract every translatable string, merge it into the zh_CN and en catalogs, compile.
# Two domains: "messages" (the bot) and "knowledge" (the rules module's own sentences).
i18n: $(STAMP)
	$(BIN)/pybabel extract -F babel-bot.cfg -k _ -k N_ -k ngettext:1,2 -o $(LOCALES)/messages.pot --no-location --sort-output --project=craftbot .
	$(BIN)/pybabel update -i $(LOCALES)/messages.pot -d $(LOCALES) -D messages --no-fuzzy-matching --ignore-obsolete
	$(BIN)/pybabel extract -F babel-knowledge.cfg -k _ -k N_ -o $(KLOCALES)/knowledge.pot --no-location --sort-output --project=craftbot .
	$(BIN)/pybabel update -i $(KLOCALES)/knowledge.pot -d $(KLOCALES) -D knowledge --no-fuzzy-matching --ignore-obsolete
	$(MAKE) compile-catalogs

bench: compile-catalogs
	$(BIN)/python benchmarks/rules_bench.py
	$(BIN)/python benchmarks/turns_bench.py

# Maintainers only: re-pin every dependency after editing pyproject.toml.
lock:
	uv pip compile pyproject.toml --extra dev --python-version 3.11 -o requirements.lock

clean:
	rm -rf $(VENV) var/*.db* .pytest_cache
