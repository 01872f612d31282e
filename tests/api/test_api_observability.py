"""One structured log line per request, request ids, and Prometheus metrics."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from api_helpers import FakeSummarizer, small_body
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from api.logs import JsonFormatter, RequestIdFilter, configure_logging


def access_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "api.access"]


def samples(client: TestClient) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    text = client.get("/metrics").text
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def test_each_request_logs_one_line_with_id_status_duration_and_article_count(
    make_client: Any, caplog: pytest.LogCaptureFixture
) -> None:
    client = make_client(max_articles=3)
    with caplog.at_level(logging.INFO, logger="api.access"):
        ok = client.post("/v1/digest", json=small_body(3))
        over = client.post("/v1/digest", json=small_body(4))
        bad = client.post("/v1/digest", json={"articles": "none"})
        health = client.get("/healthz")
    records = access_records(caplog)
    assert len(records) == 4
    by_id = {r.request_id: r for r in records}  # type: ignore[attr-defined]
    # The count is logged once the body parsed; an unparsable body has none.
    for response, status, articles in ((ok, 200, 3), (over, 422, 4), (bad, 422, None), (health, 200, None)):
        record = by_id[response.headers["x-request-id"]]
        assert record.status == status  # type: ignore[attr-defined]
        assert record.articles == articles  # type: ignore[attr-defined]
        assert record.duration_ms >= 0  # type: ignore[attr-defined]
        assert record.method in {"GET", "POST"}  # type: ignore[attr-defined]


def test_the_log_line_is_one_json_object(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="api.access"):
        response = client.post("/v1/digest", json=small_body(2))
    line = JsonFormatter().format(access_records(caplog)[0])
    assert "\n" not in line
    fields = json.loads(line)
    assert fields["request_id"] == response.headers["x-request-id"]
    assert (fields["status"], fields["articles"], fields["path"]) == (200, 2, "/v1/digest")
    assert fields["level"] == "INFO" and "time" in fields and "duration_ms" in fields


def test_a_plain_caller_request_id_is_kept_and_a_strange_one_replaced(client: TestClient) -> None:
    kept = client.get("/healthz", headers={"x-request-id": "edit-desk.42"})
    assert kept.headers["x-request-id"] == "edit-desk.42"
    replaced = client.get("/healthz", headers={"x-request-id": "bad id\twith spaces" + "x" * 200})
    assert len(replaced.headers["x-request-id"]) == 32
    assert client.get("/healthz").headers["x-request-id"] != client.get("/healthz").headers["x-request-id"]


def test_metrics_count_requests_by_status_and_time_them(client: TestClient) -> None:
    client.post("/v1/digest", json=small_body())
    client.post("/v1/digest", json=small_body())
    client.post("/v1/digest", json={"articles": []})
    client.get("/no/such/path/123")
    values = samples(client)

    def requests(status: str, path: str = "/v1/digest", method: str = "POST") -> float:
        labels = frozenset({"method": method, "path": path, "status": status}.items())
        return values.get(("summarizer_http_requests_total", labels), 0.0)

    assert requests("200") == 2
    assert requests("422") == 1
    assert requests("404", path="other", method="GET") == 1  # unknown paths share one label
    count = values[
        ("summarizer_http_request_duration_seconds_count", frozenset({"method": "POST", "path": "/v1/digest"}.items()))
    ]
    assert count == 3
    assert values[("summarizer_digests_in_flight", frozenset())] == 0
    assert values[("summarizer_model_ready", frozenset())] == 1
    assert any(name == "process_resident_memory_bytes" for name, _ in values)


def test_metrics_of_two_apps_do_not_mix(make_client: Any) -> None:
    first, second = make_client(), make_client()
    first.post("/v1/digest", json=small_body())
    labels = frozenset({"method": "POST", "path": "/v1/digest", "status": "200"}.items())
    assert samples(first)[("summarizer_http_requests_total", labels)] == 1
    assert ("summarizer_http_requests_total", labels) not in samples(second)


def test_library_log_lines_carry_the_request_id(make_client: Any, caplog: pytest.LogCaptureFixture) -> None:
    """Records logged while a digest runs (in a worker thread) are stamped with the request's id."""

    class TalkingFake(FakeSummarizer):
        def summarize(self, articles: Any, *, max_words: int) -> Any:
            logging.getLogger("summarizer.pipeline").info("embedding %d articles", len(articles))
            return super().summarize(articles, max_words=max_words)

    client = make_client(TalkingFake())
    caplog.handler.addFilter(RequestIdFilter())
    with caplog.at_level(logging.INFO):
        response = client.post("/v1/digest", json=small_body(2))
    stage = [r for r in caplog.records if r.name == "summarizer.pipeline"]
    assert [getattr(r, "request_id", None) for r in stage] == [response.headers["x-request-id"]]


def test_configure_logging_keeps_info_to_one_line_per_request() -> None:
    root, library = logging.getLogger(), logging.getLogger("summarizer")
    saved = (root.handlers[:], root.level, library.level)
    try:
        configure_logging("INFO")
        assert library.getEffectiveLevel() == logging.WARNING  # stage timings only at DEBUG
        assert isinstance(root.handlers[0].formatter, JsonFormatter)
        configure_logging("DEBUG")
        assert library.getEffectiveLevel() == logging.DEBUG
    finally:
        root.handlers[:], _, _ = saved
        root.setLevel(saved[1])
        library.setLevel(saved[2])
