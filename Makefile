# Set-up, run and test. Every step a fresh machine needs lives here.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: setup voikko run test lint format catalogs extract-messages update-catalogs bench clean \
	chromium test-browser screenshots

CHROMIUM ?= /usr/bin/chromium
OIDC_TEST_PROVIDER := tests/oidc/node_modules/.installed
LIVE_CLIENT := static/vendor/socket.io.esm.min.js
GRAPH_LIBRARY := plugins/learning_communities/static/vendor/cytoscape.esm.min.js

setup: $(VENV)/.installed catalogs $(OIDC_TEST_PROVIDER) node_modules/.installed $(LIVE_CLIENT) $(GRAPH_LIBRARY) chromium voikko

# The Finnish lemmatiser search uses (Debian's libvoikko1 and voikko-fi); skipped when present.
voikko:
	@if ! ldconfig -p | grep -q 'libvoikko\.so\.1' || [ ! -d /usr/lib/voikko/5/mor-standard ]; then \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libvoikko1 voikko-fi; \
	fi

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# The OpenID Provider the sign-in tests run against (panva/oidc-provider, from npm).
$(OIDC_TEST_PROVIDER): tests/oidc/package-lock.json
	@command -v npm >/dev/null || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs npm; }
	cd tests/oidc && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# axe-core for the browser tests; reinstalled only when the lockfile changes. npm comes from
# apt when it is missing and we are root; otherwise the browser tests skip and say why.
node_modules/.installed: package-lock.json
	@if ! command -v npm >/dev/null && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends npm; \
	fi
	@if command -v npm >/dev/null; then \
		npm ci --no-audit --no-fund && touch $@; \
	else \
		echo "npm is missing: run 'sudo apt-get install npm' to enable the browser tests"; \
	fi

# The official Socket.IO client for the page's live layer, served by the forum itself.
$(LIVE_CLIENT): node_modules/.installed
	@if [ -f node_modules/socket.io-client/dist/socket.io.esm.min.js ]; then \
		mkdir -p static/vendor && cp node_modules/socket.io-client/dist/socket.io.esm.min.js $@; \
	else \
		echo "npm is missing: pages work, but without live updates until 'make setup' runs with npm"; \
	fi

# Cytoscape.js draws the learning-communities plugin's ecosystem maps; served by the plugin.
$(GRAPH_LIBRARY): node_modules/.installed
	@if [ -f node_modules/cytoscape/dist/cytoscape.esm.min.mjs ]; then \
		mkdir -p $(dir $@) && cp node_modules/cytoscape/dist/cytoscape.esm.min.mjs $@; \
	else \
		echo "npm is missing: ecosystem maps show as tables until 'make setup' runs with npm"; \
	fi

# Debian's chromium for the browser tests (Playwright's own download cannot be used here).
# Installed with apt when missing and we are root; otherwise the browser tests skip and say why.
chromium:
	@if [ -x $(CHROMIUM) ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium; \
	else \
		echo "chromium is missing: run 'sudo apt-get install chromium' to enable the browser tests"; \
	fi

catalogs: $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -d forum/translations

# The background worker (mail, digests) runs beside the web server and stops with it.
run: setup
	$(FLASK) db upgrade
	$(FLASK) forum seed-demo
	export FORUM_PUBLIC_URL=http://$(HOST):$(PORT); \
	$(FLASK) forum worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	FORUM_DEV_IDENTITY_PROVIDER_FORUM_URL=http://$(HOST):$(PORT) \
	FORUM_DEV_IDENTITY_PROVIDER_ISSUER=http://$(HOST):$(PORT)/dev-idp \
	$(FLASK) run --host $(HOST) --port $(PORT) --no-reload --no-debugger --with-threads

test: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest $(PYTEST_ARGS)
	@if [ -n "$$FORUM_TEST_DATABASE_URL" ]; then \
		echo "== the same suite on PostgreSQL ($$FORUM_TEST_DATABASE_URL), browser tests aside =="; \
		$(BIN)/python -m pytest --database=postgresql -m "not browser" $(PYTEST_ARGS); \
	fi

test-browser: setup
	$(BIN)/python -m pytest -m browser $(PYTEST_ARGS)

# Key pages at desktop and mobile widths, in Finnish, into docs/screenshots/.
screenshots: setup
	$(BIN)/python -m tests.browser.screenshots docs/screenshots

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

extract-messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o forum/translations/messages.pot --no-location --sort-output --width 100 .

update-catalogs: extract-messages
	$(BIN)/pybabel update -i forum/translations/messages.pot -d forum/translations --no-fuzzy-matching --ignore-obsolete --width 100

bench: setup
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache node_modules tests/oidc/node_modules
	find forum -name '*.mo' -delete
