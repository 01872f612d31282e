"""Pick one representative sentence per cluster and fill the word budget.

Clusters are ranked by support (how many articles carry them), then by how
central and how early they are; a point that repeats one already chosen is
skipped, and a cluster whose best sentence does not fit the remaining budget
offers its next-best member instead.
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
DEFAULT_CENTROID_WEIGHT = 0.5
DEFAULT_LEAD_WEIGHT = 0.3


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
        centroid_weight: float = DEFAULT_CENTROID_WEIGHT,
        lead_weight: float = DEFAULT_LEAD_WEIGHT,
    ):
        self.min_point_words = min_point_words
        self.max_point_words = max_point_words
        self.redundancy = redundancy
        self.centroid_weight = centroid_weight
        self.lead_weight = lead_weight

    def rank(self, sentences: Sequence[Sentence], embeddings: np.ndarray, clusters: Sequence[Cluster]) -> list[Cluster]:
        """Clusters in digest order: support first, then centrality and lead position."""
        centroid = embeddings.mean(axis=0)
        centroid /= np.linalg.norm(centroid) or 1.0
        to_centroid = embeddings @ centroid

        def score(cluster: Cluster) -> float:
            lead = max(1.0 / (1 + sentences[m].position) for m in cluster.members)
            centre = cluster.representative
            return cluster.score + self.centroid_weight * float(to_centroid[centre]) + self.lead_weight * lead

        return sorted(clusters, key=lambda c: (-c.support, -score(c)))

    def select(
        self, sentences: Sequence[Sentence], embeddings: np.ndarray, clusters: Sequence[Cluster], *, max_words: int
    ) -> list[Point]:
        points: list[Point] = []
        chosen: list[int] = []
        remaining = max_words
        for cluster in self.rank(sentences, embeddings, clusters):
            if remaining < self.min_point_words:
                break
            representative = self._fitting_member(cluster, sentences, remaining)
            if representative is None or self._repeats(representative, chosen, embeddings):
                continue
            chosen.append(representative)
            remaining -= sentences[representative].words
            points.append(Point(sentences[representative].text, citations_for(cluster, representative, sentences)))
        return points

    def _fitting_member(self, cluster: Cluster, sentences: Sequence[Sentence], remaining: int) -> int | None:
        for member in cluster.members:  # centre first, then by closeness to it
            words = sentences[member].words
            if self.min_point_words <= words <= min(self.max_point_words, remaining):
                return member
        return None

    def _repeats(self, candidate: int, chosen: list[int], embeddings: np.ndarray) -> bool:
        return bool(chosen) and float(np.max(embeddings[chosen] @ embeddings[candidate])) >= self.redundancy
