# The README's two commands: `make start` (the course in JupyterLab) and `make test` (the suite).
# Both set up everything on a fresh Debian machine with Python 3.10+ and Node/npm.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HTML_MANAGER := 1.0.15
WIDGET_JS := book/_widgets_js/html-manager

.PHONY: start test check lint hub install install-test site-assets hub-tools browser postgres office

start: install site-assets
	$(BIN)/course start

test: install-test site-assets hub-tools browser postgres office lint
	$(BIN)/python -m pytest

# The fast loop: everything that needs no browser, database server, office suite or long
# build (pytest markers browser, postgres, office, slow). CI runs `make test`, all of it.
check: install-test lint
	$(BIN)/python -m pytest -m "not (browser or postgres or office or slow)"

# Style, and the package's layers (pyproject.toml, [tool.importlinter]).
lint: install-test
	$(BIN)/ruff check widgets tests benchmarks scripts book/_ext
	$(BIN)/lint-imports

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(VENV)/.installed $@

# What `course hub` needs besides the course (README, "A cohort on JupyterHub"): the hub's
# proxy from npm, and the participants' Python: a virtual environment every account on the
# machine may run, so it is made from the system's Python (not one under /root).
HUB_TOOLS := .hub
SYSTEM_PYTHON ?= /usr/bin/python3
PROXY_VERSION := 5.3.0

hub: install-test hub-tools

hub-tools: $(HUB_TOOLS)/proxy/node_modules/.bin/configurable-http-proxy $(HUB_TOOLS)/venv/.installed

$(HUB_TOOLS)/proxy/node_modules/.bin/configurable-http-proxy:
	mkdir -p $(HUB_TOOLS)/proxy
	npm install --silent --no-audit --no-fund --prefix $(HUB_TOOLS)/proxy \
	  configurable-http-proxy@$(PROXY_VERSION)
	chmod -R a+rX $(HUB_TOOLS)

$(HUB_TOOLS)/venv/.installed: pyproject.toml
	$(SYSTEM_PYTHON) -m venv $(HUB_TOOLS)/venv
	$(HUB_TOOLS)/venv/bin/python -m pip install -q --upgrade pip
	$(HUB_TOOLS)/venv/bin/python -m pip install -q -e '.[hub]'
	chmod -R a+rX $(HUB_TOOLS)
	touch $@

# The ipywidgets HTML manager, bundled so the built site renders widgets with no CDN.
site-assets: $(WIDGET_JS)/embed.js

$(WIDGET_JS)/embed.js:
	rm -rf $(WIDGET_JS) && mkdir -p $(WIDGET_JS)
	cd $(WIDGET_JS) && npm pack --silent @jupyter-widgets/html-manager@$(HTML_MANAGER) >/dev/null \
	  && tar xzf jupyter-widgets-html-manager-$(HTML_MANAGER).tgz \
	  && cp package/dist/embed.js package/dist/*.woff* package/dist/*.ttf package/dist/*.eot \
	        package/dist/*.svg package/dist/embed.js.LICENSE.txt . \
	  && rm -rf package jupyter-widgets-html-manager-$(HTML_MANAGER).tgz

browser:
	@scripts/ensure-system-package chromium COURSE_BROWSER /usr/bin/chromium

postgres:
	@scripts/ensure-system-package postgresql COURSE_PG_BIN /usr/lib/postgresql/*/bin/initdb

# LibreOffice checks that the team's Word plan really opens.
office:
	@scripts/ensure-system-package libreoffice-writer-nogui COURSE_SOFFICE /usr/bin/soffice
