"""Group sentences that say the same thing across articles.

Similarities are computed block by block against all sentences, and only the
cross-article neighbours above the threshold are kept, so memory grows with
the number of sentences, never with its square. Clusters are stars: the
sentence that most other articles echo becomes a centre and takes its
still-unassigned neighbours; then the next one, and so on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from summarizer.types import Cluster, Sentence

DEFAULT_SIMILARITY_THRESHOLD = 0.7
DEFAULT_BLOCK_SIZE = 1024
DEFAULT_MAX_NEIGHBOURS = 64


class Clusterer(Protocol):
    def cluster(self, sentences: Sequence[Sentence], embeddings: np.ndarray) -> list[Cluster]: ...


@dataclass(frozen=True, slots=True)
class Neighbourhood:
    """Per sentence: its cross-article neighbours above the threshold, best first."""

    neighbours: list[np.ndarray]
    similarities: list[np.ndarray]
    support: np.ndarray  # 1 + number of other articles with a neighbour
    coverage: np.ndarray  # mean over other articles of the best similarity there


def find_neighbours(
    embeddings: np.ndarray,
    article_of: np.ndarray,
    *,
    threshold: float = DEFAULT_SIMILARITY_THRESHOLD,
    block_size: int = DEFAULT_BLOCK_SIZE,
    max_neighbours: int = DEFAULT_MAX_NEIGHBOURS,
) -> Neighbourhood:
    """Cross-article neighbours of every sentence, in blocks of ``block_size`` rows.

    ``article_of`` must be non-decreasing (sentences grouped by article, as
    segmentation yields them) so per-article maxima are one ``reduceat``.
    """
    n = len(embeddings)
    boundaries = np.flatnonzero(np.r_[True, article_of[1:] != article_of[:-1]]) if n else np.zeros(0, int)
    n_articles = len(boundaries)
    neighbours: list[np.ndarray] = []
    similarities: list[np.ndarray] = []
    support = np.ones(n, dtype=np.int32)
    coverage = np.zeros(n, dtype=np.float32)
    for begin in range(0, n, block_size):
        rows = slice(begin, min(begin + block_size, n))
        sims = embeddings[rows] @ embeddings.T
        own = article_of[rows, None] == article_of[None, :]
        sims[own] = -1.0
        if n_articles > 1:
            best_per_article = np.maximum.reduceat(sims, boundaries, axis=1)
            support[rows] += (best_per_article >= threshold).sum(axis=1)
            coverage[rows] = np.clip(best_per_article, 0, None).sum(axis=1) / (n_articles - 1)
        for row in sims:
            idx = np.flatnonzero(row >= threshold)
            if len(idx) > max_neighbours:
                idx = idx[np.argpartition(row[idx], -max_neighbours)[-max_neighbours:]]
            idx = idx[np.argsort(-row[idx], kind="stable")]
            neighbours.append(idx)
            similarities.append(row[idx])
    return Neighbourhood(neighbours, similarities, support, coverage)


class StarClusterer:
    """Star clustering over the cross-article neighbour graph."""

    def __init__(
        self,
        *,
        threshold: float = DEFAULT_SIMILARITY_THRESHOLD,
        block_size: int = DEFAULT_BLOCK_SIZE,
        max_neighbours: int = DEFAULT_MAX_NEIGHBOURS,
    ):
        self.threshold = threshold
        self.block_size = block_size
        self.max_neighbours = max_neighbours

    def cluster(self, sentences: Sequence[Sentence], embeddings: np.ndarray) -> list[Cluster]:
        article_of = np.array([s.article_index for s in sentences], dtype=np.int64)
        graph = find_neighbours(
            embeddings,
            article_of,
            threshold=self.threshold,
            block_size=self.block_size,
            max_neighbours=self.max_neighbours,
        )
        # Centres first where most articles echo them, then where the echo is strongest.
        positions = np.array([s.position for s in sentences])
        order = np.lexsort((positions, -graph.coverage, -graph.support))
        assigned = np.zeros(len(sentences), dtype=bool)
        clusters: list[Cluster] = []
        for centre in order:
            if assigned[centre]:
                continue
            members = [int(centre)] + [int(j) for j in graph.neighbours[centre] if not assigned[j]]
            assigned[members] = True
            support = len({article_of[m] for m in members})
            clusters.append(Cluster(tuple(members), int(centre), support, float(graph.coverage[centre])))
        return clusters
