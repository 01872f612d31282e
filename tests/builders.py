"""Builders for tiny inputs used across unit tests."""

from __future__ import annotations

from typing import Any

from summarizer.embed import HashingEmbedder
from summarizer.pipeline import Summarizer
from summarizer.types import Article, Conflict


class NoConflicts:
    """Conflict finder that finds nothing: keeps pipeline unit tests free of spaCy."""

    def find(self, sentences, embeddings) -> tuple[Conflict, ...]:
        return ()


def fake_summarizer(**options: Any) -> Summarizer:
    """A Summarizer on the hashing fake: real segmentation, clustering and selection, no model."""
    return Summarizer(embedder=HashingEmbedder(), conflict_finder=NoConflicts(), **options)


def article(article_id: str, *sentences: str) -> Article:
    return Article(id=article_id, text=" ".join(sentences))


# Three outlets on one made-up event; two facts are shared, each has one of its own.
FLOOD_ARTICLES = [
    article(
        "a",
        "Heavy rain flooded the river town of Elmsford on Tuesday, forcing hundreds of families to leave their homes.",
        "The mayor declared a state of emergency after the river burst its banks overnight.",
        "Local bakeries handed out free bread to volunteers working through the night.",
    ),
    article(
        "b",
        "Hundreds of families left their homes in Elmsford on Tuesday after heavy rain flooded the river town.",
        "A state of emergency was declared by the mayor when the river burst its banks overnight.",
        "The town's football club postponed its weekend match against a rival from the coast.",
    ),
    article(
        "c",
        "Heavy rain flooded Elmsford on Tuesday and hundreds of families had to leave their homes in the river town.",
        "Forecasters expect more rain across the northern hills later in the week, with strong winds.",
    ),
]
