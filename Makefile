# The Hertfordshire strategy book. `make help` lists the targets.
# Every target that needs Python sets up .venv/ from the lock first, so a fresh clone needs nothing by hand.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
UV     := $(VENV)/bin/uv
STAMP  := $(VENV)/.synced
# JupyterLab lives in an environment of its own (requirements-dev.lock), so `make book` never installs it;
# its notebooks run on a kernel of .venv/, where hertsbook imports.
DEV_VENV  := .venv-dev
DEV_STAMP := $(DEV_VENV)/.synced
LAB_DATA  := $(DEV_VENV)/share/jupyter
# Charts drawn by hand go to LAB_FIGURES, a folder under the repository, and are linked as /files/LAB_FIGURES
# (the lab server's own URL for it). Not ../LAB_FIGURES: JupyterLab rewrites a relative <img src> but not the
# srcset of a chart's narrow <source>, which the browser then looks up under /lab/tree/ (a broken image in a
# window under 600 px). tests/test_lab.py runs this very recipe with a folder of its own and, in LAB_ARGS, a
# port, a token and no browser.
LAB_FIGURES ?= _build/lab/figures
LAB_ARGS    ?=
# No calls out: no extension catalogue from PyPI, no news or update checks.
LAB_OFFLINE := --LabApp.extension_manager=readonly --LabApp.news_url=None \
	--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate
# The browser tests' own needs: axe-core from the npm registry (pinned in package-lock.json) and Debian's chromium.
NODE_STAMP := node_modules/.package-lock.json
CHROMIUM   := /usr/bin/chromium
# Packages come from PyPI only: ignore any machine-wide pip configuration (extra indexes, local wheels).
PIP_ENV := env -u PIP_FIND_LINKS -u PIP_EXTRA_INDEX_URL -u PIP_INDEX_URL PIP_CONFIG_FILE=/dev/null
UV_ENV  := env -u UV_INDEX_URL -u UV_EXTRA_INDEX_URL -u UV_FIND_LINKS UV_NO_CONFIG=1
export GX_ANALYTICS_ENABLED := false
export PYTHONHASHSEED := 0
# The tests run in two pytest-xdist processes, a module to each at a time (its module-wide fixtures made once);
# the workers share one cold build of the book. The modules go out in the tests' own order, the costliest first
# (tests/conftest.py), not xdist's (most tests first, which left the few long ones for the end).
# TEST_PROCESSES=-n0 runs them in this process alone.
TEST_PROCESSES ?= -n 2 --dist loadscope --no-loadscope-reorder
# `make run`'s and `make params`' NB, P and OUT reach the command as environment variables, never pasted into a
# shell line: NB='x; touch y' is a theme name (refused), not a command; hertsbook splits P into words itself.
export NB P OUT
# `make book SCHEDULER=tcp://HOST:PORT` runs the notebooks on that Dask cluster (docs/design.md).
export SCHEDULER

.DEFAULT_GOAL := help
.PHONY: help setup book validate run params councils lab manifest verify check-site test test-fast browser format bench clean lock lock-dev

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)
	@echo '  Run one theme with other parameters: make run NB=adult_care_performance P="-p council E10000016"'

setup: $(STAMP) ## Create .venv/ from the lock file (PyPI only, hashes checked)

