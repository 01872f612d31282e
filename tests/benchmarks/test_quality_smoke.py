"""The quality benchmark runs end to end on a tiny made-up cluster file and writes its table."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.benchmarks.tiny import CLUSTERS

pytestmark = pytest.mark.model

SYSTEMS = ["Digest (ours)", "Lead", "LexRank", "TextRank", "SumBasic"]
BUDGET = 30


@pytest.fixture(scope="module")
def with_blank_cluster(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The two made-up clusters plus one whose articles are all blank (our digest must fail on it)."""
    path = tmp_path_factory.mktemp("quality") / "clusters.jsonl"
    blank = {"id": "blank", "documents": ["   ", ""], "summaries": ["– Nothing happened."]}
    path.write_text("\n".join(json.dumps(c) for c in [*CLUSTERS, blank]) + "\n", encoding="utf-8")
    return path


def test_quality_writes_a_table_with_every_system(run_benchmark, with_blank_cluster, tmp_path):
    out = tmp_path / "quality"
    done = run_benchmark("quality", "--data", str(with_blank_cluster), "--budget", str(BUDGET), "--out", str(out))
    assert done.returncode == 0, done.stderr

    result = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert [r["system"] for r in result["results"]] == SYSTEMS
    assert result["meta"]["clusters"] == 3 and result["meta"]["budget"] == BUDGET
    for row in result["results"]:
        for rouge in ("rouge1", "rouge2", "rougeLsum"):
            assert 0.0 <= row[rouge] <= 100.0
        assert 0 < row["mean_words"] <= BUDGET
    # Real text shares words with its reference: every system scores above zero on ROUGE-1.
    assert all(row["rouge1"] > 0 for row in result["results"])

    # The blank cluster is counted as a failure of our digest, scored as empty, not skipped.
    ours = next(r for r in result["results"] if r["system"] == "Digest (ours)")
    assert ours["failures"] == 1
    blank = next(c for c in result["clusters"] if c["id"] == "blank")
    assert blank["systems"]["Digest (ours)"]["words"] == 0 and "error" in blank["systems"]["Digest (ours)"]
    assert "failed, scored as empty" in done.stderr

    table = Path(f"{out}.md").read_text(encoding="utf-8")
    assert "| System | ROUGE-1 | ROUGE-2 | ROUGE-Lsum |" in table
    assert all(f"| {name} |" in table for name in SYSTEMS)
    assert table in done.stdout  # the same table is printed


def test_quality_limit_keeps_the_first_clusters(run_benchmark, tiny_data, tmp_path):
    out = tmp_path / "quality"
    args = ["--data", str(tiny_data), "--limit", "1", "--systems", "lead,sumbasic", "--oracle", "--out", str(out)]
    done = run_benchmark("quality", *args)
    assert done.returncode == 0, done.stderr
    result = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert [c["id"] for c in result["clusters"]] == ["flood"]
    names = [r["system"] for r in result["results"]]
    assert names == ["Lead", "SumBasic", "Oracle (reads references)"]
    # The oracle reads the references: no real system beats it on ROUGE-2.
    oracle = result["results"][-1]
    assert all(oracle["rouge2"] >= r["rouge2"] for r in result["results"])
