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
@pytest.mark.parametrize(
    "options",
    [
        ["--backend", "onnx"],
        # auto: a small one-shot input is done sooner on onnxruntime than after torch's 1.5 s import.
        ["--device", "cpu"],
    ],
    ids=["onnx", "default-backend-on-cpu"],
)
def test_a_digest_of_the_seeds_never_imports_torch(seeds_dir, options):
    code = f"""
import contextlib, io, sys
from summarizer.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    code = main(["digest", {str(seeds_dir)!r}, *{options!r}, "--quiet"])
print(code, "Sources disagree" in out.getvalue(), "torch" in sys.modules)
"""
    done = _run(code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "0 True False"


@pytest.mark.model
def test_the_command_exits_at_once_with_its_output_and_exit_code_intact(seeds_dir, tmp_path):
    # The one-shot commands skip the interpreter's teardown: nothing written may be lost on the way.
    command = [sys.executable, "-m", "summarizer", "digest", str(seeds_dir), "--device", "cpu", "--quiet"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Digest of 5 articles") and done.stdout.rstrip().endswith(")")
    out = tmp_path / "digest.json"
    done = subprocess.run([*command, "--format", "json", "--out", str(out)], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0 and out.read_text(encoding="utf-8").rstrip().endswith("}")
    missing = subprocess.run(
        [sys.executable, "-m", "summarizer", "digest", str(tmp_path / "nothing-here")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert missing.returncode == 2 and "error: No usable articles" in missing.stderr
