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

    [regime] = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))["regimes"]
    assert [r["system"] for r in regime["results"]] == SYSTEMS
    assert regime["clusters"] == 3 and regime["budget"] == BUDGET
    for row in regime["results"]:
        for rouge in ("rouge1", "rouge2", "rougeLsum"):
            assert 0.0 <= row[rouge] <= 100.0
        assert 0 < row["mean_words"] <= BUDGET
        assert 0.0 <= row["not_standalone_pct"] <= 100.0 and row["lines"] > 0
    # Real text shares words with its reference: every system scores above zero on ROUGE-1.
    assert all(row["rouge1"] > 0 for row in regime["results"])
    # Each line judged not to stand on its own is listed with its cluster, for a reader to check.
    flood = next(c for c in regime["rows"] if c["id"] == "flood")
    assert all(isinstance(line, str) for line in flood["systems"]["Lead"]["not_standalone"])

    # The blank cluster is counted as a failure of our digest, scored as empty, not skipped.
    ours = next(r for r in regime["results"] if r["system"] == "Digest (ours)")
    assert ours["failures"] == 1
    blank = next(c for c in regime["rows"] if c["id"] == "blank")
    assert blank["systems"]["Digest (ours)"]["words"] == 0 and "error" in blank["systems"]["Digest (ours)"]
    assert "failed, scored as empty" in done.stderr

    table = Path(f"{out}.md").read_text(encoding="utf-8")
    assert "| System | ROUGE-1 | ROUGE-2 | ROUGE-Lsum | Not alone % |" in table
    assert all(f"| {name} |" in table for name in SYSTEMS)
    assert table in done.stdout  # the same table is printed


def test_quality_limit_keeps_the_first_clusters(run_benchmark, tiny_data, tmp_path):
    out = tmp_path / "quality"
    args = ["--data", str(tiny_data), "--limit", "1", "--systems", "lead,sumbasic", "--oracle", "--out", str(out)]
    done = run_benchmark("quality", *args)
    assert done.returncode == 0, done.stderr
    [regime] = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))["regimes"]
    assert [c["id"] for c in regime["rows"]] == ["flood"]
    names = [r["system"] for r in regime["results"]]
    assert names == ["Lead", "SumBasic", "Oracle (reads references)"]
    # The oracle reads the references: no real system beats it on ROUGE-2.
    oracle = regime["results"][-1]
    assert all(oracle["rouge2"] >= r["rouge2"] for r in regime["results"])


def test_named_regimes_run_side_by_side_and_a_cache_gives_the_same_scores(run_benchmark, tiny_data, tmp_path):
    args = ["--multinews", str(tiny_data), "--regimes", "multinews", "--systems", "lead,lexrank"]
    cached = [*args, "--cache", str(tmp_path / "cache")]
    first = run_benchmark("quality", *cached, "--out", str(tmp_path / "a"))
    again = run_benchmark("quality", *cached, "--out", str(tmp_path / "b"))
    plain = run_benchmark("quality", *args, "--out", str(tmp_path / "c"))
    assert first.returncode == again.returncode == plain.returncode == 0, first.stderr + plain.stderr
    scores = [
        [r["rouge1"] for r in json.loads((tmp_path / f"{stem}.json").read_text())["regimes"][0]["results"]]
        for stem in "abc"
    ]
    assert scores[0] == scores[1] == scores[2]
    assert (tmp_path / "cache" / "rankings.json").is_file()
    assert "## Multi-News dev, every cluster: 2 clusters, 260 words" in first.stdout
