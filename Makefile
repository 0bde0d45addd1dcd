# Two commands on a fresh machine: `make run` and `make test`. Both create .venv if missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8501
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c

.PHONY: install run test lint typecheck pytest browser sample bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the project's metadata changes.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]' 2>&1 | { grep -v "^WARNING: Location" || true; }
	$(BIN)/python -c "import forecaster, pandas, streamlit, pydantic, openpyxl, python_calamine, chinese_calendar"
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/forecaster app --port $(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

# The end-to-end test drives Debian's chromium with Playwright (never `playwright install`,
# which downloads browsers). Installed here if missing; root or passwordless sudo needed.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
browser:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list :lang=zh 2>/dev/null | grep -q .; then \
		echo "installing Debian's chromium and a CJK font for the end-to-end test"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends \
			chromium fonts-noto-cjk >/dev/null; \
	fi
	@/usr/bin/chromium --version

# One worker per core; a test file stays on one worker (module fixtures are built once).
pytest: install browser
	$(BIN)/python -m pytest -n auto --dist loadfile

# mypy (a minute on one core) runs beside pytest: the suite's workers leave a core idle
# while the longest test files finish
test: lint install browser
	@set +e; $(BIN)/mypy > .mypy.log 2>&1 & mypy=$$!; \
	$(BIN)/python -m pytest -n auto --dist loadfile; tests=$$?; \
	wait $$mypy; types=$$?; cat .mypy.log; rm -f .mypy.log; \
	[ $$tests -eq 0 ] && [ $$types -eq 0 ]

# Regenerate the bundled sample shop (seeded; the files are committed).
sample: install
	$(BIN)/python -m forecaster.sample --out data/

bench: install
	$(BIN)/python benchmarks/bench_load.py
	$(BIN)/python benchmarks/bench_forecast.py
	$(BIN)/python benchmarks/bench_bank_calls.py
	$(BIN)/python benchmarks/bench_adjust.py
	$(BIN)/python benchmarks/bench_capacity.py
	$(BIN)/python benchmarks/bench_simulate.py
	$(BIN)/python benchmarks/bench_campaign_night.py
	$(BIN)/python benchmarks/bench_roster.py
	$(BIN)/python benchmarks/bench_compare.py
	$(BIN)/python benchmarks/bench_plan_quality.py --write
	$(BIN)/python benchmarks/bench_population.py
	$(BIN)/python benchmarks/bench_oracle.py
	$(BIN)/python benchmarks/bench_fleet.py
	$(BIN)/python benchmarks/bench_fuzz.py --jobs 2
	$(BIN)/python benchmarks/bench_scaling.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
