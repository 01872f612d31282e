"""The digest over HTTP on the real model: the contract's JSON, exact offsets, the library's errors."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from api_helpers import assert_problem, body_of
from fastapi.testclient import TestClient

from api import Settings, create_app
from summarizer import Article, Summarizer

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def real_client(real_summarizer: Summarizer) -> Iterator[TestClient]:
    with pytest.MonkeyPatch.context() as env:
        for name in [n for n in os.environ if n.startswith("SUMMARIZER_")]:
            env.delenv(name)
        app = create_app(Settings(), real_summarizer)
    with TestClient(app) as client:
        assert app.state.loader.wait(timeout=30)
        yield client


@pytest.fixture(scope="module")
def seed_digest(real_client: TestClient, seed_articles: list[Article]) -> dict[str, Any]:
    response = real_client.post("/v1/digest", json=body_of(seed_articles))
    assert response.status_code == 200, response.text
    return response.json()


def test_readiness_names_the_real_model(real_client: TestClient) -> None:
    ready = real_client.get("/readyz").json()
    assert ready["status"] == "ready"
    assert "MiniLM" in ready["model"] and ready["device"] == "cpu"


def test_the_seed_digest_has_the_contract_shape(seed_digest: dict[str, Any], seed_articles: list[Article]) -> None:
    assert set(seed_digest) >= {"points", "conflicts", "articles", "meta"}
    assert seed_digest["points"], "the seeds share an event: the digest cannot be empty"
    assert [a["id"] for a in seed_digest["articles"]] == [a.id for a in seed_articles]
    for report in seed_digest["articles"]:
        assert report["sentences"] >= 0 and report["duplicates_removed"] >= 0
    assert seed_digest["meta"]["model"] and seed_digest["meta"]["device"] == "cpu"
    assert seed_digest["meta"]["timings_ms"]["total"] > 0


def test_every_citation_is_an_exact_span_of_the_text_sent(
    seed_digest: dict[str, Any], seed_articles: list[Article]
) -> None:
    texts = {a.id: a.text for a in seed_articles}
    spans = [c for p in seed_digest["points"] for c in p["citations"]]
    spans += [claim for conflict in seed_digest["conflicts"] for claim in conflict["claims"]]
    assert spans
    for span in spans:
        assert texts[span["article_id"]][span["start"] : span["end"]] == span["text"]


def test_support_counts_the_distinct_articles_cited(seed_digest: dict[str, Any]) -> None:
    for point in seed_digest["points"]:
        ids = [c["article_id"] for c in point["citations"]]
        assert point["support"] == len(set(ids)) == len(ids)  # one citation per supporting article
    assert max(p["support"] for p in seed_digest["points"]) > 1  # the seeds repeat each other


def test_the_service_returns_what_the_library_returns(
    seed_digest: dict[str, Any], seed_articles: list[Article], real_summarizer: Summarizer
) -> None:
    direct = real_summarizer.summarize(seed_articles, max_words=Settings().default_max_words).to_dict()
    assert seed_digest["points"] == direct["points"]
    assert seed_digest["conflicts"] == direct["conflicts"]
    assert seed_digest["articles"] == direct["articles"]


def test_a_smaller_word_budget_gives_a_shorter_digest(real_client: TestClient, seed_articles: list[Article]) -> None:
    three = seed_articles[:3]
    short = real_client.post("/v1/digest", json=body_of(three, max_words=30)).json()
    long = real_client.post("/v1/digest", json=body_of(three, max_words=300)).json()
    words = [sum(len(p["text"].split()) for p in d["points"]) for d in (short, long)]
    assert 0 < words[0] < words[1]
    assert len(short["points"]) < len(long["points"])


def test_crlf_and_unicode_texts_keep_exact_offsets(real_client: TestClient, seed_articles: list[Article]) -> None:
    # Offsets are into the text as sent: CRLF line ends and non-ASCII characters must not shift them.
    articles = [
        Article(id=f"crlf-{a.id}", text="Ünïcode — “quoted” intro.\r\n" + a.text.replace("\n", "\r\n"))
        for a in seed_articles[:3]
    ]
    response = real_client.post("/v1/digest", json=body_of(articles))
    assert response.status_code == 200, response.text
    texts = {a.id: a.text for a in articles}
    for point in response.json()["points"]:
        for c in point["citations"]:
            assert texts[c["article_id"]][c["start"] : c["end"]] == c["text"]


def test_articles_with_nothing_but_boilerplate_are_422(real_client: TestClient) -> None:
    boilerplate = [
        {"id": "links", "text": "Related Sources:\nhttp://example.com/a\nhttp://example.com/b\n"},
        {"id": "labels", "text": "World News\nAdvertisement\nSubscribe to our newsletter.\n"},
    ]
    response = real_client.post("/v1/digest", json={"articles": boilerplate})
    assert_problem(response, 422, kind="no-content", mentions="boilerplate")


def test_a_single_article_is_digested(real_client: TestClient, seed_articles: list[Article]) -> None:
    response = real_client.post("/v1/digest", json=body_of(seed_articles[:1], max_words=60))
    assert response.status_code == 200, response.text
    points = response.json()["points"]
    assert points and all(p["support"] == 1 for p in points)
