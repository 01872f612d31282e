"""Article -> content sentences with exact character spans.

Lines are split first (a headline has no full stop, so a line break is the only
boundary it has), then each line goes through pysbd, a rule-based splitter that
knows abbreviations (U.S., Gen.), decimals (2.5 km), thousands (1,000) and
quotes. Boilerplate lines and sentences are dropped, and a sentence repeated
inside one article (a pasted paragraph) is kept once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from summarizer.boilerplate import is_boilerplate_line, is_boilerplate_sentence, is_headline, words
from summarizer.types import Article, ArticleReport, Sentence

DEFAULT_MAX_TITLE_WORDS = 25
_LINE = re.compile(r"[^\n]+")


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


@lru_cache(maxsize=1)
def _splitter():  # pysbd builds its rules once; reuse them
    import pysbd

    return pysbd.Segmenter(language="en", clean=False, char_span=False)


def split_sentences(text: str) -> list[Span]:
    """Sentence spans of ``text``: line breaks always end a sentence; spans exclude outer whitespace."""
    spans: list[Span] = []
    for line in _LINE.finditer(text):
        cursor = line.start()
        for piece in _splitter().segment(line.group()):
            piece = piece.strip()
            if not piece:
                continue
            found = text.find(piece, cursor, line.end())
            if found < 0:  # pysbd returned something that is not verbatim: never guess offsets
                continue
            spans.append(Span(found, found + len(piece)))
            cursor = found + len(piece)
    return spans


def _dedup_key(text: str) -> str:
    return " ".join(words(text.lower()))


def _lines(text: str) -> Iterator[tuple[int, int, str]]:
    for match in _LINE.finditer(text):
        yield match.start(), match.end(), match.group()


def guess_title(article: Article) -> str | None:
    """The caller's title, else a first line that reads like a headline."""
    if article.title:
        return article.title
    for _, _, line in _lines(article.text):
        if is_boilerplate_line(line):
            continue
        line = line.strip()
        if is_headline(line) and len(line.split()) <= DEFAULT_MAX_TITLE_WORDS:
            return line
        return None
    return None


def segment_article(article: Article, article_index: int) -> tuple[list[Sentence], ArticleReport]:
    """Content sentences of one article, with a report of what was dropped."""
    title = guess_title(article)
    seen: set[str] = {_dedup_key(title)} if title else set()
    sentences: list[Sentence] = []
    duplicates = boilerplate = 0
    for line_start, _, line in _lines(article.text):
        if is_boilerplate_line(line) or is_headline(line):
            boilerplate += bool(line.strip())
            continue
        for span in split_sentences(line):
            start, end = line_start + span.start, line_start + span.end
            text = article.text[start:end]
            if is_boilerplate_sentence(text):
                boilerplate += 1
                continue
            key = _dedup_key(text)
            if key in seen:
                duplicates += 1
                continue
            seen.add(key)
            sentences.append(Sentence(article.id, article_index, start, end, text, len(sentences)))
    report = ArticleReport(article.id, title, len(sentences), duplicates, boilerplate)
    return sentences, report


def segment_articles(articles: Sequence[Article]) -> tuple[list[Sentence], list[ArticleReport]]:
    """Content sentences of all articles, in input order, and one report per article."""
    sentences: list[Sentence] = []
    reports: list[ArticleReport] = []
    for index, article in enumerate(articles):
        found, report = segment_article(article, index)
        sentences.extend(found)
        reports.append(report)
    return sentences, reports
