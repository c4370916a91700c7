# liuhao — two commands: `make run` (demo on SQLite) and `make test` (every test).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: run test lint test-sqlite test-postgres test-browser install serve clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput -v0
	$(VENV)/bin/liuhao demo
	@echo "服务地址：http://127.0.0.1:8000/"
	$(VENV)/bin/granian --interface wsgi --host 127.0.0.1 --port 8000 --workers 2 --blocking-threads 4 --backpressure 16 config.wsgi:application

test: lint test-sqlite test-postgres

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy liuhao config
	$(VENV)/bin/lint-imports
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run
	USE_PRODUCTION=1 USE_HTTPS=1 ALLOWED_HOSTS=liuhao.example.edu.cn \
	  SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	  $(PY) manage.py check --deploy --fail-level WARNING

test-sqlite: $(STAMP)
	$(VENV)/bin/pytest -q -n 2 $(PYTEST_ARGS)

test-postgres: $(STAMP)
	@status=0; ./scripts/with-postgres.sh $(VENV)/bin/pytest -q -n 2 $(PYTEST_ARGS) || status=$$?; \
	if [ $$status -eq 3 ]; then echo "PostgreSQL 未安装：已跳过 PostgreSQL 测试（skipped）"; exit 0; fi; exit $$status

clean:
	rm -rf $(VENV) db.sqlite3* staticfiles
