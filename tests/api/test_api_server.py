"""End to end: the real server (uvicorn, ``python -m api``) in its own process on a loopback port."""

from __future__ import annotations

import json
import signal
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from api_helpers import body_of

from api.testing import serve
from summarizer import Article

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[2]
SMALL_BODY_LIMIT = 200_000


def test_the_server_serves_the_seeds_and_stops_cleanly(seed_articles: list[Article], tmp_path: Path) -> None:
    # A loaded CI machine can be slow on the first digest of a fresh process: room below the grace period.
    settings = {"device": "cpu", "max_body_bytes": str(SMALL_BODY_LIMIT), "api_keys": "e2e-key", "time_budget_s": "25"}
    server_log = tmp_path / "server.log"
    with (
        serve(settings=settings, log_path=server_log, cwd=ROOT) as server,
        httpx.Client(base_url=server.base_url, timeout=120) as client,
    ):
        assert client.get("/healthz").json() == {"status": "ok"}
        assert client.get("/readyz").json()["status"] == "ready"
        assert client.post("/v1/digest", json=body_of(seed_articles)).status_code == 401

        response = client.post("/v1/digest", json=body_of(seed_articles), headers={"X-API-Key": "e2e-key"})
        assert response.status_code == 200, response.text
        digest = response.json()
        texts = {a.id: a.text for a in seed_articles}
        assert digest["points"]
        for point in digest["points"]:
            for c in point["citations"]:
                assert texts[c["article_id"]][c["start"] : c["end"]] == c["text"]
        digest_request_id = response.headers["x-request-id"]

        # A chunked body (no Content-Length) is cut off at the limit, as problem+json.
        def chunks() -> Iterator[bytes]:
            yield b'{"articles": [{"id": "a", "text": "'
            for _ in range(SMALL_BODY_LIMIT // 10_000 + 5):
                yield b"x" * 10_000
            yield b'"}]}'

        too_big = client.post(
            "/v1/digest",
            content=chunks(),
            headers={"content-type": "application/json", "x-api-key": "e2e-key"},
        )
        assert too_big.status_code == 413
        assert too_big.headers["content-type"] == "application/problem+json"
        assert "SUMMARIZER_MAX_BODY_BYTES" in too_big.json()["detail"]

        metrics = client.get("/metrics", headers={"Authorization": "Bearer e2e-key"}).text
        assert 'summarizer_http_requests_total{method="POST",path="/v1/digest",status="200"} 1.0' in metrics

    # Graceful stop: uvicorn finishes and exits 0, or re-raises the SIGTERM it handled.
    assert server.returncode in (0, -signal.SIGTERM), server.log_text()[-2000:]
    assert "Application shutdown complete." in server.log_text()
    lines = [json.loads(line) for line in server.log_text().splitlines() if line.startswith("{")]
    access = [line for line in lines if line["logger"] == "api.access"]
    digest_line = next(line for line in access if line["request_id"] == digest_request_id)
    assert (digest_line["status"], digest_line["articles"]) == (200, len(seed_articles))
    assert any(line["logger"] == "api.model" and line["message"] == "model loaded" for line in lines)
