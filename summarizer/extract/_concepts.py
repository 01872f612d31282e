"""Concepts the sources share: content-word bigrams, weighted by how many reports carry them.

After Gillick & Favre (2009): a concept is a pair of adjacent stemmed words that are not both
stop words ("troop withdraw", "449,000 campaign"); its weight is the number of independent
reports (copies folded in) that use it, counted only from ``min_reports`` up, so that one
outlet's aside weighs nothing. A digest covers a concept once, however many lines repeat it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import chain

from summarizer.lexical import Words

Concept = tuple[str, ...]
DEFAULT_MIN_REPORTS = 2
DEFAULT_EXPONENT = 1.5
DEFAULT_UNIGRAM_WEIGHT = 0.3
DEFAULT_COPY_WEIGHT = 0.5


def concepts_of(words: Words, *, unigrams: bool) -> frozenset[Concept]:
    """The concepts of one text: its bigrams, and its content words alone when ``unigrams``."""
    if not unigrams:
        return words.bigrams
    return words.bigrams | frozenset((w,) for w in words.content)


def concept_weights(
    words: Sequence[Words],
    report_of: Sequence[int],
    article_of: Sequence[int],
    *,
    min_reports: int = DEFAULT_MIN_REPORTS,
    exponent: float = DEFAULT_EXPONENT,
    unigram_weight: float = DEFAULT_UNIGRAM_WEIGHT,
    copy_weight: float = DEFAULT_COPY_WEIGHT,
) -> dict[Concept, float]:
    """Weight of every concept carried by at least ``min_reports`` independent reports (fewer if
    the set has fewer): its reach to the power ``exponent``. Reach counts each report once and each
    further article that copies one as ``copy_weight`` (a story syndicated widely was news to
    editors, but it is one report). Single content words (if ``unigram_weight``) count that
    fraction of a bigram."""
    unigrams = unigram_weight > 0
    # The concepts of each report and of each article, each then counted once per concept.
    of_report: dict[int, set[Concept]] = {}
    of_article: dict[int, set[Concept]] = {}
    for w, r, a in zip(words, report_of, article_of, strict=True):
        found = concepts_of(w, unigrams=unigrams)
        of_report.setdefault(r, set()).update(found)
        of_article.setdefault(a, set()).update(found)
    reports = Counter(chain.from_iterable(of_report.values()))
    articles = Counter(chain.from_iterable(of_article.values()))
    floor = min(min_reports, len(set(report_of)))
    return {
        c: reach(n, articles[c], copy_weight) ** exponent * (unigram_weight if len(c) == 1 else 1.0)
        for c, n in reports.items()
        if n >= floor
    }


def reach(reports: int, articles: int, copy_weight: float) -> float:
    """Independent reports, plus ``copy_weight`` for each further article that only copies one."""
    return reports + copy_weight * (articles - reports)
