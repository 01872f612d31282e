"""The segment stage: Article -> content sentences with exact character spans.

    segment_articles   every article's content sentences, in input order, and one report each
    segment_article    one article's sentences and report (language, what was left out, why)
    split_sentences    the sentence spans of a text: paragraphs, then sentences, nothing dropped
    guess_title        the caller's title, else a first line that reads like a headline
    detect_language    an article's language (py3langid) and script
    why_no_content     one line saying why no article gave a sentence

Modules, each with one job: ``_paragraphs`` (where a line break is a boundary),
``_sentences`` (sentencex, repairs, the cap on sentence length), ``_credits``
(datelines, bylines and credits cut off a sentence's span), ``_boilerplate``
(paragraphs and sentences that are never news), ``_language``, ``_article`` (the
order of it all). Every function is stateless, so one segmentation may run in many
threads at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from summarizer.segment._article import guess_title, segment_article, segment_articles, why_no_content
from summarizer.segment._language import Language, detect_language
from summarizer.segment._paragraphs import paragraphs
from summarizer.segment._sentences import DEFAULT_MAX_SENTENCE_CHARS, split_paragraph

__all__ = [
    "DEFAULT_MAX_SENTENCE_CHARS",
    "Language",
    "Span",
    "detect_language",
    "guess_title",
    "segment_article",
    "segment_articles",
    "split_sentences",
    "why_no_content",
]


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


def split_sentences(text: str, *, language: str | None = None) -> list[Span]:
    """Sentence spans of ``text`` without outer whitespace: paragraphs first, then sentences by the
    rules of ``language`` (detected when None). Nothing is dropped; see ``segment_article`` for that."""
    code = language or detect_language(text).code or "en"
    spans: list[Span] = []
    for paragraph in paragraphs(text):
        spans += [Span(s, e) for s, e in split_paragraph(text, paragraph.start, paragraph.end, language=code).spans]
    return spans
