"""Choose the digest's lines: cover what the sources share, most-reported first, within budget.

Each cluster offers its members (centre first) as candidate lines, repaired where they do not
stand on their own (``_lines``); a cluster gives at most one line. Lines are picked greedily by

    gain = coverage_weight * (weight of the concepts it adds, over the best single line's)
         + support_weight * (its cluster's reach - 1) / (the whole set's reach - 1)
         + centrality_weight * (how strongly the other articles echo its cluster)
         + relevance_weight * (its closeness to the centroid of all sentences)
         + lead_weight / (1 + its position in its article)

divided by its length in words to the power ``length_exponent``. Reach is the number of
independent reports plus ``copy_weight`` per syndicated copy (``_concepts.reach``): copies add no
support, but a story many sites ran was news to their editors. Concepts (``_concepts``) count
once however many lines carry them, so the coverage part is submodular and a lazy greedy finds
the same picks as a full one (Lin & Bilmes 2011); the other parts reward what several sources
carry (support, echo) and what a reader needs first (the lead), which coverage alone misses when
a set has only two or three articles. A line that makes the same claim as one already chosen
(``SameClaim``, or a cosine of ``redundancy``), too long for the budget left, or far from what the
set as a whole is about (the lowest ``relevance_quantile`` by closeness to the centroid:
background only one outlet carries) is never picked.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from summarizer.cluster import SameClaim, WordIndex, word_index
from summarizer.copies import Copies
from summarizer.extract._citations import citations_for
from summarizer.extract._concepts import (
    DEFAULT_COPY_WEIGHT,
    DEFAULT_EXPONENT,
    DEFAULT_MIN_REPORTS,
    DEFAULT_UNIGRAM_WEIGHT,
    Concept,
    concept_weights,
    concepts_of,
    reach,
)
from summarizer.extract._lines import Line, line_for
from summarizer.extract._order import Placed, reading_order
from summarizer.lexical import analyse
from summarizer.types import Article, Cluster, Point, Sentence

DEFAULT_MAX_WORDS = 120
# Shorter lines are rarely whole claims; a short fact several reports carry ("It passed 7 to 2.") still counts.
DEFAULT_MIN_POINT_WORDS = 10
DEFAULT_MIN_SHARED_POINT_WORDS = 4
DEFAULT_MAX_POINT_WORDS = 60
DEFAULT_REDUNDANCY = 0.8
DEFAULT_RELEVANCE_QUANTILE = 0.1
DEFAULT_MEMBERS_TRIED = 6
DEFAULT_COVERAGE_WEIGHT = 2.0
DEFAULT_SUPPORT_WEIGHT = 1.0
DEFAULT_CENTRALITY_WEIGHT = 0.5
DEFAULT_LEAD_WEIGHT = 0.1
DEFAULT_LENGTH_EXPONENT = 0.25
DEFAULT_RELEVANCE_WEIGHT = 1.0


@dataclass(frozen=True, slots=True)
class _Candidate:
    cluster: int
    line: Line
    concepts: frozenset[Concept]
    bonus: float  # the parts of the gain that do not depend on what is already chosen
    # Shorter than a point should be, or not standing on its own: used only when nothing else is.
    fallback: bool = False


class CoverageSelector:
    """Greedy selection of cited lines by shared-concept coverage and support; see the module docstring."""

    def __init__(
        self,
        *,
        min_point_words: int = DEFAULT_MIN_POINT_WORDS,
        min_shared_point_words: int = DEFAULT_MIN_SHARED_POINT_WORDS,
        max_point_words: int = DEFAULT_MAX_POINT_WORDS,
        redundancy: float = DEFAULT_REDUNDANCY,
        relevance_quantile: float = DEFAULT_RELEVANCE_QUANTILE,
        members_tried: int = DEFAULT_MEMBERS_TRIED,
        coverage_weight: float = DEFAULT_COVERAGE_WEIGHT,
        support_weight: float = DEFAULT_SUPPORT_WEIGHT,
        centrality_weight: float = DEFAULT_CENTRALITY_WEIGHT,
        lead_weight: float = DEFAULT_LEAD_WEIGHT,
        length_exponent: float = DEFAULT_LENGTH_EXPONENT,
        relevance_weight: float = DEFAULT_RELEVANCE_WEIGHT,
        min_reports: int = DEFAULT_MIN_REPORTS,
        concept_exponent: float = DEFAULT_EXPONENT,
        unigram_weight: float = DEFAULT_UNIGRAM_WEIGHT,
        copy_weight: float = DEFAULT_COPY_WEIGHT,
        same_claim: SameClaim | None = None,
    ):
        self.min_point_words = min_point_words
        self.min_shared_point_words = min_shared_point_words
        self.max_point_words = max_point_words
        self.redundancy = redundancy
        self.relevance_quantile = relevance_quantile
        self.members_tried = members_tried
        self.coverage_weight = coverage_weight
        self.support_weight = support_weight
        self.centrality_weight = centrality_weight
        self.lead_weight = lead_weight
        self.length_exponent = length_exponent
        self.relevance_weight = relevance_weight
        self.min_reports = min_reports
        self.concept_exponent = concept_exponent
        self.unigram_weight = unigram_weight
        self.copy_weight = copy_weight
        self.same_claim = same_claim or SameClaim()

    @staticmethod
    def relevance(embeddings: np.ndarray) -> np.ndarray:
        """Each sentence's closeness to what the set as a whole is about (cosine to the centroid)."""
        centroid = embeddings.mean(axis=0)
        return embeddings @ (centroid / (np.linalg.norm(centroid) or 1.0))

    def select(
        self,
        sentences: Sequence[Sentence],
        embeddings: np.ndarray,
        clusters: Sequence[Cluster],
        *,
        max_words: int,
        copies: Copies | None = None,
        articles: Sequence[Article] | None = None,
    ) -> list[Point]:
        if not sentences:
            return []
        copies = copies or Copies.none(sentences)
        report_of = copies.report_of(sentences)
        index = word_index([s.text for s in sentences])  # the cluster stage's, when it ran on these sentences
        words = index.words
        weights = concept_weights(
            words,
            report_of,
            [s.article_index for s in sentences],
            min_reports=self.min_reports,
            exponent=self.concept_exponent,
            unigram_weight=self.unigram_weight,
            copy_weight=self.copy_weight,
        )
        whole = reach(len(set(report_of)), len({s.article_index for s in sentences}), self.copy_weight)
        candidates = self._candidates(sentences, embeddings, clusters, articles, weights, whole, max_words)
        picked = self._greedy([c for c in candidates if not c.fallback], embeddings, index, weights, max_words)
        if not picked:  # a set of only short or broken sentences (one brief note) still gets a digest
            picked = self._greedy(candidates, embeddings, index, weights, max_words)
        placed = [
            Placed(
                Point(c.line.text, citations_for(clusters[c.cluster], c.line, sentences, copies)),
                sentences[c.line.first].position,
                rank,
            )
            for rank, c in enumerate(picked)
        ]
        return reading_order(placed, articles)

    def _candidates(
        self,
        sentences: Sequence[Sentence],
        embeddings: np.ndarray,
        clusters: Sequence[Cluster],
        articles: Sequence[Article] | None,
        weights: dict[Concept, float],
        whole: float,
        max_words: int,
    ) -> list[_Candidate]:
        relevance = self.relevance(embeddings)
        relevant = relevance >= np.quantile(relevance, self.relevance_quantile)
        longest = min(self.max_point_words, max_words)
        out: list[_Candidate] = []
        for k, cluster in enumerate(clusters):
            carried = len({sentences[m].article_index for m in cluster.members})
            support = (reach(cluster.support, carried, self.copy_weight) - 1) / max(whole - 1, 1)
            tried = 0
            for member in cluster.members:
                if tried >= self.members_tried:
                    break
                if not relevant[member] or sentences[member].words > longest:
                    continue
                tried += 1
                line = line_for(member, sentences, articles, max_words=longest)
                flawed = line is None
                if line is None:  # kept only for a set where no line stands on its own
                    s = sentences[member]
                    line = Line(member, member, s.article_id, s.start, s.end, s.text, s.words)
                if line.words < min(self.min_point_words, self.min_shared_point_words):
                    continue
                found = concepts_of(analyse(line.text), unigrams=self.unigram_weight > 0)
                concepts = frozenset(c for c in found if c in weights)
                bonus = (
                    self.support_weight * support
                    + self.centrality_weight * cluster.score
                    + self.relevance_weight * float(relevance[member])
                    + self.lead_weight / (1 + sentences[line.first].position)
                )
                shortest = self.min_shared_point_words if cluster.support > 1 else self.min_point_words
                out.append(_Candidate(k, line, concepts, bonus, fallback=flawed or line.words < shortest))
        return out

    def _greedy(
        self,
        candidates: list[_Candidate],
        embeddings: np.ndarray,
        index: WordIndex,
        weights: dict[Concept, float],
        max_words: int,
    ) -> list[_Candidate]:
        scale = max((sum(weights[c] for c in cand.concepts) for cand in candidates), default=0.0) or 1.0
        covered: set[Concept] = set()

        def score(cand: _Candidate) -> float:
            fresh = sum(weights[c] for c in cand.concepts if c not in covered)
            gain = self.coverage_weight * fresh / scale + cand.bonus
            return gain / cand.line.words**self.length_exponent

        heap = [(-score(c), i) for i, c in enumerate(candidates)]
        heapq.heapify(heap)
        picked: list[_Candidate] = []
        used_clusters: set[int] = set()
        remaining = max_words
        while heap and remaining >= min(self.min_point_words, self.min_shared_point_words):
            stale, i = heapq.heappop(heap)
            cand = candidates[i]
            if cand.cluster in used_clusters or cand.line.words > remaining:
                continue
            fresh = -score(cand)
            if heap and fresh > heap[0][0] + 1e-12:  # gains only shrink: re-queue until it is still the best
                heapq.heappush(heap, (fresh, i))
                continue
            if picked and self._repeats(cand, picked, embeddings, index):
                continue
            picked.append(cand)
            used_clusters.add(cand.cluster)
            covered.update(cand.concepts)
            remaining -= cand.line.words
        return picked

    def _repeats(self, cand: _Candidate, picked: list[_Candidate], embeddings: np.ndarray, index: WordIndex) -> bool:
        """Whether ``cand`` says what a chosen line says: nearly the same vector, or the same claim."""
        chosen = np.array([p.line.sentence for p in picked])
        cosines = embeddings[chosen] @ embeddings[cand.line.sentence]
        if float(cosines.max()) >= self.redundancy:
            return True
        same = self.same_claim.same(index, np.full(len(chosen), cand.line.sentence), chosen, cosines)
        return bool(same.any())
