"""Recognise text that is never digest material: datelines, labels, headlines, link lists, credits.

Works on single paragraphs and single sentences; it never edits text, it only says
"keep" or "drop", so offsets into the article stay exact.
"""

from __future__ import annotations

import re

from summarizer.segment._credits import is_credit, trim
from summarizer.words import count_letter_words, letter_words, more_letter_words_than

DEFAULT_MIN_WORDS = 4
DEFAULT_LABEL_MAX_WORDS = 3
# A line without a sentence ending is a headline, kicker or caption only while it is short:
# a longer one is a paragraph that lost its full stop (or ends in a credit) and is kept.
DEFAULT_HEADLINE_MAX_WORDS = 20
DEFAULT_HEADLINE_MAX_CHARS = 300
DEFAULT_LABEL_MAX_CHARS = 80
# Calls to action are dropped only in sentences of at most this many words.
DEFAULT_CALL_TO_ACTION_MAX_WORDS = 30

_URL = re.compile(r"(https?://|www\.)\S+", re.IGNORECASE)
_DATE_WORDS = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\b"
    r"|\b(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\b"
    r"|\b(today|updated|published|posted|last|modified|am|pm|gmt|utc|[ecmp][sd]t)\b",
    re.IGNORECASE,
)
# Phrases that introduce links, credits or calls to action rather than news.
_CALL_TO_ACTION = re.compile(
    r"\b(for (further|more) (details|information)|visit (these|our|the following) (sources|links|site)"
    r"|click here|read more|learn more|related (sources|articles|stories|links)|follow us|sign up|subscribe"
    r"|share (this|on)|all rights reserved|copyright|©|this article (was|is) (originally )?published"
    r"|(image|photo|video) (caption|credit|copyright)|toggle caption|advertisement)\b",
    re.IGNORECASE,
)
_CALL_TO_ACTION_KEYS = (
    "for ", "visit", "click", "read more", "learn more", "related", "follow us", "sign up", "subscribe",
    "share", "rights reserved", "copyright", "©", "this article", "image", "photo", "video", "toggle",
    "advertisement",
)  # fmt: skip
# A sentence ends in a full stop, question or exclamation mark of any script, or an ellipsis,
# perhaps followed by closing quotes or brackets.
_ENDS_LIKE_SENTENCE = re.compile(r"[.!?。！？｡।॥؟۔…‼⁇⁈⁉][\"'”’»«“‘」』）)\]]*\s*$")
# Web furniture talks to the reader ("You can add location information to your Tweets", "Copy this
# code to your website", "Please include a contact number"); news prose does so only inside quotes.
_TO_THE_READER = re.compile(r"\b(?:you|your|yours|you're|you've|you'll|you’re|you’ve|you’ll)\b|^\s*please\b", re.I)
_QUOTED = re.compile(
    r"“[^”]*(?:”|\Z)|\"[^\"]*(?:\"|\Z)|«[^»]*(?:»|\Z)|„[^“”]*(?:[“”]|\Z)|\A[^“”]*”"  # unclosed: to the end
    r"|(?<!\w)‘.*?(?:’(?!\w)|\Z)|(?<!\w)'.*?(?:'(?!\w)|\Z)"
)
# Labels that introduce a link or an embed: "RELATED: ...", "WATCH: ...", "Read next ...".
_LINK_LABEL = re.compile(
    r"\s*(?:RELATED|READ MORE|READ NEXT|READ ALSO|SEE ALSO|MORE|WATCH|LISTEN|PHOTOS?|VIDEO|SPONSORED)\b\s*:"
    r"|\s*Read next\b"
)
# An embedded social post: "... pic.twitter.com/x — Jane Doe (@janedoe) June 21, 2015".
_SOCIAL_EMBED = re.compile(
    r"pic\.twitter\.com/|[—–-]\s*[^—–()\n]{1,60}\(@\w{1,30}\)\s*(?:[A-Z][a-z]+\.? \d{1,2}, \d{4})?\s*$"
)
_JSON_START = ("{", "[", "“{", '"{')


def words(text: str) -> list[str]:
    """Alphabetic words of ``text`` (numbers and punctuation left out)."""
    return letter_words(text)


def ends_like_sentence(text: str) -> bool:
    return bool(_ENDS_LIKE_SENTENCE.search(text[-8:]))


def is_boilerplate_line(line: str) -> bool:
    """True for a whole line or paragraph that carries no news: labels, datelines, link dumps, URLs."""
    stripped = line.strip()
    if not stripped:
        return True
    if stripped.startswith(_JSON_START) and (":" in stripped or _URL.search(stripped)):
        return True
    if _is_mostly_urls(stripped) or _is_dateline(stripped):
        return True
    if stripped.endswith(":") and not more_letter_words_than(stripped, 2 * DEFAULT_LABEL_MAX_WORDS):
        return True  # "Related Sources:", "Read more:"
    # "World News", "References"
    return (
        len(stripped) <= DEFAULT_LABEL_MAX_CHARS
        and not ends_like_sentence(stripped)
        and not more_letter_words_than(stripped, DEFAULT_LABEL_MAX_WORDS)
    )


def is_boilerplate_sentence(sentence: str, *, n_words: int | None = None) -> bool:
    """True for a sentence that is not digest material even inside a news paragraph
    (``n_words``: its count of alphabetic words, when the caller has it)."""
    n_words = count_letter_words(sentence) if n_words is None else n_words
    return n_words < DEFAULT_MIN_WORDS or is_unusable_sentence(sentence)


def is_unusable_sentence(sentence: str) -> bool:
    """True for a sentence that is no news whatever its length: links, credits, calls to action."""
    if _is_mostly_urls(sentence) or is_credit(sentence) or _LINK_LABEL.match(sentence):
        return True
    if _SOCIAL_EMBED.search(sentence[-200:]) or "pic.twitter.com/" in sentence:
        return True
    if _TO_THE_READER.search(_QUOTED.sub(" ", sentence)):
        return True
    if len(sentence.split()) > DEFAULT_CALL_TO_ACTION_MAX_WORDS:
        return False
    lowered = sentence.lower()  # the regex runs only where one of its words is there
    return any(key in lowered for key in _CALL_TO_ACTION_KEYS) and bool(_CALL_TO_ACTION.search(sentence))


def is_headline(line: str) -> bool:
    """A short line without a sentence ending: a headline, kicker or caption, never a digest point."""
    stripped = line.strip()
    if (
        len(stripped) > DEFAULT_HEADLINE_MAX_CHARS
        or ends_like_sentence(stripped)
        or more_letter_words_than(stripped, DEFAULT_HEADLINE_MAX_WORDS)
    ):
        return False
    start, end = trim(stripped, 0, len(stripped), leading=False)
    # "... resume next week. (Reuters)" is a paragraph that ends in a credit, not a headline.
    return not (start < end < len(stripped) and ends_like_sentence(stripped[start:end]))


def _is_mostly_urls(text: str) -> bool:
    if "://" not in text and "www." not in text.lower():
        return False
    without = _URL.sub(" ", text)
    return bool(_URL.search(text)) and count_letter_words(without) < DEFAULT_MIN_WORDS


def _is_dateline(text: str) -> bool:
    if len(text.split()) > 10 or not re.search(r"\d", text):
        return False
    return not words(_DATE_WORDS.sub(" ", text))
