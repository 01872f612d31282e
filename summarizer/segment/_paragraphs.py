"""Text -> paragraphs: where a line break is a boundary and where it only wraps prose.

A line break ends a paragraph where the text says so: a blank line, a list item, a
short line (a headline, a byline, a label), or any line of text that is not
hard-wrapped (web text and CMS bodies put one paragraph on a line). Agency copy and
e-mail are hard-wrapped at a fixed width (~70 columns): there a line that was
(nearly) full, whose successor's first word would not have fitted on it, only wraps
its paragraph, so the paragraph and a sentence inside it may span line breaks.

Three or more short lines in a row with no blank line between them, most without a
sentence ending (a contact block, an address, a menu), are marked ``in_short_run``:
furniture, and so is a line between two of them that ends in a full stop ("Applied
Physics Laboratory, Laurel, Md.").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.segment._boilerplate import ends_like_sentence
from summarizer.words import more_letter_words_than

# Hard-wrapped text is at most this wide; longer lines are paragraphs of their own.
DEFAULT_MAX_WRAP_WIDTH = 100
DEFAULT_MIN_WRAP_WIDTH = 40
# Text counts as hard-wrapped when at least this many lines, and this share of the lines
# followed by another line, are full and end inside a sentence.
DEFAULT_MIN_WRAPPED_LINES = 3
DEFAULT_MIN_WRAPPED_SHARE = 0.5
# Wrapping by hand or by an editor is not exact: a line this close to the width counts as full.
DEFAULT_WRAP_SLACK = 0.85
# Lines of at most this many words, this many in a row, form a block of furniture.
DEFAULT_SHORT_LINE_WORDS = 8
DEFAULT_SHORT_RUN_LINES = 3

_LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x85\u2028\u2029]")
_LIST_ITEM = re.compile(r"\s*(?:[-*•·▪►–—✓]\s|\(?\d{1,3}[.)]\s|\(?[a-z][.)]\s)")
_FIRST_WORD = re.compile(r"\S+")


@dataclass(frozen=True, slots=True)
class Paragraph:
    """``text[start:end]``: the paragraph without outer whitespace; it may hold line breaks."""

    start: int
    end: int
    in_short_run: bool = False


@dataclass(frozen=True, slots=True)
class _Line:
    start: int  # first non-space character
    end: int  # after the last non-space character
    blank_before: bool


def _lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    cursor, blank = 0, True
    for brk in [*_LINE_BREAK.finditer(text), None]:
        stop = brk.start() if brk else len(text)
        raw = text[cursor:stop]
        stripped = raw.strip()
        if stripped:
            offset = cursor + (len(raw) - len(raw.lstrip()))
            lines.append(_Line(offset, offset + len(stripped), blank))
            blank = False
        else:
            blank = True
        cursor = brk.end() if brk else stop
    return lines


def _wrap_width(text: str, lines: list[_Line]) -> int | None:
    """The width the text is hard-wrapped at, or None when it is not hard-wrapped."""
    followed = [a for a, b in zip(lines, lines[1:], strict=False) if not b.blank_before]
    widths = [a.end - a.start for a in followed if a.end - a.start <= DEFAULT_MAX_WRAP_WIDTH]
    if len(widths) < DEFAULT_MIN_WRAPPED_LINES:
        return None
    width = max(widths)
    if width < DEFAULT_MIN_WRAP_WIDTH:
        return None
    wrapped = [
        a
        for a in followed
        if 0.75 * width <= a.end - a.start <= width and not ends_like_sentence(text[a.start : a.end])
    ]
    if len(wrapped) < DEFAULT_MIN_WRAPPED_LINES or len(wrapped) < DEFAULT_MIN_WRAPPED_SHARE * len(followed):
        return None
    return width


def _wraps(text: str, line: _Line, following: _Line, width: int | None) -> bool:
    """Whether the break between ``line`` and ``following`` only wraps a paragraph."""
    if following.blank_before or _LIST_ITEM.match(text, following.start):
        return False
    if text[following.start].islower() and not ends_like_sentence(text[line.start : line.end]):
        return True  # "... the Senate\nsaid it would act": the sentence goes on
    if width is None:
        return False
    length = line.end - line.start
    word = _FIRST_WORD.match(text, following.start)
    first = word.end() - word.start() if word else 0
    # The break was forced by the width: the next word would not (or only just) have fitted on this line.
    return length <= width and length + 1 + first > DEFAULT_WRAP_SLACK * width


def _short_runs(text: str, lines: list[_Line], singles: list[bool]) -> list[bool]:
    """For each line: whether it is one of a run of short single-line paragraphs, no blank line between."""
    short = [
        single
        and not _LIST_ITEM.match(text, line.start)
        and not more_letter_words_than(text[line.start : line.end], DEFAULT_SHORT_LINE_WORDS)
        for line, single in zip(lines, singles, strict=True)
    ]
    marked = [False] * len(lines)
    run_start = 0
    for i in range(1, len(lines) + 1):
        if i < len(lines) and short[i] and short[i - 1] and not lines[i].blank_before:
            continue
        run = lines[run_start:i]
        bare = [not ends_like_sentence(text[line.start : line.end]) for line in run]
        # A run of short sentences ("The vote was 7 to 2.") is prose; a run of mostly bare lines is not,
        # and a sentence-like line inside it is marked only between two bare ones (an address line).
        if len(run) >= DEFAULT_SHORT_RUN_LINES and all(short[run_start:i]) and 2 * sum(bare) > len(run):
            for j in range(len(run)):
                between = 0 < j < len(run) - 1 and bare[j - 1] and bare[j + 1]
                marked[run_start + j] = bare[j] or between
        run_start = i
    return marked


def paragraphs(text: str) -> list[Paragraph]:
    """The paragraphs of ``text`` in order, each without outer whitespace."""
    lines = _lines(text)
    if not lines:
        return []
    width = _wrap_width(text, lines)
    wraps = [_wraps(text, a, b, width) for a, b in zip(lines, lines[1:], strict=False)] + [False]
    singles = [not wraps[i] and (i == 0 or not wraps[i - 1]) for i in range(len(lines))]
    in_run = _short_runs(text, lines, singles)
    found: list[Paragraph] = []
    first = 0
    for i, line in enumerate(lines):
        if wraps[i]:
            continue
        found.append(Paragraph(lines[first].start, line.end, in_short_run=in_run[first] and first == i))
        first = i + 1
    return found
