"""Candidate digest lines: a sentence that stands on its own, or one repaired by the sentence before it.

A sentence that opens with "However, ...", "He said ..." or the second half of a quotation
does not stand on its own; the sentence just before it in its article often supplies what it
points back to. The pair becomes the line when it then stands on its own (the two are adjacent
in one paragraph, with only spaces between them, and fit the longest point); otherwise the
sentence is no candidate, and its cluster offers another member.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from summarizer.readability import stands_alone
from summarizer.types import Article, Sentence
from summarizer.words import count_words


@dataclass(frozen=True, slots=True)
class Line:
    """A line the digest could show: ``text == article.text[start:end]``.

    ``sentence`` is the sentence the line is for (its cluster's member); ``first`` is the
    sentence the line starts with: ``sentence`` itself, or the one before it that repairs it.
    """

    sentence: int
    first: int
    article_id: str
    start: int
    end: int
    text: str
    words: int


def line_for(
    index: int, sentences: Sequence[Sentence], articles: Sequence[Article] | None, *, max_words: int
) -> Line | None:
    """The line for ``sentences[index]``, repaired if need be; ``None`` when it cannot stand on its own."""
    sentence = sentences[index]
    if stands_alone(sentence.text):
        return Line(index, index, sentence.article_id, sentence.start, sentence.end, sentence.text, sentence.words)
    if articles is None or index == 0:
        return None
    before = sentences[index - 1]
    if before.article_index != sentence.article_index or before.position != sentence.position - 1:
        return None
    article = articles[sentence.article_index]
    between = article.text[before.end : sentence.start]
    if between.strip() or "\n" in between:
        return None  # something dropped sits between them, or a paragraph ends: the line would break
    text = article.text[before.start : sentence.end]
    words = count_words(text)
    if words > max_words or not stands_alone(text):
        return None
    return Line(index, index - 1, sentence.article_id, before.start, sentence.end, text, words)
