# One-command entry points; each installs what it needs first (see README).
PYTHON ?= python3
VENV ?= .venv
# torch first and pinned: an unpinned "torch" pulls the newest CUDA build (several GB).
# A GPU machine can ask for its own build, e.g. make TORCH_SPEC="torch==2.13.0" TORCH_INDEX_URL=...
TORCH_SPEC ?= torch==2.13.0
TORCH_INDEX_URL ?=
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: install demo test check serve bench-quality bench-speed bench-load bench-stories

install: $(INSTALLED)

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet "$(TORCH_SPEC)" $(if $(TORCH_INDEX_URL),--index-url $(TORCH_INDEX_URL))
	$(BIN)/pip install --quiet -e ".[api,bench,test,ray]"
	touch $@

demo: install  ## digest of the example articles
	$(BIN)/summarizer digest examples/seeds

test: install
	$(BIN)/python -m pytest -q

check: install  ## lint, format and type checks (CI runs this before the tests)
	$(BIN)/ruff format --check summarizer api tests benchmarks
	$(BIN)/ruff check summarizer api tests benchmarks
	$(BIN)/mypy summarizer api

serve: install
	$(BIN)/python -m api

bench-quality: install
	$(BIN)/python benchmarks/quality.py

bench-speed: install
	$(BIN)/python benchmarks/speed.py

bench-load: install
	$(BIN)/python benchmarks/load.py

bench-stories: install  ## story grouping vs TF-IDF, grouping time and memory, batch in-process and on Ray
	$(BIN)/python benchmarks/stories.py
