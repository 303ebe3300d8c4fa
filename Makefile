# The two entry points: `make run` and `make test`. Each sets up everything it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
APT_STAMP := $(VENV)/.apt-installed
NPM_STAMP := node_modules/.installed
APT_PACKAGES := chromium virtuoso-opensource-7-bin

.PHONY: run test build serve lint typecheck setup clean bench bench-corpus

run: $(STAMP) $(NPM_STAMP)
	$(BIN)/wsiskg build
	$(BIN)/wsiskg serve --host 127.0.0.1 --port 8000

test: $(STAMP) $(NPM_STAMP) $(APT_STAMP) lint typecheck
	$(BIN)/pytest -q

setup: $(STAMP) $(NPM_STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev,fuzz]' || $(BIN)/pip install -q -e '.[dev]'  # atheris where it installs
	touch $@

# Front-end packages (YASGUI) from the npm registry, copied into the package's static folder.
$(NPM_STAMP): package.json package-lock.json $(STAMP)
	npm ci --ignore-scripts --no-audit --no-fund
	$(BIN)/python -m wsiskg.server.vendor
	touch $@

# Debian packages the tests drive: Chromium (browser tests) and Virtuoso (publish tests).
$(APT_STAMP):
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ] && [ "$$(id -u)" = 0 ]; then \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	elif [ -n "$$missing" ]; then \
	  echo "warning: not root, so not installing:$$missing (sudo apt-get install them; their tests say why they skip)"; \
	fi
	mkdir -p $(VENV) && touch $@

# Benchmarks (~30 min on 2 cores): writes docs/benchmarks.md. Needs wrk and Virtuoso (Debian).
bench: $(STAMP) $(APT_STAMP)
	$(BIN)/pip install -q -e '.[dev,bench]'
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk; }
	$(BIN)/python -m bench.run

bench-corpus: $(STAMP)  # whole build, one-draft rebuild and seed at 100x (docs/benchmarks.md)
	$(BIN)/python -m bench.corpus --scales 100

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

clean:
	rm -rf $(VENV) build node_modules .pytest_cache .mypy_cache .ruff_cache
