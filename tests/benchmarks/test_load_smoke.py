"""The load benchmark's requests and report, without starting a server (that takes minutes: run it by hand)."""

from __future__ import annotations

import json
from pathlib import Path

from api.settings import DEFAULT_MAX_ARTICLE_CHARS, DEFAULT_MAX_BODY_BYTES, Settings
from benchmarks.load import (
    MEGABYTE_ARTICLES,
    MEGABYTE_SENTENCE_CHARS,
    Sample,
    first_sight_bodies,
    machine_info,
    megabyte_body,
    percentile,
    summarise,
    to_markdown,
)


def test_the_megabyte_is_inside_every_default_limit_and_one_sentence_an_article() -> None:
    body = megabyte_body()
    assert len(body["articles"]) == MEGABYTE_ARTICLES <= Settings().max_articles
    for article in body["articles"]:
        text = article["text"]
        assert len(text) == MEGABYTE_SENTENCE_CHARS <= DEFAULT_MAX_ARTICLE_CHARS
        assert text.endswith(".") and text.count(".") == 1
    assert len({a["text"] for a in body["articles"]}) == MEGABYTE_ARTICLES  # ten different articles
    assert 0.9 * DEFAULT_MAX_BODY_BYTES < len(json.dumps(body).encode()) <= DEFAULT_MAX_BODY_BYTES


def test_first_sight_bodies_are_one_cluster_each_within_the_limits(tiny_data: Path) -> None:
    bodies = first_sight_bodies(tiny_data)
    assert bodies
    ids = [a["id"] for body in bodies for a in body["articles"]]
    assert len(ids) == len(set(ids))  # never the same article twice: every request is first sight
    assert all(len(json.dumps(body).encode()) <= DEFAULT_MAX_BODY_BYTES for body in bodies)


def test_percentiles_are_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert (percentile(values, 50), percentile(values, 95), percentile(values, 99)) == (50.0, 95.0, 99.0)
    assert percentile([], 50) is None


def test_the_report_has_a_row_per_phase_and_a_paragraph_per_case() -> None:
    ok = [Sample("digest", 200, 0.5 + i / 10, float(i)) for i in range(10)]
    refused = [Sample("megabyte", 422, 10.2, 0.0)]
    phases = [
        summarise("seeds x1", 1, ok, (100, 101)),
        summarise("first sight x4", 4, ok, (101, 102)),
        summarise("overload", 48, ok + [Sample("digest", 503, 0.01, 1.0)], (102, 102)) | {"drain_s": 0.1},
        summarise("soak (mixed)", 8, ok, (102, 102)) | {"by_kind": {"health": {"200": 10}}},
    ]
    megabyte = summarise("megabyte", 1, refused, (102, 103)) | {"detail": "send fewer or shorter articles"}
    result = {
        "machine": machine_info(),
        "server": {"settings": "defaults", "ready": {"model": "m", "device": "cpu"}},
        "phases": [*phases, megabyte],
        "megabyte": {"megabyte": megabyte, "normal": phases[0], "normal_max_ms": 1400.0},
        "abandoned": {
            "clients": 20,
            "hang_up_after_s": 0.2,
            "next_request_status": 200,
            "next_request_ms": 300.0,
            "busy_for_s": 1.2,
            "server_statuses": {"499": 2, "503": 17, "200": 1},
        },  # fmt: skip
        "concurrency": {
            "sets": 8,
            "lone_errors": 0,
            "levels": [{"in_flight": 2, "identical": 8, "compared": 8, "errors": []}],
        },
        "memory": {"rss_mb_ready": 100.0, "rss_mb_end": 102.0, "rss_mb_max": 103.0, "soak_requests": 10, "samples": []},
    }
    report = to_markdown(result)
    for row in ("| seeds x1 |", "| first sight x4 |", "| megabyte |", "| overload |"):
        assert row in report
    for paragraph in ("**One-sentence megabyte", "send fewer or shorter articles", "**Abandoned requests.**",
                      "2 in flight: 8 of 8 identical", "**Overload.**", "**Memory.**"):  # fmt: skip
        assert paragraph in report, paragraph
