"""Cross-article neighbours of every sentence by embedding similarity, block by block.

Similarities are computed ``block_size`` rows at a time against all sentences, and only the
cross-article neighbours at or above the threshold are kept (at most ``max_neighbours`` each), so
memory grows with the number of sentences, never with its square.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from summarizer.budget import checkpoint

DEFAULT_BLOCK_SIZE = 256  # rows of similarities at a time: 256 x n float32 (18 MB at 17,776 sentences)
DEFAULT_MAX_NEIGHBOURS = 64


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
    threshold: float,
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
    ends = np.r_[boundaries[1:], n].astype(np.int64) if n else np.zeros(0, np.int64)
    for begin in range(0, n, block_size):
        checkpoint()  # a large input is stopped here once the digest's time budget is spent
        end = min(begin + block_size, n)
        sims = embeddings[begin:end] @ embeddings.T
        # Sentences come grouped by article: a sentence's own article is one run of columns.
        first, last = np.searchsorted(boundaries, [begin, end - 1], side="right") - 1
        for a in range(first, last + 1):
            lo, hi = boundaries[a], ends[a]
            sims[max(lo, begin) - begin : min(hi, end) - begin, lo:hi] = -1.0
        if n_articles > 1:
            best_per_article = np.maximum.reduceat(sims, boundaries, axis=1)
            support[begin:end] += (best_per_article >= threshold).sum(axis=1)
            coverage[begin:end] = np.clip(best_per_article, 0, None).sum(axis=1) / (n_articles - 1)
        for row in sims:
            idx = np.flatnonzero(row >= threshold)
            if len(idx) > max_neighbours:
                idx = idx[np.argpartition(row[idx], -max_neighbours)[-max_neighbours:]]
            idx = idx[np.argsort(-row[idx], kind="stable")]
            neighbours.append(idx)
            similarities.append(row[idx])
    return Neighbourhood(neighbours, similarities, support, coverage)
