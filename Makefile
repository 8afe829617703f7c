# Two entry points for a fresh machine with Python 3.11+: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: run test lint bench clean

$(INSTALLED): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(INSTALLED)

run: $(INSTALLED)
	$(BIN)/smartcustoms demo
	$(BIN)/smartcustoms serve --host 127.0.0.1 --port 8000

test: $(INSTALLED)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/pytest

bench: $(INSTALLED)
	$(BIN)/python benchmarks/read_csv.py
	$(BIN)/python benchmarks/generate.py
	$(BIN)/python benchmarks/rules.py
	$(BIN)/python benchmarks/screen.py
	$(BIN)/python benchmarks/ray_screen.py
	$(BIN)/python benchmarks/api_lodge.py
	$(BIN)/python benchmarks/hs_classifier.py
	$(BIN)/python benchmarks/ocr.py

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
