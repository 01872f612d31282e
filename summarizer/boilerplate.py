"""Recognise text that is never digest material: datelines, labels, link lists.

Works on single lines and single sentences; it never edits text, it only says
"keep" or "drop", so offsets into the article stay exact.
"""

from __future__ import annotations

import re

DEFAULT_MIN_WORDS = 4
DEFAULT_LABEL_MAX_WORDS = 3

_URL = re.compile(r"(https?://|www\.)\S+", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_DATE_WORDS = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\b"
    r"|\b(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\b"
    r"|\b(today|updated|published|posted|last|modified|am|pm|gmt|utc|[ecmp][sd]t)\b",
    re.IGNORECASE,
)
# Phrases that introduce links, credits or calls to action rather than news.
_CALL_TO_ACTION = re.compile(
    r"\b(for (further|more) (details|information)|visit (these|our|the following) (sources|links|site)"
    r"|click here|read more|related (sources|articles|stories|links)|follow us|sign up|subscribe"
    r"|share (this|on)|all rights reserved|copyright|©|this article (was|is) (originally )?published"
    r"|(image|photo|video) (caption|credit|copyright)|toggle caption|advertisement)\b",
    re.IGNORECASE,
)
_TERMINAL = (".", "!", "?", '."', '!"', '?"', ".”", "!”", "?”", ".'", ".’", "…")
_JSON_START = ("{", "[", "“{", '"{')


def words(text: str) -> list[str]:
    """Alphabetic words of ``text`` (numbers and punctuation left out)."""
    return _WORD.findall(text)


def ends_like_sentence(text: str) -> bool:
    return text.rstrip().endswith(_TERMINAL)


def is_boilerplate_line(line: str) -> bool:
    """True for a whole line that carries no news: labels, datelines, link dumps, URLs."""
    stripped = line.strip()
    if not stripped:
        return True
    if stripped.startswith(_JSON_START) and (":" in stripped or _URL.search(stripped)):
        return True
    if _is_mostly_urls(stripped) or _is_dateline(stripped):
        return True
    n_words = len(words(stripped))
    if stripped.endswith(":") and n_words <= 2 * DEFAULT_LABEL_MAX_WORDS:
        return True  # "Related Sources:", "Read more:"
    return n_words <= DEFAULT_LABEL_MAX_WORDS and not ends_like_sentence(stripped)  # "World News", "References"


def is_boilerplate_sentence(sentence: str) -> bool:
    """True for a sentence that is not digest material even inside a news paragraph."""
    if len(words(sentence)) < DEFAULT_MIN_WORDS:
        return True
    if _is_mostly_urls(sentence):
        return True
    return bool(_CALL_TO_ACTION.search(sentence)) and len(sentence.split()) <= 30


def is_headline(line: str) -> bool:
    """A line without a sentence ending: a headline, kicker or caption, never a digest point."""
    return not ends_like_sentence(line)


def _is_mostly_urls(text: str) -> bool:
    without = _URL.sub(" ", text)
    return bool(_URL.search(text)) and len(words(without)) < DEFAULT_MIN_WORDS


def _is_dateline(text: str) -> bool:
    if len(text.split()) > 10 or not re.search(r"\d", text):
        return False
    return not words(_DATE_WORDS.sub(" ", text))
