"""Helpers for the service tests: a fake summariser, request bodies, problem checks."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from summarizer import Article, ArticleReport, Citation, Digest, Point

FAKE_MODEL = "fake-model"


class FakeSummarizer:
    """Cites each article's first line; can be told to fail, to block, or to load slowly.

    ``gate``: summarize waits until it is set (to hold digests in flight);
    ``load_gate``: load waits until it is set (to keep the service unready);
    ``raises``: summarize raises it; ``load_error``: load raises it.
    """

    def __init__(
        self,
        *,
        raises: BaseException | None = None,
        load_error: BaseException | None = None,
        gate: threading.Event | None = None,
        load_gate: threading.Event | None = None,
    ) -> None:
        self.raises = raises
        self.load_error = load_error
        self.gate = gate
        self.load_gate = load_gate
        self.calls: list[tuple[list[Article], int]] = []
        self.entered = threading.Semaphore(0)
        self._loaded = False

    @property
    def is_loaded(self) -> bool:
        return self._loaded

    @property
    def model_name(self) -> str:
        return FAKE_MODEL

    @property
    def device(self) -> str:
        return "cpu"

    def load(self) -> None:
        if self.load_gate is not None:
            self.load_gate.wait(timeout=30)
        if self.load_error is not None:
            raise self.load_error
        self._loaded = True

    def summarize(self, articles: Sequence[Article], *, max_words: int) -> Digest:
        self.calls.append((list(articles), max_words))
        self.entered.release()
        if self.gate is not None:
            self.gate.wait(timeout=30)
        if self.raises is not None:
            raise self.raises
        points = []
        for article in articles:
            end = article.text.find("\n")
            end = len(article.text) if end <= 0 else end
            citation = Citation(article_id=article.id, start=0, end=end, text=article.text[:end])
            points.append(Point(text=citation.text, citations=(citation,)))
        reports = tuple(ArticleReport(id=a.id, title=a.title, sentences=1, duplicates_removed=0) for a in articles)
        meta = {"model": self.model_name, "device": "cpu", "rewrite_model": None, "max_words": max_words,
                "timings_ms": {"total": 0.0}}  # fmt: skip
        return Digest(points=tuple(points), conflicts=(), articles=reports, meta=meta)


def body_of(articles: Sequence[Article], **extra: Any) -> dict[str, Any]:
    """A digest request body for ``articles``."""
    return {"articles": [{"id": a.id, "text": a.text, "title": a.title} for a in articles], **extra}


def small_body(n: int = 2, **extra: Any) -> dict[str, Any]:
    """A valid body of ``n`` short articles."""
    articles = [Article(id=f"a{i}", text=f"Story {i} happened on Monday.\nMore on story {i}.") for i in range(n)]
    return body_of(articles, **extra)


def assert_problem(
    response: Any, status: int, *, kind: str | None = None, mentions: str | None = None
) -> dict[str, Any]:
    """Checks an RFC 9457 answer and returns its body."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == status
    assert problem["title"] and problem["detail"]
    assert problem["request_id"] == response.headers["x-request-id"]
    if kind is not None:
        assert problem["type"] == f"urn:summarizer:problem:{kind}"
    if mentions is not None:
        assert mentions in problem["detail"], problem["detail"]
    return problem
