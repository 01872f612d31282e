"""A greedy extractive oracle: an upper bound for extractive systems, not a peer.

It reads the references, so no real system can use it. It adds, one at a time, the article
sentence that most raises the mean of ROUGE-1 and ROUGE-2 F1 (averaged over references), and
stops when nothing raises it or the word budget is reached. It uses rouge-score's own tokenizer
(Porter stemming) and counts n-grams itself, so that one step costs one pass over the candidates.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from benchmarks.common import split_sentences


def _ngrams(tokens: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def _f1(overlap: int, predicted: int, reference: int) -> float:
    if not overlap:
        return 0.0
    precision, recall = overlap / predicted, overlap / reference
    return 2 * precision * recall / (precision + recall)


class GreedyOracle:
    """Extractive oracle against the references of one cluster at a time."""

    name = "Oracle (reads references)"

    def __init__(self, *, budget: int) -> None:
        from rouge_score.tokenizers import DefaultTokenizer

        self._budget = budget
        self._tokenizer = DefaultTokenizer(use_stemmer=True)

    def select(self, documents: Sequence[str], references: Sequence[str]) -> list[str]:
        """The chosen sentences, in the order they were picked."""
        candidates = list(dict.fromkeys(s for d in documents for s in split_sentences(d)))
        tokens = [self._tokenizer.tokenize(s) for s in candidates]
        grams = [(_ngrams(t, 1), _ngrams(t, 2)) for t in tokens]
        refs = [tuple(_ngrams(self._tokenizer.tokenize(r), n) for n in (1, 2)) for r in references]

        chosen: list[int] = []
        summary: tuple[Counter, Counter] = (Counter(), Counter())
        best_score, words = 0.0, 0
        while words < self._budget:
            best_index, best_gain = -1, best_score
            for index, (uni, bi) in enumerate(grams):
                if index in chosen or not tokens[index]:
                    continue
                score = self._score((summary[0] + uni, summary[1] + bi), refs)
                if score > best_gain:
                    best_index, best_gain = index, score
            if best_index < 0:
                break
            chosen.append(best_index)
            summary = (summary[0] + grams[best_index][0], summary[1] + grams[best_index][1])
            best_score = best_gain
            words += len(candidates[best_index].split())
        return [candidates[i] for i in chosen]

    @staticmethod
    def _score(summary: tuple[Counter, Counter], refs: Sequence[tuple[Counter, Counter]]) -> float:
        total = 0.0
        for ref in refs:
            for predicted, reference in zip(summary, ref, strict=True):
                overlap = sum((predicted & reference).values())
                total += _f1(overlap, sum(predicted.values()), sum(reference.values()))
        return total / (2 * len(refs))
