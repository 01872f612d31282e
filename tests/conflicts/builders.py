"""Builders for the conflict tests: sentences with exact spans, sentence vectors, one-call finding."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import numpy as np

from summarizer.conflicts import NumericConflictFinder
from summarizer.types import Article, Conflict, Sentence


def sentences_of(articles: Sequence[Article]) -> list[Sentence]:
    """Sentence records with exact spans, one per line-and-full-stop piece (independent of segment.py)."""
    found: list[Sentence] = []
    for index, article in enumerate(articles):
        position = 0
        for match in re.finditer(r"[^\n]+?(?:[.!?](?=\s|$)|$)", article.text, flags=re.MULTILINE):
            start = match.start() + len(match.group()) - len(match.group().lstrip())
            text = match.group().strip()
            if len(text.split()) >= 4:
                found.append(Sentence(article.id, index, start, start + len(text), text, position))
                position += 1
    return found


def same_vectors(n: int) -> np.ndarray:
    """Every sentence equally alike, so only the figures and their frames decide."""
    return np.full((n, 4), 0.5, dtype=np.float32)


def two_vectors(cosine: float) -> np.ndarray:
    """Two unit rows whose cosine is ``cosine``: sentences exactly that alike."""
    return np.array([[1.0, 0.0], [cosine, math.sqrt(1 - cosine**2)]], dtype=np.float32)


def find(
    *texts: str, finder: NumericConflictFinder | None = None, embeddings: np.ndarray | None = None
) -> tuple[Conflict, ...]:
    articles = [Article(id=f"a{i}", text=text) for i, text in enumerate(texts)]
    sentences = sentences_of(articles)
    vectors = same_vectors(len(sentences)) if embeddings is None else embeddings
    return (finder or NumericConflictFinder()).find(sentences, vectors)


def claims_by_article(conflict: Conflict) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for claim in conflict.claims:
        found.setdefault(claim.article_id, set()).add(claim.value)
    return found
