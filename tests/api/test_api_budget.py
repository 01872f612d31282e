"""Bounded work per request: a digest past SUMMARIZER_TIME_BUDGET_S is a clear problem, and the slot is free again."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from api_helpers import FakeSummarizer, assert_problem, body_of, small_body

from summarizer import Article, BudgetExceededError, Digest, Summarizer

TEN_ONE_SENTENCE_ARTICLES = 10
ONE_SENTENCE_CHARS = 99_999


def over_budget(seconds: float = 10.0) -> BudgetExceededError:
    return BudgetExceededError("ran past its time budget", seconds=seconds, stage="embed")


class BudgetFake(FakeSummarizer):
    """Articles whose id starts with "costly" run past the budget; "held" ones wait for the gate."""

    def summarize(self, articles: Sequence[Article], *, max_words: int) -> Digest:
        if articles[0].id.startswith("held") and self.gate is not None:
            self.entered.release()
            self.gate.wait(timeout=30)
        if articles[0].id.startswith("costly"):
            raise over_budget()
        return super().summarize(articles, max_words=max_words)


def costly_body() -> dict[str, Any]:
    return {"articles": [{"id": "costly", "text": "A long story."}]}


def test_a_digest_past_its_budget_alone_is_422_saying_send_less(make_client: Any) -> None:
    client = make_client(BudgetFake(), time_budget_s=10)
    problem = assert_problem(
        client.post("/v1/digest", json=costly_body()), 422, kind="too-costly", mentions="fewer or shorter articles"
    )
    assert (problem["limit"], problem["maximum"], problem["stage"]) == ("SUMMARIZER_TIME_BUDGET_S", 10.0, "embed")
    assert client.post("/v1/digest", json=small_body()).status_code == 200  # the slot came back


def test_a_digest_past_its_budget_beside_others_is_503_busy(make_client: Any) -> None:
    gate = threading.Event()
    fake = BudgetFake(gate=gate)
    client = make_client(fake, max_in_flight=2, max_queue=0, retry_after_s=4)
    with ThreadPoolExecutor(1) as pool:
        held = pool.submit(client.post, "/v1/digest", json={"articles": [{"id": "held", "text": "Wait."}]})
        assert fake.entered.acquire(timeout=5)
        shared = client.post("/v1/digest", json=costly_body())
        gate.set()
        assert held.result(timeout=10).status_code == 200
    assert_problem(shared, 503, kind="busy", mentions="retry")
    assert shared.headers["retry-after"] == "4"


def test_the_service_gives_the_library_its_budget() -> None:
    from api import Settings, create_app

    app = create_app(Settings(time_budget_s=7.5))
    assert app.state.loader.summarizer.time_budget_s == 7.5


@pytest.mark.model
def test_ten_one_sentence_articles_of_a_hundred_thousand_characters_are_refused_not_computed(
    make_client: Any, real_summarizer: Summarizer, seed_articles: list[Article]
) -> None:
    """Issue 12.1's request: inside every limit (~1 MB), it held the service for a minute and answered
    an empty 200. It now gets a 4xx that says what to send instead, and the next request is served."""
    model = getattr(real_summarizer.embedder, "inner", real_summarizer.embedder)
    budgeted = Summarizer(embedder=model, time_budget_s=10)
    client = make_client(budgeted)
    sentence = ("word " * (ONE_SENTENCE_CHARS // 5))[: ONE_SENTENCE_CHARS - 1] + "."
    articles = [Article(id=f"run-on-{i}", text=sentence) for i in range(TEN_ONE_SENTENCE_ARTICLES)]
    response = client.post("/v1/digest", json=body_of(articles))
    problem = assert_problem(response, 422)
    assert problem["type"].rsplit(":", 1)[-1] in {"no-content", "too-costly", "limit-exceeded"}, problem
    assert any(word in problem["detail"] for word in ("shorter", "sentence", "fewer")), problem["detail"]
    assert client.post("/v1/digest", json=body_of(seed_articles[:2])).status_code == 200
