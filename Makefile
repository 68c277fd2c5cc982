# govreport — the two commands a newcomer needs:
#   make demo   set up, then render the example reports to out/ (.docx, and .pdf when LibreOffice is present)
#   make test   set up (Python packages; LibreOffice, fonts and PostgreSQL where apt-get can install them),
#               then run lint, types, the whole test suite and the docs build
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
OUT    ?= out
QUICK  ?=

.PHONY: demo test lint typecheck pytest docs bench system-deps clean venv fuzz

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# the package with what the demo needs
$(VENV)/.demo-installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

# the package with every extra and the development tools
$(VENV)/.dev-installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.demo-installed

venv: $(VENV)/.dev-installed

demo: $(VENV)/.demo-installed
	$(BIN)/govreport demo -o $(OUT)

system-deps:
	bash tools/system-deps.sh

test: system-deps $(VENV)/.dev-installed
	$(MAKE) lint typecheck
	bash tools/with-postgres.sh bash tools/with-mariadb.sh $(MAKE) pytest
	$(MAKE) docs

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check src tests tools benchmarks docs/conf.py docs/_ext
	$(BIN)/ruff format --check src tests tools benchmarks docs/conf.py docs/_ext
	$(BIN)/lint-imports --no-cache

typecheck: $(VENV)/.dev-installed
	$(BIN)/mypy src

# pytest exits 5 when it collects no tests: say so plainly instead of failing with a bare status
pytest: $(VENV)/.dev-installed
	$(BIN)/python -m pytest -p no:cacheprovider -q; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest: no tests were collected" >&2; rc=0; fi; exit $$rc

# the longer fuzzing run: the hostile-input suite under the Hypothesis profile "fuzz"
fuzz: $(VENV)/.dev-installed
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -p no:cacheprovider -q tests/hostile

docs: $(VENV)/.dev-installed
	$(BIN)/sphinx-build -q -W --keep-going -b html docs docs/_build/html

bench: $(VENV)/.dev-installed
	$(BIN)/python benchmarks/run.py $(if $(QUICK),--quick,)

clean:
	rm -rf $(VENV) $(OUT) docs/_build build dist
