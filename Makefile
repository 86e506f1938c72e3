# Set-up and everyday commands. `make demo` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip

.PHONY: demo test lint typecheck unit slow cassettes schema bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# Reinstall when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(PIP) install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

demo: $(VENV)/.installed
	$(BIN)/summarizer summarize seeds/*.txt --out out
	$(BIN)/summarizer digest out --out briefing

test: $(VENV)/.installed-dev
	sh scripts/install-browser.sh
	$(BIN)/ruff check summarizer tests bench
	$(BIN)/ruff format --check summarizer tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/pytest -q

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check summarizer tests bench
	$(BIN)/ruff format --check summarizer tests bench
	$(BIN)/lint-imports

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy

# Re-record the HTTP cassettes against the embedded model (see README).
cassettes: $(VENV)/.installed-dev
	SUMMARIZER_RECORD=all $(BIN)/pytest -q tests/test_cassettes.py

schema: $(VENV)/.installed
	$(BIN)/summarizer schema --write
	$(BIN)/summarizer digest --schema --write

bench: $(VENV)/.installed-dev
	$(BIN)/python bench/bench_cues.py
	$(BIN)/python bench/bench_digest.py
	$(BIN)/python bench/bench_batch.py --big 2000
	$(BIN)/python bench/bench_embedded.py
	$(BIN)/python bench/bench_eval.py

clean:
	rm -rf $(VENV) out briefing test-artifacts .pytest_cache .mypy_cache .ruff_cache
