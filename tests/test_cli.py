"""The CLI's contract: formats, --out, exit codes and one-line errors."""

import json
import subprocess
import sys

import pytest

from summarizer.cli import EXIT_BAD_INPUT, EXIT_MODEL_UNAVAILABLE, EXIT_OK, main
from tests.conftest import ROOT


def test_empty_folder_exits_2_with_one_line_saying_what_to_do(tmp_path, capsys):
    assert main(["digest", str(tmp_path)]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("error: No usable articles") and "UTF-8" in err[-1]


def test_only_empty_files_exits_2(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("")
    (tmp_path / "b.txt").write_text("   ")
    assert main(["digest", str(tmp_path)]) == EXIT_BAD_INPUT
    assert "a.txt: empty file" in capsys.readouterr().err


def test_only_boilerplate_exits_2(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("World News\nhttps://example.com/x\nReferences\n")
    assert main(["digest", "--device", "cpu", str(tmp_path)]) == EXIT_BAD_INPUT
    assert "boilerplate" in capsys.readouterr().err


def test_missing_model_exits_3(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    (tmp_path / "a.txt").write_text("The council approved the new bridge on Monday after a long debate.")
    code = main(["digest", "--device", "cpu", "--model", str(tmp_path / "no-such-model"), str(tmp_path)])
    assert code == EXIT_MODEL_UNAVAILABLE
    assert "Could not load the embedding model" in capsys.readouterr().err


@pytest.mark.model
def test_json_to_file_with_bad_files_skipped(tmp_path, seeds_dir, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    for seed in sorted(seeds_dir.glob("*.txt"))[:3]:
        (folder / seed.name).write_bytes(seed.read_bytes())
    (folder / "broken.txt").write_bytes(b"\xff\xfe\x00\x00binary")
    out = tmp_path / "digest.json"
    code = main(["digest", str(folder), "--format", "json", "--max-words", "60", "--device", "cpu", "--out", str(out)])
    assert code == EXIT_OK
    data = json.loads(out.read_text())
    assert [a["id"] for a in data["articles"]] == [p.stem for p in sorted(seeds_dir.glob("*.txt"))[:3]]
    assert sum(len(p["text"].split()) for p in data["points"]) <= 60
    assert "broken.txt" in capsys.readouterr().err


@pytest.mark.model
def test_cold_run_as_a_user_would(seeds_dir):
    """`python -m summarizer digest examples/seeds`: text digest on stdout, progress on stderr."""
    result = subprocess.run(
        [sys.executable, "-m", "summarizer", "digest", str(seeds_dir), "--format", "md"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={"HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == EXIT_OK, result.stderr
    assert result.stdout.startswith("## Digest of 5 articles")
    assert "### Sources" in result.stdout and "[1]" in result.stdout
    assert "embed" in result.stderr  # stage progress goes to stderr, not into the digest
