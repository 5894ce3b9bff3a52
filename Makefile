# The two commands of the README: `make demo` and `make test`. Both create .venv on first use.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
# The CPU build of torch lies on this machine's disk; a plain requirement would pull a CUDA build.
TORCH ?= torch==2.13.0

.PHONY: demo test install lint clean mutation

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet "$(TORCH)"
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

install: $(BIN)/.installed

demo: $(BIN)/.installed
	$(BIN)/matcher demo

test: $(BIN)/.installed
	$(BIN)/python -m pytest -m "not slow"

# Mutation testing of the modules that hold the rules (mutmut; what and against which tests:
# [tool.mutmut] in pyproject.toml). Not part of `make test`: about an hour on 2 cores (3,000
# mutants). Starts afresh in mutants/ (git-ignored), then prints killed / total per module and
# for all of them.
MUTATION_CHILDREN ?= 2
mutation: $(BIN)/.installed
	rm -rf mutants
	$(BIN)/mutmut run --max-children $(MUTATION_CHILDREN)
	$(BIN)/mutmut results --all true | awk -F': ' '{ m = $$1; sub(/^ +/, "", m); \
	  sub(/\.x(_|ǁ).*/, "", m); n[m]++; all++; if ($$2 == "killed") { k[m]++; kall++ } } \
	  END { for (m in n) printf "%-30s %5d / %-5d killed (%.1f%%)\n", m, k[m], n[m], 100 * k[m] / n[m]; \
	  printf "%-30s %5d / %-5d killed (%.1f%%)\n", "all rule modules", kall, all, 100 * kall / all }' \
	  | sort

lint: $(BIN)/.installed
	$(BIN)/ruff check matcher api eval tests
	$(BIN)/ruff format --check matcher api eval tests

clean:
	rm -rf $(VENV) .pytest_cache
