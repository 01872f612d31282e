"""Which figures could conflict: cheap, vectorised tests on every figure of a run.

Two figures are comparable when they come from different articles, share a
unit, stand in sentences at least somewhat alike and are within a ratio of
each other; they conflict when, besides, their intervals do not overlap. Only
the sentences of figures with a conflicting partner are parsed afterwards, the
likeliest first, so the parser's cost stays bounded on big inputs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from summarizer.conflicts._frames import Frame
from summarizer.conflicts._quantities import Quantity
from summarizer.types import Sentence

DEFAULT_BLOCK_SIZE = 256  # rows of figures compared at once: memory grows with this, not with the square


@dataclass(frozen=True, slots=True)
class Mention:
    """A figure of ``sentences[sentence]``, with its frame once its sentence is parsed."""

    sentence: int
    quantity: Quantity
    frame: Frame | None = None


@dataclass(frozen=True, slots=True)
class Figures:
    """The figures of a run as arrays, for vectorised comparison."""

    article: np.ndarray
    unit: np.ndarray  # small int per distinct unit
    value: np.ndarray
    low: np.ndarray
    high: np.ndarray

    @classmethod
    def of(cls, mentions: Sequence[Mention], sentences: Sequence[Sentence]) -> Figures:
        codes: dict[str, int] = {}
        return cls(
            np.array([sentences[m.sentence].article_index for m in mentions]),
            np.array([codes.setdefault(m.quantity.unit, len(codes)) for m in mentions]),
            np.array([m.quantity.value for m in mentions]),
            np.array([m.quantity.low for m in mentions]),
            np.array([m.quantity.high for m in mentions]),
        )

    def rows(self, lo: int, hi: int) -> Figures:
        return Figures(*(getattr(self, f)[lo:hi] for f in ("article", "unit", "value", "low", "high")))


def comparable_masks(
    a: Figures, b: Figures, sims: np.ndarray, *, min_context_similarity: float, max_ratio: float
) -> tuple[np.ndarray, np.ndarray]:
    """Masks (comparable, conflicting) for every pair of ``a`` x ``b``; ``sims`` are their sentence cosines."""
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.maximum(a.value[:, None], b.value[None, :]) / np.minimum(a.value[:, None], b.value[None, :])
    comparable = (
        (a.article[:, None] != b.article[None, :])
        & (a.unit[:, None] == b.unit[None, :])
        & (sims >= min_context_similarity)
        & (ratio <= max_ratio)
    )
    disjoint = (a.high[:, None] < b.low[None, :]) | (b.high[None, :] < a.low[:, None])
    return comparable, comparable & disjoint


def best_partner_similarity(
    mentions: list[Mention],
    sentences: Sequence[Sentence],
    embeddings: np.ndarray,
    *,
    min_context_similarity: float,
    max_ratio: float,
    block: int = DEFAULT_BLOCK_SIZE,
) -> np.ndarray:
    """Per figure: the best sentence similarity to a figure of another article it conflicts with (-1: none)."""
    figures = Figures.of(mentions, sentences)
    vectors = embeddings[[m.sentence for m in mentions]]
    best = np.full(len(mentions), -1.0, dtype=np.float32)
    for lo in range(0, len(mentions), block):
        hi = min(lo + block, len(mentions))
        sims = vectors[lo:hi] @ vectors.T
        _, conflicting = comparable_masks(
            figures.rows(lo, hi), figures, sims, min_context_similarity=min_context_similarity, max_ratio=max_ratio
        )
        best[lo:hi] = np.where(conflicting, sims, -1.0).max(axis=1)
    return best


def pick_sentences(mentions: list[Mention], best: np.ndarray, *, max_parsed: int) -> list[int]:
    """The sentences worth parsing: those with a conflicting partner, at most ``max_parsed``, likeliest first."""
    score: dict[int, float] = {}
    for mention, value in zip(mentions, best.tolist(), strict=True):
        if value >= 0:
            score[mention.sentence] = max(score.get(mention.sentence, -1.0), value)
    ranked = sorted(score, key=lambda i: (-score[i], i))[:max_parsed]
    return sorted(ranked)
