"""Paragraph -> sentence spans, with the rules of the paragraph's language.

The splitter is sentencex (Wikimedia): compiled rules for some 300 languages, with
abbreviation lists where it has them (Gen., U.S., z. B.) and each script's own
sentence marks (。！？ । ؟ ...) everywhere; it is linear in the text and stateless,
so one call per paragraph is safe from any number of threads. Line breaks inside a
paragraph are shown to it as spaces of the same length, so offsets stay exact and a
sentence may span a line break. Three small repairs follow its output: closing quotes
stay with their sentence (``’’``), an opening quote goes with the sentence it opens,
and a parenthesis that closes a sentence ends it.

A run longer than ``DEFAULT_MAX_SENTENCE_CHARS`` with no sentence end is split at
its last clause break (``;``, ``:``, a dash, a comma, else a space) before the cap; a
run with no space at all in that reach is not prose and is refused (counted, not cited).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DEFAULT_LANGUAGE = "en"
DEFAULT_MAX_SENTENCE_CHARS = 1000

_AS_SPACES = str.maketrans(dict.fromkeys("\n\r\v\f\x85\u2028\u2029", " "))
_OPENERS = frozenset("“„‚‘\"'«‹「『（([")
_CLOSERS = frozenset("”’\"'»“」』）)]")
# English titles that stand before a name and never end a sentence ("Dr. No", "Gen. Yes" included).
_TITLE_BEFORE_CUT = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Col|Lt|Sgt|Capt|Cmdr|Adm|Maj|Sen|Rep|Gov|Rev|Hon|Pres|Supt|Det|Insp|St)\.\s*\Z"
)
# "12:43 a.m. EST, placing ..." goes on: a time zone after a.m./p.m. does not start a sentence.
_CLOCK_BEFORE_CUT = re.compile(r"\b[ap]\.m\.\s*\Z", re.IGNORECASE)
_TIME_ZONE = re.compile(r"(?:[A-Z]{1,3}T|UTC|GMT)\b")
# '... in Jupiter, Fla. "But I can say ...': an opening quote after a full stop starts a sentence,
# even where the word before the stop is an abbreviation (titles before names excepted, below).
_QUOTE_AFTER_STOP = re.compile(r"[.!?]\s+(?=[\"“][^\W\d_])")
_PAREN_END = re.compile(r"[.!?…][\"'”’»]*\)(?=\s+[\"“‘(]?[^\W\d_])")
# Where the splitter cannot be trusted (its output does not tile the text): a plain rule.
_PLAIN_END = re.compile(r"[.!?。！？｡।॥؟۔…]+[\"'”’»」』）)\]]*\s+")
_CLAUSE_BREAKS = (re.compile(r"[;:]\s"), re.compile(r"\s[–—-]+\s"), re.compile(r",\s"), re.compile(r"\s"))
_SPACE = re.compile(r"\s")


@dataclass(frozen=True, slots=True)
class Sentences:
    """Sentence spans in a text, and how many over-long runs without a space were refused."""

    spans: list[tuple[int, int]]
    refused: int = 0


def _splitter_cuts(view: str, language: str) -> list[int]:
    import sentencex

    bounds = sentencex.get_sentence_boundaries(language, view)
    cursor, cuts = 0, []
    for bound in bounds:
        start, end = bound["start_index"], bound["end_index"]
        if start != cursor or view[start:end] != bound["text"]:
            return [m.end() for m in _PLAIN_END.finditer(view)]  # never guess offsets
        cuts.append(end)
        cursor = end
    if cursor != len(view):
        return [m.end() for m in _PLAIN_END.finditer(view)]
    return cuts[:-1]


def _repaired(view: str, cuts: list[int], language: str) -> list[int]:
    """Cuts moved so quotes stay with their sentence; cuts added after a closing parenthesis and
    before an opening quote that follows a full stop; no cut after an English title before a name."""
    added = [m.end() for pattern in (_PAREN_END, _QUOTE_AFTER_STOP) for m in pattern.finditer(view)]
    cuts = sorted({*cuts, *added})
    cuts = [c for c in cuts if not (_CLOCK_BEFORE_CUT.search(view, max(0, c - 8), c) and _TIME_ZONE.match(view, c))]
    if language == "en":
        cuts = [
            c
            for c in cuts
            if not (view[c : c + 1] not in {"", " "} and _TITLE_BEFORE_CUT.search(view, max(0, c - 8), c))
        ]
    fixed: list[int] = []
    for cut in cuts:
        previous = fixed[-1] if fixed else 0
        nxt = cut
        while nxt < len(view) and view[nxt] in _CLOSERS:  # "gone.’" + "’ Then" -> "gone.’’" + "Then"
            nxt += 1
        if nxt > cut and (nxt == len(view) or view[nxt].isspace()):
            cut = nxt
        back = cut
        while back > previous and view[back - 1].isspace():
            back -= 1
        opener = back
        while opener > previous and view[opener - 1] in _OPENERS:  # 'said. “' + 'We go.”' -> 'said.' + '“We go.”'
            opener -= 1
        if opener < back and (opener == previous or view[opener - 1].isspace()):
            cut = opener
        if previous < cut < len(view):
            fixed.append(cut)
    return fixed


def _last_break(view: str, start: int, stop: int) -> int | None:
    """The end of the best clause break in ``view[start:stop]``, preferring strong breaks."""
    for pattern in _CLAUSE_BREAKS:
        matches = list(pattern.finditer(view, start, stop))
        if matches:
            return matches[-1].end()
    return None


def _capped(view: str, start: int, end: int, cap: int, spans: list[tuple[int, int]]) -> int:
    """Append ``view[start:end]`` to ``spans`` in pieces of at most ``cap``; returns runs refused."""
    refused = 0
    while end - start > cap:
        cut = _last_break(view, start + cap // 2, start + cap) or _last_break(view, start + 1, start + cap)
        if cut is None:  # no space within reach: a token, not prose
            refused += 1
            space = _SPACE.search(view, start, end)
            start = space.end() if space else end
        else:
            spans.append((start, cut))
            start = cut
        while start < end and view[start].isspace():
            start += 1
    if start < end:
        spans.append((start, end))
    return refused


def split_paragraph(
    text: str, start: int, end: int, *, language: str = DEFAULT_LANGUAGE, max_chars: int = DEFAULT_MAX_SENTENCE_CHARS
) -> Sentences:
    """Sentence spans inside ``text[start:end]`` (offsets into ``text``), without outer whitespace."""
    view = text[start:end].translate(_AS_SPACES)
    language = language or DEFAULT_LANGUAGE
    cuts = _repaired(view, _splitter_cuts(view, language), language)
    pieces: list[tuple[int, int]] = []
    refused = 0
    for left, right in zip([0, *cuts], [*cuts, len(view)], strict=True):
        while left < right and view[left].isspace():
            left += 1
        while right > left and view[right - 1].isspace():
            right -= 1
        if left < right:
            refused += _capped(view, left, right, max_chars, pieces)
    spans = []
    for left, right in pieces:
        while right > left and view[right - 1].isspace():
            right -= 1
        spans.append((start + left, start + right))
    return Sentences(spans, refused)
