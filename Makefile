# The two commands of the README: `make render` and `make test`.
# Each one sets up everything it needs on a fresh machine: a virtual
# environment with the package, and Graphviz's `dot`.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: all setup graphviz chromium render test lint check bench bench-docs fuzz clean

all: test

setup: $(STAMP) graphviz

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Graphviz is a system program: install it with the system's package manager
# where we can, otherwise stop with an instruction.
graphviz:
	@if command -v dot >/dev/null 2>&1; then exit 0; fi; \
	if command -v apt-get >/dev/null 2>&1; then \
		SUDO=""; if [ "$$(id -u)" != "0" ]; then SUDO="sudo"; fi; \
		echo "Installing Graphviz with apt-get..."; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq graphviz >/dev/null; \
	elif command -v brew >/dev/null 2>&1; then \
		brew install graphviz; \
	elif command -v dnf >/dev/null 2>&1; then \
		sudo dnf install -y graphviz; \
	else \
		echo "Graphviz's 'dot' is needed: install Graphviz (https://graphviz.org/download/) and run make again." >&2; exit 1; \
	fi; \
	command -v dot >/dev/null 2>&1 || { echo "Graphviz was installed but 'dot' is not on PATH." >&2; exit 1; }

# The browser tests drive Debian's Chromium headless (Playwright's own browser
# download is not used).
chromium:
	@if command -v chromium >/dev/null 2>&1 || [ -n "$$ARGMAP_CHROMIUM" ]; then exit 0; fi; \
	if command -v apt-get >/dev/null 2>&1; then \
		SUDO=""; if [ "$$(id -u)" != "0" ]; then SUDO="sudo"; fi; \
		echo "Installing Chromium with apt-get..."; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "The browser tests need Chromium: install it, or set ARGMAP_CHROMIUM to its path." >&2; exit 1; \
	fi

# Validate every map, then render each into renders/: SVG for the record, PNG for
# the README, HTML for the provenance page.
render: setup chromium
	$(BIN)/argmap validate maps/
	$(BIN)/argmap render --force
	$(BIN)/python docs/screenshot.py renders/mumbai-to-paris.html docs/provenance-page.png

test: setup chromium
	$(BIN)/python -m pytest

check: setup
	$(BIN)/argmap check

lint: setup
	$(BIN)/ruff check argmap tests benchmarks docs/screenshot.py

# Benchmarks: argmap against Argdown on generated maps (docs/performance.md).
bench: setup
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/many_maps.py

bench-docs: setup
	$(BIN)/python benchmarks/run.py --output docs/performance.md
	$(BIN)/python benchmarks/many_maps.py --output docs/performance.md

# Coverage-guided fuzzing of the loader (atheris): not part of `make test`, run it by hand.
# FUZZ_SECONDS sets how long (default 10 minutes). The corpus grows in .venv/fuzz/corpus/ and
# an input that fails is kept in .venv/fuzz/ as crash-<sha1> (both outside the repository).
FUZZ_SECONDS ?= 600
fuzz: setup
	$(BIN)/python -m pip install --quiet atheris
	mkdir -p $(VENV)/fuzz
	$(BIN)/python fuzz/seed_corpus.py $(VENV)/fuzz/corpus
	$(BIN)/python fuzz/fuzz_loader.py $(VENV)/fuzz/corpus -max_total_time=$(FUZZ_SECONDS) -artifact_prefix=$(VENV)/fuzz/

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
