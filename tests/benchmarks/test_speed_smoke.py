"""The speed benchmark runs each of its parts on tiny made-up data and reports real figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.benchmarks.tiny import CLUSTERS

pytestmark = pytest.mark.model


def _results(out: Path) -> dict:
    return json.loads(Path(f"{out}.json").read_text(encoding="utf-8"))


@pytest.fixture()
def tiny_articles(tmp_path: Path) -> Path:
    """The made-up clusters' documents as dated articles, one JSON object a line."""
    path = tmp_path / "tiny.articles.jsonl"
    rows = [
        {"id": f"{c['id']}-{i}", "published": f"2020-01-0{i + 1}", "text": text}
        for c in CLUSTERS
        for i, text in enumerate(c["documents"])
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_floors_warm_cold_and_throughput(run_benchmark, tiny_articles, tmp_path):
    out = tmp_path / "speed"
    args = ["--articles", str(tiny_articles), "--skip", "scaling", "--repeats", "1", "--cold-runs", "1"]
    args += ["--cold-backends", "auto", "--throughput-sentences", "10", "--throughput-backends", "onnx"]
    done = run_benchmark("speed", *args, "--out", str(out))
    assert done.returncode == 0, done.stderr
    result = _results(out)
    assert result["cpu"]["name"] and result["cpu"]["default_dtype"] in ("float32", "bfloat16")
    floors = result["floors"]["floors"]
    assert "torch float32" in floors and "onnx float32" in floors
    assert ("torch bfloat16" in floors) == result["cpu"]["native_bf16"]
    assert all(f["min_cosine_to_float32"] > 0.99 and f["median_s"] > 0 for f in floors.values())
    warm = result["warm"]
    assert warm["articles"] == 5 and warm["sentences_embedded"] > 0 and warm["ratio_to_floor"] > 0
    for measure in ("digest", "digest_same_articles_again", "lexrank", "floor"):
        assert 0 < warm[measure]["min_s"] <= warm[measure]["median_s"]
    assert {"segment", "embed", "total"} <= set(warm["digest"]["stages_ms"])
    assert warm["backend"] in ("torch", "onnx")
    throughput = result["throughput"]["onnx"]
    assert throughput["sentences"] == 10 and throughput["sentences_per_s"] > 0
    table = Path(f"{out}.md").read_text(encoding="utf-8")
    assert "warm first-sight digest of the seeds" in table and "sentences/s" in table and "CPU: " in table
    assert "warm first-sight digest within 1.2 x the model's own time:" in table
    cold = result["cold"]["auto"]
    assert cold["runs"] == 1 and cold["median_s"] > 0
    assert any(name == "spacy" for name, _ in cold["costliest_imports_s"])
    assert "cold CLI, process start to printed digest (auto" in table and "scaling" not in result
    assert "cold CLI (default backend) within 2.0 s:" in table


def test_scaling_runs_each_size_in_its_own_process(run_benchmark, tiny_articles, tmp_path):
    out = tmp_path / "speed"
    # The tiny file holds 6 distinct articles: 9 cannot be run and is said so.
    args = ["--articles", str(tiny_articles), "--skip", "floors,warm,cold,throughput", "--sizes", "4,9"]
    done = run_benchmark("speed", *args, "--out", str(out))
    assert done.returncode == 0, done.stderr
    scaling = _results(out)["scaling"]
    assert scaling["distinct_articles_available"] == 6 and scaling["skipped"] == [9]
    (point,) = scaling["points"]
    assert point["articles"] == 4 and point["sentences"] > 0 and point["digest_s"] > 0 and point["digest_cpu_s"] > 0
    assert point["embed_s"] > 0 and point["other_stages_s"] > 0 and point["process_s"] > point["digest_s"]
    assert point["peak_rss_mb"] >= point["peak_rss_after_load_mb"] > 50  # a model is in there
    assert point["backend"] == "onnx"  # a small input starts faster without torch
    table = Path(f"{out}.md").read_text(encoding="utf-8")
    assert "## Scaling" in table and "| 4 |" in table


def test_unknown_part_is_refused(run_benchmark, tmp_path):
    done = run_benchmark("speed", "--skip", "warmup", "--out", str(tmp_path / "speed"))
    assert done.returncode != 0 and "unknown part" in done.stderr
