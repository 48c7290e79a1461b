# Everything a fresh machine needs, from python3 and make alone.
PYTHON ?= python3
VENV := .venv
UV_VERSION := 0.13.9
UV := $(VENV)/bin/uv
# uv must not download an interpreter (it cannot here): it uses the venv's.
export UV_PYTHON_DOWNLOADS := never
# Installed packages compiled to bytecode, as pip does by default and uv does not: without it every
# process compiles pandas, plotly and dash again (2.3 s of a cold CLI snapshot's 4.4 s here).
export UV_COMPILE_BYTECODE := 1


.PHONY: run test lint bench build-data lock plotly-bundle test-fast

$(UV):
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# --inexact keeps uv itself, which is not in the lock file. The project's own modules are compiled
# too (an editable install is not), for processes that may not write bytecode (PYTHONDONTWRITEBYTECODE).
$(VENV)/.synced: pyproject.toml uv.lock Makefile | $(UV)
	$(UV) sync --frozen --inexact --python $(VENV)/bin/python
	$(VENV)/bin/python -m compileall -q src >/dev/null
	touch $@

run: $(VENV)/.synced
	$(VENV)/bin/karabakh-map serve

# Everything: unit, data, app and browser tests, the docstrings' examples and ruff (tests/unit/test_lint.py).
test: $(VENV)/.synced
	$(VENV)/bin/python -m pytest

# The inner loop: unit, data and app tests without the slow ones (no browser, no servers under load).
test-fast: $(VENV)/.synced
	$(VENV)/bin/python -m pytest -m "not browser and not slow"

lint: $(VENV)/.synced
	$(VENV)/bin/ruff check .

# The benchmark drives Debian's Chromium, loads the server with wrk and audits the page with Lighthouse
# (npm, pinned by benchmarks/lighthouse/package-lock.json): each installed here when missing.
LIGHTHOUSE := benchmarks/lighthouse/node_modules/lighthouse/package.json
$(LIGHTHOUSE): benchmarks/lighthouse/package-lock.json
	cd benchmarks/lighthouse && npm ci --no-audit --no-fund --ignore-scripts
	touch $@

bench: $(VENV)/.synced
	@command -v chromium >/dev/null && command -v wrk >/dev/null && command -v npm >/dev/null || \
	  { echo "bench: installing Debian's chromium, wrk and npm" >&2; apt-get update -qq && apt-get install -y -qq chromium wrk nodejs npm >/dev/null; }
	@$(MAKE) --no-print-directory $(LIGHTHOUSE) || echo "bench: Lighthouse not installed; its rows will say n/a" >&2
	$(VENV)/bin/python -m compileall -q src >/dev/null
	$(VENV)/bin/python benchmarks/run.py

build-data: $(VENV)/.synced
	$(VENV)/bin/karabakh-map build-data --out geodata
	$(VENV)/bin/karabakh-map build-basemap

lock: | $(UV)
	$(UV) lock --python $(VENV)/bin/python

# The partial plotly.js the dashboard serves (committed; needs Node.js and npm, not run by CI).
PLOTLY_BUNDLE_SRC := tools/plotly-bundle
plotly-bundle: $(VENV)/.synced
	cd $(PLOTLY_BUNDLE_SRC) && npm ci --no-audit --no-fund --ignore-scripts && node build.mjs $(CURDIR)/assets/plotly-partial.min.js
	$(VENV)/bin/python -c "import brotli, pathlib; p = pathlib.Path('assets/plotly-partial.min.js'); p.with_suffix('.js.br').write_bytes(brotli.compress(p.read_bytes(), quality=11))"
