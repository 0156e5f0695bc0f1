# tradeapi — the two commands are `make run` and `make test`.
# Both create .venv/ on first use and reinstall only when a requirements file changes.

# Python 3.13, the Lambda runtime's (bytecode and wheels must match it): on PATH, else under
# pyenv's versions directory (scripts/find_python.sh, which says what to install when neither has it).
PYTHON_VERSION := 3.13
PYTHON ?= $(shell scripts/find_python.sh $(PYTHON_VERSION) 2>/dev/null)
# cfn-lint and checkov (.venv-tools) stay on 3.11 where there is one.
TOOLS_PYTHON ?= $(or $(shell scripts/find_python.sh 3.11 2>/dev/null),$(PYTHON))
VENV   := .venv
PY     := $(VENV)/bin/python
# Named for the Python version: a venv left from another version is rebuilt, not reused.
STAMP  := $(VENV)/.installed-dev-$(PYTHON_VERSION)
# $(call fresh_venv,<dir>): (re)create <dir> with $(PYTHON), after checking it is $(PYTHON_VERSION).
fresh_venv = @{ [ -n "$(PYTHON)" ] || scripts/find_python.sh $(PYTHON_VERSION); } && \
	$(PYTHON) -c 'import sys; v = "%d.%d" % sys.version_info[:2]; sys.exit(0 if v == "$(PYTHON_VERSION)" else \
	f"PYTHON=$(PYTHON) is Python {v}; tradeapi needs $(PYTHON_VERSION), the Lambda runtime")' && \
	echo "$(PYTHON) -m venv --clear $(1)" && $(PYTHON) -m venv --clear $(1)

.DEFAULT_GOAL := help
.PHONY: help run test test-fast bench clean tools package schema infra-lint infra-deploy zappa-settings deploy update teardown screenshots

help:
	@echo "make run    start the local AWS emulator, bootstrap it with demo data, serve http://127.0.0.1:8000"
	@echo "make test   ruff, the import contracts, then the whole test suite (installs what it needs)"
	@echo "make bench  run the benchmark scripts in bench/"
	@echo "make screenshots  retake the screenshots in docs/screenshots/ (needs Chromium)"
	@echo "make clean  remove the virtualenv and caches"

$(STAMP): requirements/runtime.txt requirements/dev.txt
	$(if $(wildcard $(VENV)/bin/python$(PYTHON_VERSION)),,$(call fresh_venv,$(VENV)))
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/dev.txt
	@touch $@

run: $(STAMP)
	$(PY) manage.py runlocal

test: $(STAMP) tools package
	@if [ -x "$${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then \
	  echo "Browser tests: Chromium found at $${CHROMIUM_PATH:-/usr/bin/chromium}; tests/browser will run."; \
	else \
	  echo "Browser tests: SKIPPED - no Chromium at $${CHROMIUM_PATH:-/usr/bin/chromium} (apt-get install chromium, or set CHROMIUM_PATH)."; \
	fi
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) -m pytest

# The docs' screenshots (dashboard, browsable API), from a fresh process holding only the demo data.
screenshots: $(STAMP)
	TRADEAPI_SCREENSHOT_DIR=docs/screenshots $(PY) -m pytest -n 0 tests/browser

