"""Pick one representative sentence per cluster and fill the word budget.

Clusters are ranked by support (how many articles carry them), then by how
strongly the other articles echo them and how early they come; a point that
repeats one already chosen is skipped, a cluster whose best sentence does not
fit the remaining budget offers its next-best member instead, and sentences far
from what the set as a whole is about (background only one outlet carries)
never fill the leftover budget.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np

from summarizer.types import Citation, Cluster, Point, Sentence

DEFAULT_MAX_WORDS = 120
DEFAULT_MIN_POINT_WORDS = 6
DEFAULT_MAX_POINT_WORDS = 60
DEFAULT_REDUNDANCY = 0.75
DEFAULT_LEAD_WEIGHT = 1.0
# Sentences whose similarity to the set's centroid is in the lowest tenth are never points.
DEFAULT_RELEVANCE_QUANTILE = 0.1


class Selector(Protocol):
    def select(
        self, sentences: Sequence[Sentence], embeddings: np.ndarray, clusters: Sequence[Cluster], *, max_words: int
    ) -> list[Point]: ...


def cite(sentence: Sentence) -> Citation:
    return Citation(sentence.article_id, sentence.start, sentence.end, sentence.text)


def citations_for(cluster: Cluster, representative: int, sentences: Sequence[Sentence]) -> tuple[Citation, ...]:
    """One citation per article in the cluster: the representative for its own
    article, elsewhere the member closest to the cluster's centre."""
    chosen: dict[int, Sentence] = {sentences[representative].article_index: sentences[representative]}
    for member in cluster.members:
        chosen.setdefault(sentences[member].article_index, sentences[member])
    return tuple(cite(chosen[a]) for a in sorted(chosen))


class SupportSelector:
    """Greedy selection: most-supported clusters first, no repeats, within budget."""

    def __init__(
        self,
        *,
        min_point_words: int = DEFAULT_MIN_POINT_WORDS,
        max_point_words: int = DEFAULT_MAX_POINT_WORDS,
        redundancy: float = DEFAULT_REDUNDANCY,
        lead_weight: float = DEFAULT_LEAD_WEIGHT,
        relevance_quantile: float = DEFAULT_RELEVANCE_QUANTILE,
    ):
        self.min_point_words = min_point_words
        self.max_point_words = max_point_words
        self.redundancy = redundancy
        self.lead_weight = lead_weight
        self.relevance_quantile = relevance_quantile

    def rank(self, sentences: Sequence[Sentence], clusters: Sequence[Cluster]) -> list[Cluster]:
        """Clusters in digest order: support first, then cross-article echo and lead position."""

        def score(cluster: Cluster) -> float:
            lead = max(1.0 / (1 + sentences[m].position) for m in cluster.members)
            return cluster.score + self.lead_weight * lead

        return sorted(clusters, key=lambda c: (-c.support, -score(c)))

    def relevant(self, embeddings: np.ndarray) -> np.ndarray:
        """Mask of sentences close enough to the set's centroid to be points."""
        centroid = embeddings.mean(axis=0)
        relevance = embeddings @ (centroid / (np.linalg.norm(centroid) or 1.0))
        return relevance >= np.quantile(relevance, self.relevance_quantile)

    def select(
        self, sentences: Sequence[Sentence], embeddings: np.ndarray, clusters: Sequence[Cluster], *, max_words: int
    ) -> list[Point]:
        points: list[Point] = []
        chosen: list[int] = []
        remaining = max_words
        relevant = self.relevant(embeddings)
        for cluster in self.rank(sentences, clusters):
            if remaining < self.min_point_words:
                break
            representative = self._fitting_member(cluster, sentences, relevant, remaining)
            if representative is None or self._repeats(representative, chosen, embeddings):
                continue
            chosen.append(representative)
            remaining -= sentences[representative].words
            points.append(Point(sentences[representative].text, citations_for(cluster, representative, sentences)))
        return points

    def _fitting_member(
        self, cluster: Cluster, sentences: Sequence[Sentence], relevant: np.ndarray, remaining: int
    ) -> int | None:
        for member in cluster.members:  # centre first, then by closeness to it
            words = sentences[member].words
            if relevant[member] and self.min_point_words <= words <= min(self.max_point_words, remaining):
                return member
        return None

    def _repeats(self, candidate: int, chosen: list[int], embeddings: np.ndarray) -> bool:
        return bool(chosen) and float(np.max(embeddings[chosen] @ embeddings[candidate])) >= self.redundancy
