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
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP)  ## create/refresh the virtualenv

demo: $(STAMP)  ## migrate, create locales, import + publish the demo guide, create the admin login
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py setup_demo

run: demo  ## serve the API + Wagtail admin on the embedded default (SQLite, in-process tasks, pseudo provider)
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(STAMP)  ## run the test suite (pytest-django)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
