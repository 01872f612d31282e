"""Digests computed at the same time (SUMMARIZER_MAX_IN_FLIGHT 2 and 4, real model) are the lone run's digests.

Every stage is shared by the threads that run digests at once (the segmenter, the
model, the conflict parser); a stage that keeps state between calls would make
concurrent digests differ from the same request served alone.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from api_helpers import body_of

from summarizer import Article, Summarizer

pytestmark = pytest.mark.model

REQUESTS_PER_LEVEL = 6  # two of each set, all sent at once


def sharing(real_summarizer: Summarizer) -> Summarizer:
    """A summariser on the session's loaded model, with an embedding cache of its own (empty)."""
    summarizer = Summarizer(embedder=getattr(real_summarizer.embedder, "inner", real_summarizer.embedder))
    summarizer.load()
    return summarizer


def article_sets(seeds: list[Article]) -> list[list[Article]]:
    """Overlapping sets of the seeds: each digest differs, and sentences recur across them."""
    return [seeds[0:3], seeds[2:5], [seeds[4], seeds[1], seeds[3]]]


def comparable(digest: dict[str, Any]) -> dict[str, Any]:
    return {key: digest[key] for key in ("points", "conflicts", "articles")}  # meta holds timings


@pytest.mark.parametrize("in_flight", [2, 4])
def test_concurrent_digests_equal_the_lone_ones(
    make_client: Any, real_summarizer: Summarizer, seed_articles: list[Article], in_flight: int
) -> None:
    sets = article_sets(seed_articles)
    # Two summarisers on one model, each with its own empty cache: both runs embed every sentence.
    alone = make_client(sharing(real_summarizer))
    lone = []
    for articles in sets:
        response = alone.post("/v1/digest", json=body_of(articles))
        assert response.status_code == 200, response.text
        lone.append(comparable(response.json()))

    together = make_client(sharing(real_summarizer), max_in_flight=in_flight, max_queue=REQUESTS_PER_LEVEL)
    order = [i % len(sets) for i in range(REQUESTS_PER_LEVEL)]
    with ThreadPoolExecutor(max_workers=REQUESTS_PER_LEVEL) as pool:
        responses = list(pool.map(lambda i: together.post("/v1/digest", json=body_of(sets[i])), order))
    for index, response in zip(order, responses, strict=True):
        assert response.status_code == 200, response.text
        assert comparable(response.json()) == lone[index]