bench: $(STAMP)
	@for script in $(filter-out bench/harness.py,$(wildcard bench/*.py)); do echo "== $$script"; $(PY) $$script || exit 1; done

clean:
	rm -rf $(VENV) $(TOOLS_VENV) $(LAMBDA_VENV) build .pytest_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

# --- deployment (README "Deployment") ------------------------------------------
# Tools and the packaging env live in their own venvs; each reinstalls only when
# its requirements change. The package rebuilds only when code or settings change.
STAGE        ?= dev
PROJECT      ?= tradeapi
TOOLS_VENV   := .venv-tools
TOOLS_STAMP  := $(TOOLS_VENV)/.installed
LAMBDA_VENV  := .venv-lambda
LAMBDA_STAMP := $(LAMBDA_VENV)/.installed-$(PYTHON_VERSION)
PACKAGE      := build/$(PROJECT)-$(STAGE).zip
APP_SOURCES  := $(shell find accounts catalog binders trades moderation tradeapi dashboard -type f -not -path '*/__pycache__/*' 2>/dev/null)

tools: $(TOOLS_STAMP)
$(TOOLS_STAMP): requirements/tools.txt
	@[ -n "$(TOOLS_PYTHON)" ] || scripts/find_python.sh $(PYTHON_VERSION)
	$(TOOLS_PYTHON) -m venv $(TOOLS_VENV)
	$(TOOLS_VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements/tools.txt
	@touch $@

$(LAMBDA_STAMP): requirements/runtime.txt requirements/package.txt
	$(call fresh_venv,$(LAMBDA_VENV))
	$(LAMBDA_VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements/package.txt
	@touch $@

# The package for $(STAGE): Zappa bakes the stage name (the /dev URL prefix) into it; the stage's
# configuration and secrets stay in the Lambda's environment (aws_environment_variables), not the zip.
package: $(PACKAGE)
$(PACKAGE): $(LAMBDA_STAMP) zappa_settings.json scripts/build_package.sh scripts/compile_package.py $(APP_SOURCES)
	scripts/build_package.sh $(STAGE) $@

infra-lint: $(TOOLS_STAMP)
	$(TOOLS_VENV)/bin/cfn-lint infra/*.yml
	$(TOOLS_VENV)/bin/checkov -d infra --framework cloudformation --compact --quiet --skip-download

# Needs AWS credentials. Order: identity -> data -> (zappa deploy) -> waf -> pipeline.
infra-deploy:
	aws cloudformation deploy --stack-name $(PROJECT)-$(STAGE)-identity --template-file infra/identity.yml \
		--parameter-overrides Stage=$(STAGE) ProjectName=$(PROJECT) --no-fail-on-empty-changeset
	aws cloudformation deploy --stack-name $(PROJECT)-$(STAGE)-data --template-file infra/data.yml \
		--capabilities CAPABILITY_NAMED_IAM --no-fail-on-empty-changeset \
		--parameter-overrides Stage=$(STAGE) ProjectName=$(PROJECT) \
		UserPoolArn=$$(aws cloudformation describe-stacks --stack-name $(PROJECT)-$(STAGE)-identity \
			--query "Stacks[0].Outputs[?OutputKey=='UserPoolArn'].OutputValue" --output text)

zappa-settings: $(LAMBDA_STAMP)
	$(LAMBDA_VENV)/bin/python scripts/render_zappa_settings.py $(STAGE) --project $(PROJECT)

# First deployment: the function and API Gateway (pointed at $LATEST), then the `live` alias,
# then an update that points API Gateway at `live` (the pipeline moves it from then on).
deploy: $(LAMBDA_STAMP) $(PACKAGE)
	$(LAMBDA_VENV)/bin/python scripts/render_zappa_settings.py $(STAGE) --project $(PROJECT) --first-deploy
	$(LAMBDA_VENV)/bin/zappa deploy $(STAGE) -s build/zappa_settings.json --zip $(PACKAGE)
	$(LAMBDA_VENV)/bin/python scripts/apply_logging_config.py $(STAGE) --settings build/zappa_settings.json --project $(PROJECT)
	aws lambda create-alias --function-name $(PROJECT)-$(STAGE) --name live \
		--function-version $$(aws lambda publish-version --function-name $(PROJECT)-$(STAGE) --query Version --output text)
	$(MAKE) update STAGE=$(STAGE) PROJECT=$(PROJECT)

update: zappa-settings $(PACKAGE)
	$(LAMBDA_VENV)/bin/zappa update $(STAGE) -s build/zappa_settings.json --zip $(PACKAGE)
	$(LAMBDA_VENV)/bin/python scripts/apply_logging_config.py $(STAGE) --settings build/zappa_settings.json --project $(PROJECT)
	$(LAMBDA_VENV)/bin/python scripts/apply_stage_throttling.py $(STAGE) --settings build/zappa_settings.json --project $(PROJECT)

# Removes the function, API and stacks; the tables, key and user pool are retained (see README).
teardown:
	$(LAMBDA_VENV)/bin/zappa undeploy $(STAGE) -s build/zappa_settings.json --yes --remove-logs
	for stack in monitoring pipeline waf data identity; do \
		aws cloudformation delete-stack --stack-name $(PROJECT)-$(STAGE)-$$stack && \
		aws cloudformation wait stack-delete-complete --stack-name $(PROJECT)-$(STAGE)-$$stack; done

# The committed OpenAPI schema (docs/openapi.yaml); `make test` fails when it is stale.
schema: $(STAMP)
	$(PY) manage.py spectacular --file docs/openapi.yaml --validate --fail-on-warn
