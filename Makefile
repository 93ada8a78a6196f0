# Two commands a new developer needs: `make run` and `make test`.
# Everything else here is what those two are made of.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test setup demo lint format bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,xliff]'
	@touch $(STAMP)

setup: $(STAMP)  ## create/refresh the virtualenv

# Links the demo prints and the API sends (absolute links, purges) name the address served.
DEV_ENV = WAGTAILADMIN_BASE_URL='http://$(HOST):$(PORT)'

demo: $(STAMP)  ## migrate, create locales, import + publish the demo guide, create the admin login
	$(BIN)/python manage.py migrate --noinput
	$(DEV_ENV) $(BIN)/python manage.py setup_demo

run: demo  ## serve the API + Wagtail admin on the embedded default (SQLite, in-process tasks, pseudo provider)
	$(DEV_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(STAMP)  ## run the test suite (pytest-django) on the embedded default
	$(BIN)/python -m pytest -m "not production" $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache

# --- Production path: PostgreSQL + Redis + RQ worker + gunicorn (docs/deploy.md) ---------
# Same code as `make run`; only the environment below differs.
PG_URL       ?= postgres://postgres@127.0.0.1:5432
REDIS_URL    ?= redis://127.0.0.1:6379
PROD_DB      ?= guide_cms
PROD_PORT    ?= 8080
PROD_CACHE_DB ?= 1
PROD_QUEUE_DB ?= 0
PROD_SECRET  := var/prod-secret-key
WORKER_CMD   := $(BIN)/python manage.py rqworker --job-class django_tasks_rq.Job --with-scheduler default
# Plain HTTP on this machine: the HTTPS-only defaults of cms.settings.production are relaxed
# by value, never by code.
PROD_ENV = DJANGO_SETTINGS_MODULE=cms.settings.production \
	DATABASE_URL='$(PG_URL)/$(PROD_DB)' \
	CACHE_URL='$(subst redis://,rediscache://,$(REDIS_URL))/$(PROD_CACHE_DB)' \
	TASK_QUEUE_URL='$(REDIS_URL)/$(PROD_QUEUE_DB)' \
	TASK_BACKEND=cms.tasks.ResilientRQBackend \
	SECRET_KEY="$$(cat $(PROD_SECRET))" \
	SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0 SECURE_HSTS_SECONDS=0 \
	WAGTAILADMIN_BASE_URL='http://$(HOST):$(PROD_PORT)'

# The second test pass: its own database (pytest-django creates test_$(PROD_TEST_DB)), and
# Redis databases apart from `run-prod`'s, with a per-run key prefix.
# Runs side by side (several checkouts on one machine) need their own database and Redis
# databases: a test clears its cache database.
PROD_TEST_DB  ?= guide_cms_ci
TEST_CACHE_DB ?= 15
TEST_QUEUE_DB ?= 14
TEST_RUN      := $(shell date +%s)
TEST_PROD_ENV = DATABASE_URL='$(PG_URL)/$(PROD_TEST_DB)' \
	CACHE_URL='$(subst redis://,rediscache://,$(REDIS_URL))/$(TEST_CACHE_DB)?key_prefix=t$(TEST_RUN)' \
	TASK_QUEUE_URL='$(REDIS_URL)/$(TEST_QUEUE_DB)'

.PHONY: prod-services prod-setup run-prod worker test-prod edge-install run-edge

$(PROD_SECRET):
	@mkdir -p $(dir $@)
	@$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@ && chmod 600 $@

prod-services:  ## fail fast unless local PostgreSQL and Redis answer; create the database
	@pg_isready -q -d '$(PG_URL)/postgres' || { echo "PostgreSQL is not answering at $(PG_URL) (start it, or set PG_URL)"; exit 1; }
	@$(BIN)/python -c "import redis, sys; redis.Redis.from_url(sys.argv[1], socket_connect_timeout=2).ping()" '$(REDIS_URL)' \
		|| { echo "Redis is not answering at $(REDIS_URL) (start it, or set REDIS_URL)"; exit 1; }
	@psql -q '$(PG_URL)/postgres' -tAc "SELECT 1 FROM pg_database WHERE datname='$(PROD_DB)'" | grep -q 1 \
		|| psql -q '$(PG_URL)/postgres' -c 'CREATE DATABASE "$(PROD_DB)"'

prod-setup: $(STAMP) $(PROD_SECRET) prod-services  ## migrate, collectstatic, demo content on PostgreSQL
	$(PROD_ENV) $(BIN)/python manage.py migrate --noinput
	$(PROD_ENV) $(BIN)/python manage.py collectstatic --noinput -v 0
	$(PROD_ENV) $(BIN)/python manage.py setup_demo

run-prod: prod-setup  ## gunicorn in the foreground + an RQ worker in the background (Ctrl-C stops both)
	@echo "run-prod: API on http://$(HOST):$(PROD_PORT)/api/v1/  health: /healthz /readyz"
	@$(PROD_ENV) $(WORKER_CMD) & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker 2>/dev/null; echo "run-prod: worker stopped"' EXIT; \
	trap 'exit 130' INT TERM; \
	$(PROD_ENV) HOST=$(HOST) PORT=$(PROD_PORT) $(BIN)/gunicorn -c cms/gunicorn.conf.py

worker: $(STAMP) $(PROD_SECRET) prod-services  ## an RQ worker alone (scale out: run N of these)
	$(PROD_ENV) $(WORKER_CMD)

test-prod: $(STAMP) prod-services  ## the suite on PostgreSQL + Redis, then the production-marked tests with a worker
	@echo "== test-prod 1/2: whole suite on PostgreSQL + Redis (tasks in-process, inside each test's transaction)"
	$(TEST_PROD_ENV) TASK_BACKEND=django_tasks.backends.immediate.ImmediateBackend \
		$(BIN)/python -m pytest -m "not production" $(PYTEST_ARGS)
	@echo "== test-prod 2/2: production-marked tests (RQ backend; the tests start real worker processes)"
	@$(TEST_PROD_ENV) TASK_BACKEND=cms.tasks.ResilientRQBackend \
		$(BIN)/python -m pytest -m production $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "!!! test-prod: pytest collected NO production-marked tests (exit 5) !!!"; rc=0; fi; \
	exit $$rc

# --- Edge cache: Varnish 7 in front of run-prod (deploy/varnish/, docs/deploy.md) ----------
# Same PROD_* variables as run-prod; readers use EDGE_PORT, the admin stays on PROD_PORT.
EDGE_PORT  ?= 8090
EDGE_GRACE ?= 6h
EDGE_DIR   ?= var/edge-$(EDGE_PORT)
# Purges go to the edge; the URLs they name are the public (edge) ones.
# API_NUM_PROXIES=1: the anonymous limit counts the reader's address (the X-Forwarded-For
# entry Varnish appends), not the edge's.
EDGE_ENV = FRONTEND_CACHE=varnish FRONTEND_CACHE_LOCATION='http://127.0.0.1:$(EDGE_PORT)' \
	API_PUBLIC_BASE_URL='http://$(HOST):$(EDGE_PORT)' API_NUM_PROXIES=1

edge-install:  ## Varnish + varnish-modules (xkey) from apt when missing, as CI installs Chromium
	@if ! command -v varnishd >/dev/null 2>&1 || ! ls /usr/lib/*/varnish/vmods/libvmod_xkey.so /usr/lib/varnish/vmods/libvmod_xkey.so 2>/dev/null | grep -q .; then \
		echo "edge-install: installing varnish and varnish-modules with apt-get"; \
		command -v apt-get >/dev/null 2>&1 || { echo "edge-install: no apt-get here; install Varnish 7 and varnish-modules"; exit 1; }; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq varnish varnish-modules >/dev/null; \
	fi

run-edge: prod-setup edge-install  ## run-prod plus varnishd on EDGE_PORT in front of it, purges wired (Ctrl-C stops all)
	@echo "run-edge: API through the edge on http://$(HOST):$(EDGE_PORT)/api/v1/  (origin and admin: $(PROD_PORT))"
	@$(PROD_ENV) $(EDGE_ENV) deploy/varnish/run-varnishd '$(HOST):$(EDGE_PORT)' '127.0.0.1:$(PROD_PORT)' '$(EDGE_DIR)' '$(EDGE_GRACE)' & edge=$$!; \
	$(PROD_ENV) $(EDGE_ENV) $(WORKER_CMD) & worker=$$!; \
	trap 'kill -TERM $$worker $$edge 2>/dev/null; wait $$worker $$edge 2>/dev/null; echo "run-edge: worker and edge stopped"' EXIT; \
	trap 'exit 130' INT TERM; \
	$(PROD_ENV) $(EDGE_ENV) HOST=$(HOST) PORT=$(PROD_PORT) $(BIN)/gunicorn -c cms/gunicorn.conf.py