$(STAMP): requirements.lock requirements-bootstrap.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PIP_ENV) $(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements-bootstrap.lock
	@# Bytecode compiled once at install: these machines set PYTHONDONTWRITEBYTECODE, and every process
	@# (build, kernels, jupyter-book) would otherwise compile pandas, matplotlib and Sphinx from source.
	@$(UV_ENV) $(UV) pip sync --quiet --compile-bytecode --python $(PY) --require-hashes requirements.lock
	@# The package is used in place (src/ on the path), so an edit needs no reinstall.
	@$(PY) -c 'import site, pathlib; pathlib.Path(site.getsitepackages()[0], "hertsbook.pth").write_text(str(pathlib.Path("src").resolve()) + "\n")'
	@touch $@

book: $(STAMP) ## Validate the data, run the notebooks and build the site into _build/html/ [SCHEDULER=tcp://HOST:PORT]
	@$(PY) -m hertsbook build $${SCHEDULER:+--scheduler="$$SCHEDULER"}

validate: $(STAMP) ## Check every file under data/ against its suite and its sources
	@$(PY) -m hertsbook validate

run: $(STAMP) ## Run one theme notebook: make run NB=THEME P="-p NAME VALUE" [OUT=file.ipynb]
	@test -n "$$NB" || { echo "say which notebook: make run NB=THEME (one of: $$($(PY) -c 'from hertsbook.project import THEMES; print(*THEMES)'))"; exit 2; }
	@$(PY) -m hertsbook run --parameters="$$P" $${OUT:+--output="$$OUT"} -- "$$NB"

params: $(STAMP) ## Print a theme's parameters as JSON: make params NB=THEME
	@$(PY) -m hertsbook params -- "$$NB"

councils: $(STAMP) ## List the councils in the national data: code, name, type and region
	@$(PY) -m hertsbook councils

lab: $(DEV_STAMP) ## Open the notebooks in JupyterLab (the .py files open as notebooks; kernel "hertsbook")
	@mkdir -p $(LAB_FIGURES)
	JUPYTER_PATH=$(CURDIR)/$(LAB_DATA) HERTSBOOK_FIGURES=$(CURDIR)/$(LAB_FIGURES) \
	HERTSBOOK_FIGURES_URL=/files/$(LAB_FIGURES) $(DEV_VENV)/bin/jupyter lab --ServerApp.root_dir=$(CURDIR) \
	--ServerApp.ip=127.0.0.1 --ServerApp.default_url=/lab/tree/notebooks $(LAB_OFFLINE) \
	$$(test "$$(id -u)" = 0 && echo --allow-root) $(LAB_ARGS)

$(DEV_STAMP): requirements-dev.lock $(STAMP)
	@test -x $(DEV_VENV)/bin/python || $(PYTHON) -m venv $(DEV_VENV)
	@$(UV_ENV) $(UV) pip sync --quiet --python $(DEV_VENV)/bin/python --require-hashes requirements-dev.lock
	@# The kernel is .venv/'s Python, named python3 so the notebooks' own kernelspec finds it first.
	@$(PY) -m ipykernel install --prefix $(DEV_VENV) --name python3 --display-name "Python 3 (hertsbook)" >/dev/null 2>&1
	@# A double-click opens a .py file as a notebook (jupytext's viewer), not as text.
	@mkdir -p $(LAB_DATA)/lab/settings
	@printf '%s\n' '{"@jupyterlab/docmanager-extension:plugin": {"defaultViewers": {"python": "Jupytext Notebook"}}}' \
	> $(LAB_DATA)/lab/settings/overrides.json
	@touch $@

manifest: $(STAMP) ## Build, then refresh the committed manifest.json (when a change to the book is intended)
	@$(PY) -m hertsbook manifest

verify: $(STAMP) ## Check _build/html/ against its manifest, rebuild from scratch and compare file by file
	@$(PY) -m hertsbook verify

check-site: ## Check a copy of the site against its own manifest.json: make check-site [SITE=folder]
	@$(PYTHON) src/hertsbook/publish/check_site.py "$(or $(SITE),_build/html)"

test: $(STAMP) $(DEV_STAMP) browser ## Lint, mypy, then every test (in two processes; .venv-dev too, so test_lab runs)
	@$(VENV)/bin/ruff check src tests notebooks benchmarks
	@$(VENV)/bin/ruff format --check src tests notebooks benchmarks
	@$(VENV)/bin/mypy
	@$(VENV)/bin/pytest $(TEST_PROCESSES)

test-fast: $(STAMP) ## Lint, then run the quick tests only (no whole-book builds, no browser): under 2 minutes
	@$(VENV)/bin/ruff check src tests notebooks benchmarks
	@$(VENV)/bin/ruff format --check src tests notebooks benchmarks
	@$(VENV)/bin/pytest -m "not slow" -q $(TEST_PROCESSES)

format: $(STAMP) ## Format the package, notebooks and tests with ruff
	@$(VENV)/bin/ruff format src tests notebooks benchmarks
	@$(VENV)/bin/ruff check --fix src tests notebooks benchmarks

browser: $(NODE_STAMP) $(CHROMIUM) ## Install what the browser tests need: axe-core (npm ci) and chromium

$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo 'the browser tests need npm (Node.js) for axe-core: apt-get install -y npm'; exit 1; }
	@npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

$(CHROMIUM):
	@test "$$(id -u)" = 0 || { echo 'the browser tests need Debian chromium: sudo apt-get install -y chromium (then make test again)'; exit 1; }
	DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

lock: ## Re-pin requirements.in into requirements.lock (needs the network)
	@test -x $(UV) || $(MAKE) setup
	@$(UV_ENV) $(UV) pip compile --quiet --python $(PY) --generate-hashes --no-header requirements.in -o requirements.lock
	@$(PY) -m hertsbook lock-env

lock-dev: ## Re-pin requirements-dev.in (JupyterLab) into requirements-dev.lock, within requirements.lock's pins
	@test -x $(UV) || $(MAKE) setup
	@$(UV_ENV) $(UV) pip compile --quiet --python $(PY) --generate-hashes --no-header requirements-dev.in \
	-c requirements.lock -o requirements-dev.lock

bench: $(STAMP) ## Time cold and incremental builds against plain jupyter-book (prints a table)
	@$(PY) benchmarks/build.py --runs $(or $(RUNS),3)

clean: ## Remove every build output and cache (keeps .venv/)
	rm -rf _build .pytest_cache .ruff_cache
	find . -name __pycache__ -not -path './.venv/*' -prune -exec rm -rf {} +
