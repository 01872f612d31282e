"""POST /v1/stories: a mixed feed in, one digest per story; the limits and errors of /v1/digest."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from api_helpers import FakeSummarizer, assert_problem, body_of

from tests.builders import fake_summarizer
from tests.stories.builders import QUAKE_NORTH, QUAKE_SOUTH, mixed_feed


@pytest.fixture
def stories_client(make_client):
    return make_client(fake_summarizer(), max_articles=10)


def test_a_mixed_feed_comes_back_as_stories_each_with_its_own_digest(stories_client):
    feed = mixed_feed()
    response = stories_client.post("/v1/stories", json=body_of(feed, max_words=60))
    assert response.status_code == 200, response.text
    answer = response.json()
    stories = answer["stories"]
    assert sorted(i for s in stories for i in s["articles"]) == sorted(a.id for a in feed)
    assert {frozenset(s["articles"]) for s in stories} >= {
        frozenset(a.id for a in QUAKE_NORTH),
        frozenset(a.id for a in QUAKE_SOUTH),
    }
    assert [s["id"] for s in stories] == [f"s{i}" for i in range(1, len(stories) + 1)]
    assert [s["sources"] for s in stories] == sorted((s["sources"] for s in stories), reverse=True)
    texts = {a.id: a.text for a in feed}
    for story in stories:
        members = set(story["articles"])
        assert {r["id"] for r in story["digest"]["articles"]} == members
        for point in story["digest"]["points"]:
            for c in point["citations"]:
                assert c["article_id"] in members
                assert texts[c["article_id"]][c["start"] : c["end"]] == c["text"]
        for conflict in story["digest"]["conflicts"]:  # only ever within one story
            assert {claim["article_id"] for claim in conflict["claims"]} <= members
    meta = answer["meta"]
    assert (meta["articles"], meta["stories"], meta["skipped"]) == (len(feed), len(stories), [])
    assert set(meta["timings_ms"]) == {"group", "digests", "total"}


def test_include_text_carries_each_articles_text(stories_client):
    response = stories_client.post("/v1/stories", json=body_of(QUAKE_NORTH, include_text=True))
    assert response.status_code == 200, response.text
    reports = [r for s in response.json()["stories"] for r in s["digest"]["articles"]]
    assert {r["id"]: r["text"] for r in reports} == {a.id: a.text for a in QUAKE_NORTH}


BAD_REQUESTS: list[tuple[str, dict[str, Any], int]] = [
    ("over max_articles", {"json": body_of(mixed_feed() * 2)}, 422),
    ("max_words too small", {"json": body_of(QUAKE_NORTH, max_words=1)}, 422),
    ("no articles", {"json": {"articles": []}}, 422),
    ("not JSON", {"content": b"{", "headers": {"content-type": "application/json"}}, 400),
    ("not declared JSON", {"content": b"{}", "headers": {"content-type": "text/plain"}}, 415),
]


@pytest.mark.parametrize(("case", "request_args", "status"), BAD_REQUESTS, ids=[c[0] for c in BAD_REQUESTS])
def test_a_bad_request_gets_the_same_problem_as_from_digest(stories_client, case, request_args, status):
    from_digest = assert_problem(stories_client.post("/v1/digest", **request_args), status)
    from_stories = assert_problem(stories_client.post("/v1/stories", **request_args), status)
    assert from_stories["type"] == from_digest["type"]
    assert from_stories.get("limit") == from_digest.get("limit")


def test_while_the_model_loads_stories_answer_503_with_retry_after(make_client):
    gate = threading.Event()
    client = make_client(FakeSummarizer(load_gate=gate), wait_ready=False)
    try:
        response = client.post("/v1/stories", json=body_of(QUAKE_NORTH))
        assert_problem(response, 503)
        assert response.headers["retry-after"]
    finally:
        gate.set()


def test_stories_need_the_api_key_when_keys_are_set(make_client):
    client = make_client(fake_summarizer(), api_keys="k1")
    assert_problem(client.post("/v1/stories", json=body_of(QUAKE_NORTH)), 401)
    assert client.post("/v1/stories", json=body_of(QUAKE_NORTH), headers={"X-API-Key": "k1"}).status_code == 200
