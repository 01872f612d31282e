"""Article -> content sentences with exact spans, and a report of what was left out and why.

Paragraphs first (line breaks are boundaries only where the text says so), then the
furniture paragraphs out (labels, datelines, link lists, short headlines), the
language read from what is left, each paragraph split into sentences by that
language's rules, datelines and credits cut off each sentence's span, boilerplate
sentences out, and a sentence repeated inside one article (a pasted paragraph) kept once.
A paragraph is never dropped for lacking a final full stop; only a short line without
one is a headline.

When no article of a set has a sentence that passes, short texts are taken as they are
(a headline-only item, a one-line note): short sentences and headlines then count,
boilerplate still does not.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from summarizer.budget import checkpoint
from summarizer.segment._boilerplate import (
    is_boilerplate_line,
    is_boilerplate_sentence,
    is_headline,
    is_unusable_sentence,
    words,
)
from summarizer.segment._credits import trim
from summarizer.segment._language import Language, detect_language
from summarizer.segment._paragraphs import Paragraph, paragraphs
from summarizer.segment._sentences import DEFAULT_MAX_SENTENCE_CHARS, split_paragraph
from summarizer.types import Article, ArticleReport, Sentence
from summarizer.words import count_words, weigh

DEFAULT_MAX_TITLE_WORDS = 25
# A text this short with no sentence that passes the usual rules is taken as it stands.
DEFAULT_SHORT_TEXT_WORDS = 40
DEFAULT_SHORT_SENTENCE_MIN_WORDS = 2
_LANGUAGE_SAMPLE_CHARS = 1500


@dataclass(slots=True)
class _Tally:
    """What one pass over an article kept and left out."""

    sentences: list[Sentence] = field(default_factory=list)
    duplicates: int = 0
    boilerplate: int = 0
    refused: int = 0


def _dedup_key(text: str) -> str:
    return " ".join(words(text)).lower()


def guess_title(article: Article, found: Sequence[Paragraph] | None = None) -> str | None:
    """The caller's title, else a first paragraph that reads like a headline."""
    if article.title:
        return article.title
    for paragraph in paragraphs(article.text) if found is None else found:
        line = article.text[paragraph.start : paragraph.end]
        if is_boilerplate_line(line):
            continue
        if is_headline(line) and len(line.split()) <= DEFAULT_MAX_TITLE_WORDS:
            return line
        return None
    return None


def _language_of(text: str, prose: Sequence[Paragraph], others: Sequence[Paragraph]) -> Language:
    sample, size = [], 0
    for paragraph in [*prose, *others]:
        if size >= _LANGUAGE_SAMPLE_CHARS:
            break
        sample.append(text[paragraph.start : min(paragraph.end, paragraph.start + _LANGUAGE_SAMPLE_CHARS)])
        size += paragraph.end - paragraph.start
    return detect_language("\n".join(sample) or text)


def _collect(
    article: Article,
    article_index: int,
    blocks: Iterable[Paragraph],
    language: Language,
    seen: set[str],
    *,
    short_text: bool,
    max_sentence_chars: int,
) -> _Tally:
    text, tally = article.text, _Tally()
    for paragraph in blocks:
        split = split_paragraph(
            text, paragraph.start, paragraph.end, language=language.code or "en", max_chars=max_sentence_chars
        )
        tally.refused += split.refused
        tally.boilerplate += split.refused
        for n, (start, end) in enumerate(split.spans):
            start, end = trim(text, start, end, leading=n == 0)
            sentence = text[start:end]
            found = words(sentence)
            if not sentence or _drop(sentence, weigh(found), short_text=short_text):
                tally.boilerplate += 1
                continue
            key = " ".join(found).lower()
            if key in seen:
                tally.duplicates += 1
                continue
            seen.add(key)
            tally.sentences.append(Sentence(article.id, article_index, start, end, sentence, len(tally.sentences)))
    return tally


def _drop(sentence: str, n_words: int, *, short_text: bool) -> bool:
    if not short_text:
        return is_boilerplate_sentence(sentence, n_words=n_words)
    return n_words < DEFAULT_SHORT_SENTENCE_MIN_WORDS or is_unusable_sentence(sentence)


