"""A cold start imports only what the run uses: nothing heavy at import, no torch for spaCy or ONNX."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("torch", "transformers", "sentence_transformers", "spacy", "thinc", "onnxruntime")


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_importing_the_library_and_its_cli_loads_no_model_library():
    done = _run(f"import sys, summarizer, summarizer.cli; print(sorted(set({HEAVY!r}) & set(sys.modules)))")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


@pytest.mark.model
def test_spacy_parses_without_importing_torch_and_torch_still_imports_after():
    code = """
import sys
from summarizer.conflicts._parser import parse
doc = parse(["North Korea sent 12,000 troops to Russia."])[0]
print("torch" in sys.modules, [t.dep_ for t in doc if t.text == "troops"])
import torch, thinc.compat
print(float(torch.ones(2).sum()), thinc.compat.has_torch)
"""
    done = _run(code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["False ['dobj']", "2.0 False"]


@pytest.mark.model
def test_an_onnx_digest_of_the_seeds_never_imports_torch(seeds_dir):
    code = f"""
import contextlib, io, sys
from summarizer.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    code = main(["digest", {str(seeds_dir)!r}, "--backend", "onnx", "--quiet"])
print(code, "Sources disagree" in out.getvalue(), "torch" in sys.modules)
"""
    done = _run(code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "0 True False"
