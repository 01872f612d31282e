"""The cluster stage: sentences that make the same claim in different articles.

    Clusterer          the protocol every clusterer follows
    StarClusterer      star clusters over the same-claim graph (default)
    SameClaim          when two sentences make the same claim: closeness plus shared figures,
                       names and words; contradicting figures never
    WordIndex          the run's sentences as sparse word rows, for scoring many pairs at once
    word_index         the WordIndex of a run's sentences, built once for the cluster and extract stages
    find_neighbours    cross-article embedding neighbours, in blocks (no n×n matrix)

A cluster's support is its number of independent reports: copies (``summarizer.copies``) count once.
"""

from collections.abc import Sequence
from typing import Protocol

import numpy as np

from summarizer.cluster._neighbours import (
    DEFAULT_BLOCK_SIZE,
    DEFAULT_MAX_NEIGHBOURS,
    Neighbourhood,
    find_neighbours,
)
from summarizer.cluster._same_claim import SameClaim, WordIndex, word_index
from summarizer.cluster._star import DEFAULT_CANDIDATE_THRESHOLD, StarClusterer
from summarizer.copies import Copies
from summarizer.types import Cluster, Sentence


class Clusterer(Protocol):
    """Groups sentences that say the same thing: ``cluster`` returns every sentence in exactly one
    cluster, ``Cluster.members`` indices into ``sentences`` (the centre first), and the number of
    independent reports as ``Cluster.support`` (``copies`` tells which sentences copy which)."""

    def cluster(
        self, sentences: Sequence[Sentence], embeddings: np.ndarray, *, copies: Copies | None = None
    ) -> list[Cluster]: ...


__all__ = [
    "DEFAULT_BLOCK_SIZE",
    "DEFAULT_CANDIDATE_THRESHOLD",
    "DEFAULT_MAX_NEIGHBOURS",
    "Clusterer",
    "Neighbourhood",
    "SameClaim",
    "StarClusterer",
    "WordIndex",
    "find_neighbours",
    "word_index",
]