def _why_empty(tally: _Tally, found: int, max_sentence_chars: int) -> str:
    if not found:
        return "it holds no text"
    if tally.refused:
        return (
            f"its text runs on for more than {max_sentence_chars:,} characters without a space or sentence end "
            "(not prose): send the article's text"
        )
    return (
        "it holds only headlines, links, labels, credits or fragments too short to be sentences: "
        "send the article's full text"
    )


def segment_article(
    article: Article,
    article_index: int,
    *,
    max_sentence_chars: int = DEFAULT_MAX_SENTENCE_CHARS,
    short_text_fallback: bool = True,
) -> tuple[list[Sentence], ArticleReport]:
    """Content sentences of one article, with a report of what was dropped and why.

    With ``short_text_fallback``, a short text that has no sentence by the usual rules is
    taken as it stands (its headlines and short sentences count, boilerplate still does not).
    """
    text = article.text
    found = paragraphs(text)
    title = guess_title(article, found)
    prose: list[Paragraph] = []
    furniture: list[Paragraph] = []
    for paragraph in found:
        block = text[paragraph.start : paragraph.end]
        (furniture if paragraph.in_short_run or is_boilerplate_line(block) or is_headline(block) else prose).append(
            paragraph
        )
    language = _language_of(text, prose, [p for p in furniture if not is_boilerplate_line(text[p.start : p.end])])
    seen = {_dedup_key(title)} if title else set()
    tally = _collect(
        article, article_index, prose, language, seen, short_text=False, max_sentence_chars=max_sentence_chars
    )
    tally.boilerplate += len(furniture)
    if short_text_fallback and not tally.sentences and count_words(text) <= DEFAULT_SHORT_TEXT_WORDS:
        usable = [p for p in found if not is_boilerplate_line(text[p.start : p.end])]
        short = _collect(
            article, article_index, usable, language, set(), short_text=True, max_sentence_chars=max_sentence_chars
        )
        if short.sentences:
            tally = short
            tally.boilerplate += len(found) - len(usable)
    report = ArticleReport(
        article.id,
        title,
        len(tally.sentences),
        tally.duplicates,
        tally.boilerplate,
        language=language.tag,
        skipped_reason=None if tally.sentences else _why_empty(tally, len(found), max_sentence_chars),
    )
    return tally.sentences, report


def segment_articles(
    articles: Sequence[Article], *, max_sentence_chars: int = DEFAULT_MAX_SENTENCE_CHARS
) -> tuple[list[Sentence], list[ArticleReport]]:
    """Content sentences of all articles, in input order, and one report per article.

    Short texts are taken as they stand only when no article has a sentence by the usual
    rules (``summarize(["plain strings work too", ...])``): beside real articles, a page that
    is only "Tweet with a location ... Learn more" is furniture, not news.
    """
    sentences: list[Sentence] = []
    reports: list[ArticleReport] = []
    for index, article in enumerate(articles):
        checkpoint()  # one article at a time: a digest past its time budget stops here
        found, report = segment_article(
            article, index, max_sentence_chars=max_sentence_chars, short_text_fallback=False
        )
        sentences.extend(found)
        reports.append(report)
    if not sentences:
        for index, article in enumerate(articles):
            found, reports[index] = segment_article(article, index, max_sentence_chars=max_sentence_chars)
            sentences.extend(found)
    return sentences, reports


def why_no_content(reports: Sequence[ArticleReport]) -> str:
    """One line for a caller none of whose articles gave a sentence: what was wrong with each."""
    reasons = [f"{r.id}: {r.skipped_reason}" for r in reports if r.skipped_reason]
    shown = "; ".join(reasons[:3]) + (f"; and {len(reasons) - 3} more" if len(reasons) > 3 else "")
    return (
        "The articles hold no sentence that could go into a digest (only headlines, links or boilerplate, "
        f"or text the model cannot read): {shown or 'give the articles full text'}."
    )
