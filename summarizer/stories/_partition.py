"""Articles -> groups that report one event: average-linkage clustering (SciPy's hierarchy) on
a similarity that needs both what an article is about and whom and what it names.

similarity(a, b) = w * cos(vector_a, vector_b) + (1 - w) * cos(terms_a, terms_b)

Two articles are in one story when the average similarity across the story stays above
``min_similarity``. Average linkage only merges two groups when some pair across them is
above that line, so the feed is first cut into the connected parts of the graph of such
pairs (found in row blocks: memory grows with the feed, not its square) and each part is
clustered on its own, with exactly the result of clustering the whole feed at once.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse

DEFAULT_EMBEDDING_WEIGHT = 0.5
DEFAULT_MIN_SIMILARITY = 0.475
DEFAULT_BLOCK_ROWS = 1024


def similarity(
    vectors: np.ndarray,
    term_rows: sparse.csr_matrix,
    rows: Sequence[int] | np.ndarray | slice,
    cols: Sequence[int] | np.ndarray | slice,
    *,
    embedding_weight: float = DEFAULT_EMBEDDING_WEIGHT,
) -> np.ndarray:
    """Combined similarity of articles ``rows`` against articles ``cols``, dense."""
    meaning = vectors[rows] @ vectors[cols].T
    words = (term_rows[rows] @ term_rows[cols].T).toarray()
    return embedding_weight * meaning + (1.0 - embedding_weight) * words


def partition(
    vectors: np.ndarray,
    term_rows: sparse.csr_matrix,
    *,
    embedding_weight: float = DEFAULT_EMBEDDING_WEIGHT,
    min_similarity: float = DEFAULT_MIN_SIMILARITY,
    block_rows: int = DEFAULT_BLOCK_ROWS,
) -> list[list[int]]:
    """Groups of article indices, each sorted, every index in exactly one; ordered by first index."""
    n = len(vectors)
    if n == 0:
        return []
    heads, tails = [], []
    for start in range(0, n, block_rows):
        block = similarity(
            vectors, term_rows, slice(start, start + block_rows), slice(None), embedding_weight=embedding_weight
        )
        i, j = np.nonzero(block > min_similarity)
        keep = start + i < j  # each pair once, no self-pairs
        heads.append(start + i[keep])
        tails.append(j[keep])
    head, tail = np.concatenate(heads), np.concatenate(tails)
    if len(head) == n * (n - 1) // 2:  # every pair linked (one story, as a digest's input mostly is)
        component = np.zeros(n, dtype=np.int64)
    else:
        from scipy.sparse.csgraph import connected_components

        graph = sparse.coo_matrix((np.ones(len(head), dtype=np.int8), (head, tail)), shape=(n, n))
        _, component = connected_components(graph, directed=False)
    groups: list[list[int]] = []
    for label in np.unique(component):
        members = np.flatnonzero(component == label)
        groups += _cluster(vectors, term_rows, members, embedding_weight, min_similarity)
    return sorted(groups, key=lambda group: group[0])


def _cluster(
    vectors: np.ndarray,
    term_rows: sparse.csr_matrix,
    members: np.ndarray,
    embedding_weight: float,
    min_similarity: float,
) -> list[list[int]]:
    if len(members) < 3:  # one article, or two linked ones: nothing to decide
        return [[int(m) for m in members]]
    similar = similarity(vectors, term_rows, members, members, embedding_weight=embedding_weight)
    distance = np.clip(1.0 - similar, 0.0, None)
    distance = (distance + distance.T) / 2  # exactly symmetric, as squareform requires
    np.fill_diagonal(distance, 0.0)
    # Merge only below the threshold (fcluster keeps distances <= t together).
    cut = np.nextafter(1.0 - min_similarity, -np.inf)
    if distance.max() <= cut:
        # Every pair is close, so every average of pairs is too: average linkage would merge all.
        # Said here, a digest of one story never imports SciPy's clustering (0.1 s of a cold start).
        return [[int(m) for m in members]]
    # SciPy rather than scikit-learn: the same average linkage, and importing it costs 0.1 s, not 1.5 s.
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    tree = linkage(squareform(distance, checks=False), method="average")
    labels = fcluster(tree, t=cut, criterion="distance")
    return [[int(m) for m in members[labels == label]] for label in np.unique(labels)]
