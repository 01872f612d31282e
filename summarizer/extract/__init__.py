"""The extract stage: which cited lines make the digest, and in which order.

Selector          the protocol every selector follows
CoverageSelector  greedy cover of the concepts the sources share, most-reported first (default)
line_for          a sentence as a line that stands on its own, repaired by the one before it
concept_weights   content-word bigrams weighted by the independent reports that carry them
citations_for     one citation per article of a cluster, copies marked
reading_order     chronological with dates, else by support and position
"""

from collections.abc import Sequence
from typing import Protocol

import numpy as np

from summarizer.copies import Copies
from summarizer.extract._citations import citations_for, cite
from summarizer.extract._concepts import concept_weights
from summarizer.extract._lines import Line, line_for
from summarizer.extract._order import Placed, reading_order
from summarizer.extract._select import (
    DEFAULT_MAX_POINT_WORDS,
    DEFAULT_MAX_WORDS,
    DEFAULT_MIN_POINT_WORDS,
    CoverageSelector,
)
from summarizer.types import Article, Cluster, Point, Sentence


class Selector(Protocol):
    """Chooses the digest: ``select`` returns points in reading order whose texts add up to at most
    ``max_words`` words, each point citing every article of its cluster with exact spans
    (``copies`` marks which citations copy another; ``articles`` gives texts and dates)."""

    def select(
        self,
        sentences: Sequence[Sentence],
        embeddings: np.ndarray,
        clusters: Sequence[Cluster],
        *,
        max_words: int,
        copies: Copies | None = None,
        articles: Sequence[Article] | None = None,
    ) -> list[Point]: ...


__all__ = [
    "DEFAULT_MAX_POINT_WORDS",
    "DEFAULT_MAX_WORDS",
    "DEFAULT_MIN_POINT_WORDS",
    "CoverageSelector",
    "Line",
    "Placed",
    "Selector",
    "cite",
    "citations_for",
    "concept_weights",
    "line_for",
    "reading_order",
]
