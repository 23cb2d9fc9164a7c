# SystemCraft — two commands: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements/run.lock pyproject.toml | cksum | cut -d' ' -f1)
TSTAMP := $(VENV)/.installed-test-$(shell cat requirements/test.lock pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test install install-test bench docs clean

run: install            ## install, then open the web coach (onboarding on first run) at http://127.0.0.1:8765/
	@$(BIN)/systemcraft serve

# $(call install,LOCKFILE): a venv with the locked requirements, the package (editable), byte-compiled.
# pip's own chatter goes to $(VENV)/install.log and is shown only when something fails.
define install
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Installing SystemCraft into $(VENV) (log: $(VENV)/install.log)…"
	@( $(BIN)/python -m pip install -q --disable-pip-version-check -r $(1) \
	   && $(BIN)/python -m pip install -q --disable-pip-version-check --no-deps -e . ) \
	   > $(VENV)/install.log 2>&1 || { cat $(VENV)/install.log; exit 1; }
	@$(BIN)/python -m compileall -q systemcraft
	@touch $@
endef

install: $(STAMP)
$(STAMP): requirements/run.lock pyproject.toml
	$(call install,requirements/run.lock)

install-test: $(TSTAMP)
$(TSTAMP): requirements/test.lock pyproject.toml
	$(call install,requirements/test.lock)

test: install-test      ## install what the tests need (PostgreSQL included), run them all
	@bash scripts/ensure-system-packages.sh
	@$(BIN)/python -m compileall -q systemcraft
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install-test     ## the speed benchmarks (tables of medians; the web ones need Chromium and wrk)
	@bash scripts/ensure-system-packages.sh bench
	@$(BIN)/python -m compileall -q systemcraft
	@$(BIN)/python benchmarks/run.py
	@$(BIN)/python benchmarks/delivery.py
	@$(BIN)/python benchmarks/web.py

docs: install           ## regenerate docs/cli.md from --help
	@$(BIN)/python scripts/gen_cli_docs.py > docs/cli.md

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts
