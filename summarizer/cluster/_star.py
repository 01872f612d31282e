"""Star clusters of sentences that make the same claim in different articles.

Candidates are the cross-article embedding neighbours above ``candidate_threshold``; a
candidate is kept when :class:`SameClaim` says the two sentences make the same claim. The
sentence carried by the most independent reports (copies count once) becomes a centre and takes
its still-unassigned same-claim neighbours; then the next one, and so on. A cluster's support is
its number of independent reports.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from summarizer.cluster._neighbours import DEFAULT_BLOCK_SIZE, DEFAULT_MAX_NEIGHBOURS, find_neighbours
from summarizer.cluster._same_claim import SameClaim, word_index
from summarizer.copies import Copies
from summarizer.types import Cluster, Sentence

DEFAULT_CANDIDATE_THRESHOLD = 0.6


class StarClusterer:
    """Star clustering over the same-claim graph between articles."""

    def __init__(
        self,
        *,
        candidate_threshold: float = DEFAULT_CANDIDATE_THRESHOLD,
        same_claim: SameClaim | None = None,
        block_size: int = DEFAULT_BLOCK_SIZE,
        max_neighbours: int = DEFAULT_MAX_NEIGHBOURS,
    ):
        self.candidate_threshold = candidate_threshold
        self.same_claim = same_claim or SameClaim()
        self.block_size = block_size
        self.max_neighbours = max_neighbours

    def cluster(
        self, sentences: Sequence[Sentence], embeddings: np.ndarray, *, copies: Copies | None = None
    ) -> list[Cluster]:
        copies = copies or Copies.none(sentences)
        article_of = np.array([s.article_index for s in sentences], dtype=np.int64)
        graph = find_neighbours(
            embeddings,
            article_of,
            threshold=min(self.candidate_threshold, self.same_claim.threshold),
            block_size=self.block_size,
            max_neighbours=self.max_neighbours,
        )
        accepted = self._same_claim_neighbours(sentences, graph.neighbours, graph.similarities)
        support = np.array([copies.independent([i, *accepted[i]], sentences) for i in range(len(sentences))])
        # Centres first where most independent reports echo them, then where the echo is strongest.
        positions = np.array([s.position for s in sentences])
        order = np.lexsort((positions, -graph.coverage, -support))
        assigned = np.zeros(len(sentences), dtype=bool)
        clusters: list[Cluster] = []
        for centre in order:
            if assigned[centre]:
                continue
            members = [int(centre)] + [int(j) for j in accepted[centre] if not assigned[j]]
            assigned[members] = True
            reports = copies.independent(members, sentences)
            clusters.append(Cluster(tuple(members), int(centre), reports, float(graph.coverage[centre])))
        return clusters

    def _same_claim_neighbours(
        self, sentences: Sequence[Sentence], neighbours: list[np.ndarray], similarities: list[np.ndarray]
    ) -> list[np.ndarray]:
        """Per sentence, the candidates that make the same claim, best score first."""
        if not sentences:
            return []
        left = np.concatenate([np.full(len(n), i, dtype=np.int64) for i, n in enumerate(neighbours)])
        right = np.concatenate(neighbours).astype(np.int64)
        cosines = np.concatenate(similarities).astype(np.float32)
        keep = cosines >= self.candidate_threshold
        left, right, cosines = left[keep], right[keep], cosines[keep]
        index = word_index([s.text for s in sentences])
        scores = self.same_claim.scores(index, left, right, cosines)
        same = scores >= self.same_claim.threshold
        left, right, scores = left[same], right[same], scores[same]
        order = np.lexsort((-scores, left))
        left, right = left[order], right[order]
        bounds = np.searchsorted(left, np.arange(len(sentences) + 1))
        return [right[bounds[i] : bounds[i + 1]] for i in range(len(sentences))]
