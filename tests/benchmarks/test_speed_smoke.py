"""The speed benchmark runs each of its parts on tiny made-up data and reports real figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.model


def _results(out: Path) -> dict:
    return json.loads(Path(f"{out}.json").read_text(encoding="utf-8"))


def test_warm_and_throughput(run_benchmark, tiny_data, tmp_path):
    out = tmp_path / "speed"
    args = ["--data", str(tiny_data), "--skip", "cold,scaling", "--repeats", "1", "--throughput-sentences", "10"]
    done = run_benchmark("speed", *args, "--out", str(out))
    assert done.returncode == 0, done.stderr
    result = _results(out)
    warm = result["warm"]
    assert warm["articles"] == 5 and warm["sentences_embedded"] > 0
    for measure in ("digest", "digest_same_articles_again", "lexrank", "embedding_floor"):
        assert 0 < warm[measure]["min_s"] <= warm[measure]["median_s"]
    assert {"segment", "embed", "total"} <= set(warm["digest"]["stages_ms"])
    assert result["throughput"]["sentences"] == 10 and result["throughput"]["sentences_per_s"] > 0
    table = Path(f"{out}.md").read_text(encoding="utf-8")
    assert "warm digest, 5 seed articles" in table and "sentences/s" in table
    assert "warm digest of the seeds under 0.5 s:" in table
    assert "cold" not in result and "scaling" not in result


def test_scaling_runs_each_size_in_its_own_process(run_benchmark, tiny_data, tmp_path):
    out = tmp_path / "speed"
    # The tiny file holds 6 distinct documents: 7 articles repeat one of them.
    args = ["--data", str(tiny_data), "--skip", "warm,cold,throughput", "--sizes", "2,7"]
    done = run_benchmark("speed", *args, "--out", str(out))
    assert done.returncode == 0, done.stderr
    scaling = _results(out)["scaling"]
    assert scaling["unique_documents_available"] == 6
    distinct, repeated = scaling["points"]
    assert (distinct["articles"], distinct["unique_articles"]) == (2, 2)
    assert (repeated["articles"], repeated["unique_articles"]) == (7, 6)
    for point in (distinct, repeated):
        assert point["sentences"] > 0 and point["digest_s"] > 0 and point["digest_cpu_s"] > 0
        assert point["peak_rss_mb"] >= point["peak_rss_after_load_mb"] > 50  # torch and a model are in there
    assert repeated["sentences"] > distinct["sentences"]
    assert scaling["estimate"]["articles"] == 7 and scaling["estimate"]["sentences"] > distinct["sentences"]
    table = Path(f"{out}.md").read_text(encoding="utf-8")
    assert "## Scaling" in table and "| 7 | 6 |" in table


def test_cold_cli_prints_a_digest(run_benchmark, tiny_data, tmp_path):
    out = tmp_path / "speed"
    args = ["--data", str(tiny_data), "--skip", "warm,throughput,scaling", "--cold-runs", "1"]
    done = run_benchmark("speed", *args, "--out", str(out))
    assert done.returncode == 0, done.stderr
    cold = _results(out)["cold"]
    assert cold["runs"] == 1 and cold["median_s"] > 0
    assert "cold CLI" in Path(f"{out}.md").read_text(encoding="utf-8")


def test_unknown_part_is_refused(run_benchmark, tmp_path):
    done = run_benchmark("speed", "--skip", "warmup", "--out", str(tmp_path / "speed"))
    assert done.returncode != 0 and "unknown part" in done.stderr
