# Set-up, run and test. Every step a fresh machine needs lives here.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: setup run test lint format catalogs extract-messages update-catalogs bench clean

OIDC_TEST_PROVIDER := tests/oidc/node_modules/.installed

setup: $(VENV)/.installed catalogs $(OIDC_TEST_PROVIDER)

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# The OpenID Provider the sign-in tests run against (panva/oidc-provider, from npm).
$(OIDC_TEST_PROVIDER): tests/oidc/package-lock.json
	@command -v npm >/dev/null || { apt-get update && apt-get install -y nodejs npm; }
	cd tests/oidc && npm ci --no-audit --no-fund --loglevel=error
	touch $@

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
		echo "== the same suite on PostgreSQL ($$FORUM_TEST_DATABASE_URL) =="; \
		$(BIN)/python -m pytest --database=postgresql $(PYTEST_ARGS); \
	fi

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

extract-messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o forum/translations/messages.pot --no-location --sort-output .

update-catalogs: extract-messages
	$(BIN)/pybabel update -i forum/translations/messages.pot -d forum/translations --no-fuzzy-matching --ignore-obsolete

bench: setup
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache tests/oidc/node_modules
	find forum -name '*.mo' -delete
