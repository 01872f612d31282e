"""Do two sentences make the same claim? Embedding closeness plus the words they share.

Two sentences about the same event are close in embedding space whether or not they say the
same thing ("Troops withdrew on Monday" and "Troops suffered heavy losses"). What they share is
the stronger evidence: the same figures, the same names, the same rare content words. A pair's
score is its cosine plus ``text_weight`` times its weighted word overlap (the idf mass of the
content words both use, over the smaller sentence's), ``figure_weight`` if they state a figure in
common and ``name_weight`` per shared name (at most two); a pair is the same claim when the score
reaches ``threshold``. Figures that contradict each other ("11,000 troops" against "12,000
troops") are evidence against: such a pair is never the same claim; the conflict stage reports it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy import sparse

from summarizer.lexical import Words, analyse_all, contradicting

DEFAULT_THRESHOLD = 0.9
DEFAULT_TEXT_WEIGHT = 0.5
DEFAULT_FIGURE_WEIGHT = 0.05
DEFAULT_NAME_WEIGHT = 0.05
_CHUNK = 65_536  # pairs scored at once


def _incidence(items: Sequence[frozenset], weights: dict | None = None) -> sparse.csr_matrix:
    """Rows = sentences, columns = distinct items; value = the item's weight (or 1)."""
    vocabulary: dict[object, int] = {}
    rows, cols, vals = [], [], []
    for r, found in enumerate(items):
        for item in found:
            rows.append(r)
            cols.append(vocabulary.setdefault(item, len(vocabulary)))
            vals.append(1.0 if weights is None else weights[item])
    shape = (len(items), max(len(vocabulary), 1))
    return sparse.csr_matrix((np.asarray(vals, dtype=np.float32), (rows, cols)), shape=shape)


class WordIndex:
    """The run's sentences as sparse rows, for scoring many pairs at once: content words weighted
    by idf (rare words weigh more), figures and names."""

    def __init__(self, words: Sequence[Words]):
        self.words = words
        df: dict[str, int] = {}
        for w in words:
            for stem in w.content:
                df[stem] = df.get(stem, 0) + 1
        n = len(words)
        idf = {stem: math.log((1 + n) / (1 + count)) + 1.0 for stem, count in df.items()}
        self.content = _incidence([w.content for w in words], idf)
        self.mass = np.asarray(self.content.sum(axis=1)).ravel()
        self.present = self.content.copy()
        self.present.data[:] = 1.0
        self.figures = _incidence([w.figures for w in words])
        self.names = _incidence([w.names for w in words])


def word_index(texts: Sequence[str]) -> WordIndex:
    """The WordIndex of ``texts``. The last one is kept: the cluster and extract stages of a digest
    index the same sentences, and build the index once."""
    return _word_index(tuple(texts))


@lru_cache(maxsize=1)
def _word_index(texts: tuple[str, ...]) -> WordIndex:
    return WordIndex(analyse_all(texts))


@dataclass(frozen=True, slots=True)
class SameClaim:
    """Scores candidate pairs of sentences; see the module docstring."""

    threshold: float = DEFAULT_THRESHOLD
    text_weight: float = DEFAULT_TEXT_WEIGHT
    figure_weight: float = DEFAULT_FIGURE_WEIGHT
    name_weight: float = DEFAULT_NAME_WEIGHT

    def scores(
        self, index: WordIndex | Sequence[Words], left: np.ndarray, right: np.ndarray, cosines: np.ndarray
    ) -> np.ndarray:
        """Combined score of each pair ``(left[k], right[k])`` (indices into the index's sentences,
        ``cosines`` their embedding similarity); ``-inf`` where figures contradict."""
        index = index if isinstance(index, WordIndex) else WordIndex(index)
        left, right = np.asarray(left, dtype=np.int64), np.asarray(right, dtype=np.int64)
        total = np.asarray(cosines, dtype=np.float32).copy()
        for begin in range(0, len(total), _CHUNK):
            i, j = left[begin : begin + _CHUNK], right[begin : begin + _CHUNK]
            shared = np.asarray(index.content[i].multiply(index.present[j]).sum(axis=1)).ravel()
            overlap = shared / np.maximum(np.minimum(index.mass[i], index.mass[j]), 1e-6)
            common_figures = np.asarray(index.figures[i].multiply(index.figures[j]).sum(axis=1)).ravel() > 0
            common_names = np.minimum(np.asarray(index.names[i].multiply(index.names[j]).sum(axis=1)).ravel(), 2)
            total[begin : begin + _CHUNK] += (
                self.text_weight * overlap + self.figure_weight * common_figures + self.name_weight * common_names
            )
        words = index.words
        for k in np.flatnonzero(
            [bool(words[a].quantities and words[b].quantities) for a, b in zip(left, right, strict=True)]
        ):
            if contradicting(words[left[k]], words[right[k]]):
                total[k] = -np.inf
        return total

    def same(self, index: WordIndex, left: np.ndarray, right: np.ndarray, cosines: np.ndarray) -> np.ndarray:
        """Mask of the pairs that make the same claim."""
        return self.scores(index, left, right, cosines) >= self.threshold
