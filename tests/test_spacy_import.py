"""spaCy is imported without its command line, which is still there when asked for."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)


@pytest.mark.model
def test_spacy_parses_without_its_command_line_and_the_command_line_imports_after():
    code = """
import sys
from summarizer.conflicts._parser import parse
doc = parse(["North Korea sent 12,000 troops to Russia."])[0]
import spacy
print(sorted({"typer", "weasel", "spacy.cli", "spacy.cli.info"} & set(sys.modules)), hasattr(spacy, "cli"))
print([t.dep_ for t in doc if t.text == "troops"], spacy.info()["spacy_version"] == spacy.__version__)
import spacy.cli
from spacy.cli import download
print(callable(download), callable(sys.modules["spacy.cli.info"].info), "typer" in sys.modules)
"""
    done = _run(code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:3] == ["[] False", "['dobj'] True", "True True True"]


def test_the_stand_in_answers_only_spacys_own_import():
    code = """
import sys
from summarizer._spacy import _CliDeferred
finder = _CliDeferred()
print(finder.find_spec("spacy.cli", None), finder.find_spec("spacy.cli.info", None), finder.find_spec("typer", None))
"""
    done = _run(code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "None None None"
