"""Operator-set limits: 413 for the body size, 422 for limits on its content, each naming the setting."""

from __future__ import annotations

import json
from typing import Any

import anyio
import pytest
from api_helpers import FakeSummarizer, assert_problem, small_body

from api import Settings, create_app


def test_a_declared_body_over_the_limit_is_413_before_anything_else(make_client: Any) -> None:
    client = make_client(max_body_bytes=1_000, api_keys="k")
    big = json.dumps(small_body(40)).encode()
    assert len(big) > 1_000
    # Even without a key and with a wrong content type: the size is checked first, from Content-Length.
    response = client.post("/v1/digest", content=big, headers={"content-type": "text/plain"})
    problem = assert_problem(response, 413, kind="body-too-large", mentions="SUMMARIZER_MAX_BODY_BYTES")
    assert problem["maximum"] == 1_000
    assert "1000 bytes" in problem["detail"]


def test_a_body_just_under_the_limit_is_served(make_client: Any) -> None:
    body = json.dumps(small_body(3)).encode()
    client = make_client(max_body_bytes=len(body))
    response = client.post("/v1/digest", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 200


def test_a_chunked_body_is_stopped_as_soon_as_it_passes_the_limit() -> None:
    """Drives the ASGI app by hand: no Content-Length, the body arrives in chunks."""
    app = create_app(Settings(max_body_bytes=10_000), FakeSummarizer())
    app.state.loader.start()
    assert app.state.loader.wait(5)
    chunk = b" " * 1_000
    pulled = 0
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal pulled
        pulled += 1
        if pulled > 100:  # a client that would send 100 kB
            return {"type": "http.disconnect"}
        return {"type": "http.request", "body": chunk, "more_body": pulled < 100}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/v1/digest",
        "raw_path": b"/v1/digest",
        "root_path": "",
        "query_string": b"",
        "headers": [(b"content-type", b"application/json"), (b"transfer-encoding", b"chunked")],
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }
    anyio.run(app, scope, receive, send)
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    assert start["status"] == 413
    assert (b"content-type", b"application/problem+json") in start["headers"]
    assert b"SUMMARIZER_MAX_BODY_BYTES" in body
    assert pulled == 11  # stopped at the first chunk past 10 kB, not after reading all 100


def test_too_many_articles_is_422_naming_the_limit(make_client: Any) -> None:
    client = make_client(max_articles=3)
    assert client.post("/v1/digest", json=small_body(3)).status_code == 200
    problem = assert_problem(
        client.post("/v1/digest", json=small_body(4)), 422, kind="limit-exceeded", mentions="SUMMARIZER_MAX_ARTICLES=3"
    )
    assert (problem["limit"], problem["maximum"], problem["actual"]) == ("SUMMARIZER_MAX_ARTICLES", 3, 4)


def test_an_article_over_the_character_limit_is_422_naming_it(make_client: Any) -> None:
    client = make_client(max_article_chars=50)
    body = {"articles": [{"id": "short", "text": "x" * 50}, {"id": "long", "text": "y" * 51}]}
    problem = assert_problem(client.post("/v1/digest", json=body), 422, mentions="SUMMARIZER_MAX_ARTICLE_CHARS=50")
    assert problem["loc"] == "articles[1].text"
    assert "'long'" in problem["detail"]
    assert problem["actual"] == 51


def test_characters_not_bytes_are_counted(make_client: Any) -> None:
    client = make_client(max_article_chars=10)
    body = {"articles": [{"id": "a", "text": "é€😀" * 3}]}  # 9 characters, 27 bytes in UTF-8
    assert client.post("/v1/digest", json=body).status_code == 200


@pytest.mark.parametrize(
    ("max_words", "setting"), [(4, "SUMMARIZER_MIN_MAX_WORDS=5"), (0, "SUMMARIZER_MIN_MAX_WORDS=5"),
                               (-3, "SUMMARIZER_MIN_MAX_WORDS=5"), (301, "SUMMARIZER_MAX_MAX_WORDS=300")],
)  # fmt: skip
def test_max_words_out_of_range_is_422_naming_the_limit(make_client: Any, max_words: int, setting: str) -> None:
    client = make_client(min_max_words=5, max_max_words=300)
    problem = assert_problem(
        client.post("/v1/digest", json=small_body(1, max_words=max_words)), 422, kind="limit-exceeded", mentions=setting
    )
    assert problem["loc"] == "max_words"


@pytest.mark.parametrize("max_words", [5, 300])
def test_max_words_at_the_bounds_is_served(make_client: Any, max_words: int) -> None:
    client = make_client(min_max_words=5, max_max_words=300)
    assert client.post("/v1/digest", json=small_body(1, max_words=max_words)).status_code == 200


def test_the_openapi_schema_states_the_configured_limits(make_client: Any) -> None:
    client = make_client(max_articles=7, max_article_chars=999, min_max_words=15, max_max_words=250)
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    assert schemas["DigestRequest"]["properties"]["articles"]["maxItems"] == 7
    assert schemas["ArticleIn"]["properties"]["text"]["maxLength"] == 999
    integer = next(o for o in schemas["DigestRequest"]["properties"]["max_words"]["anyOf"] if o["type"] == "integer")
    assert (integer["minimum"], integer["maximum"]) == (15, 250)
