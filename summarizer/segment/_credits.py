"""Datelines, bylines and credits where they stand: glued to a sentence's start or end, or alone.

Wire copy and web pages glue their furniture to the news: "PINE RIDGE, S.D. (AP) --
President Clinton began ...", "By Maggie Fox, Health and Science Editor WASHINGTON |
Mon Mar 2, 2009 4:23 pm EST WASHINGTON (Reuters) - Virtually all ...", "... he said.
Reporting by Jane Doe", "... (Reuters)", "With Post wires". ``trim`` moves a
sentence's span past them, so the cited text is the sentence alone; the article
text is never edited. ``is_credit`` recognises a sentence that is nothing but one.

Every pattern is anchored and looks at a bounded head or tail of the sentence, so
the cost does not grow with the sentence's length.
"""

from __future__ import annotations

import re

from summarizer.words import count_letter_words

# How far into a sentence a dateline or byline may reach, and how far back a credit.
DEFAULT_HEAD_CHARS = 320
DEFAULT_TAIL_CHARS = 320
# A trimmed sentence must keep at least this many words, else it was all furniture.
DEFAULT_MIN_REMAINING_WORDS = 3

_AGENCY_NAMES = (
    r"AP|Associated[ \t]+Press|Reuters|AFP|Agence[ \t]+France[- ]Presse|dpa|DPA|Xinhua|Bloomberg|UPI|CNN|BBC"
    r"|EFE|ANSA|Kyodo|Yonhap|PTI|IANS|TASS|Interfax|AAP|ANI|CP|PA|Canadian[ \t]+Press|Press[ \t]+Association"
    r"|RIA[ \t]+Novosti|Sputnik|Anadolu|Bernama|Antara|KUNA|WAM|SPA|IRNA|APA|ATS|Belga|PAP|CTK|MTI|KNA|epd"
    r"|AP[ \t]+Photo"
)
_AGENCY = rf"(?:{_AGENCY_NAMES})(?:[ \t]*[/,&][ \t]*(?:{_AGENCY_NAMES}))*"
_AGENCY_PAREN = rf"(?:\([ \t]*{_AGENCY}[ \t]*\)|-LRB-[ \t]*{_AGENCY}[ \t]*-RRB-)"
_DASH = r"(?:-{1,3}|—|–|―)"
_CAPS_PLACE = r"[A-Z][A-Z.'’-]*[A-Z.](?:[ \t]+[A-Z][A-Z.'’-]*[A-Z.])*"
_TITLE_PLACE = r"[A-ZÀ-Þ][\w'’.-]+(?:[ \t]+(?:[A-ZÀ-Þ][\w'’.-]+|de|del|la|le|am|an|upon|on))*"
_REGION = r"(?:,[ \t]*[A-Z][\w.'’-]*(?:[ \t]+[A-Z0-9][\w.'’-]*){0,3})"
_PAREN_REGION = r"(?:[ \t]*\([^()\n]{1,40}\))"
_WEEKDAY = r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)[a-z]*\.?"
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE = (
    rf"(?:{_MONTH}[ \t]+\d{{1,2}}(?:st|nd|rd|th)?[ \t]*,?[ \t]*\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?[ \t]+{_MONTH}[ \t]*,?[ \t]*\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4})"
)
_TIME = r"(?:[ \t]*,?[ \t]*(?:at[ \t]+)?\d{1,2}[:.]\d{2}(?:[ \t]*[AaPp]\.?[Mm]\.?)?(?:[ \t]*[A-Z]{2,4}\b)?)"
_DATE_LABEL = (
    r"(?:Date[ \t]+of[ \t]+publication|Publication[ \t]+date|(?:First[ \t]+|Last[ \t]+)?(?:Published|Posted|Updated"
    r"|Modified)(?:[ \t]+on)?)[ \t]*:?[ \t]*"
)
_NAME = r"[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){0,3}"
_JOB = r"[A-Z][\w'’-]*(?:[ \t]+(?:and|of|for|the|&|[A-Z][\w'’-]*)){0,6}"

_LEADING = tuple(
    re.compile(pattern)
    for pattern in (
        # PINE RIDGE, S.D. (AP) --   WASHINGTON (Reuters) -   Berlin (dpa) –   (CNN) --
        rf"(?:(?:{_CAPS_PLACE}|{_TITLE_PLACE}){_REGION}?[ \t]*)?{_AGENCY_PAREN}[ \t]*(?:{_DASH}|:)?[ \t]*",
        # Saint Petersburg (Vereinigte Staaten), 14.03.2006 –   WASHINGTON, March 3, 2025 —
        rf"(?:{_CAPS_PLACE}|{_TITLE_PLACE}){_PAREN_REGION}?,[ \t]*{_DATE}[ \t]*{_DASH}[ \t]*",
        # LAUREL, Md. -   NEW YORK —   HANFORD, Calif. --
        rf"{_CAPS_PLACE}{_REGION}?[ \t]*{_DASH}[ \t]+",
        # WASHINGTON |
        rf"{_CAPS_PLACE}[ \t]*\|[ \t]*",
        # Wed Oct 19 2016   Date of publication 11 October 2016   Mon Mar 2 , 2009 4:23 pm EST |
        rf"(?:{_DATE_LABEL})?(?:{_WEEKDAY}[ \t]*,?[ \t]*)?{_DATE}{_TIME}?[ \t]*(?:[|·•:]|{_DASH})?[ \t]*",
        r"[|·•:]+[ \t]*",
    )
)
# A byline is cut only where a dateline, a date or a separator follows it, so that its end is known.
_BYLINE = re.compile(rf"By[ \t]+{_NAME}(?:[ \t]*(?:,|and|&)[ \t]*{_NAME})*(?:[ \t]*,[ \t]*{_JOB})?[ \t]*")

# Trailing credits stand after a sentence's closing mark; a credit that is the whole sentence is is_credit's.
_AFTER_CLOSE = r"(?<=[.!?”\"’)])"
_CREDIT_WORDS = (
    r"(?:Additional[ \t]+)?(?:[Rr]eporting|Writing|Editing|Compiled|Edited|Written|Research|Translated|Translation"
    r"|Produced|Photos?|Graphics?|Video)"
)
# Trailing furniture: (a word the tail must hold before the regex is worth running, the regex).
_TRAILING: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...] = tuple(
    (clues, re.compile(pattern))
    for clues, pattern in (
        # ... said. Reporting by Jane Doe; Editing by John Smith   (Reporting by Jane Doe)
        (
            (" by ",),
            rf"{_AFTER_CLOSE}[ \t]*[(\[]?[ \t]*{_CREDIT_WORDS}[ \t]+by[ \t]+[A-Z][^\n]{{0,200}}?[)\]]?\.?[ \t]*\Z",
        ),
        # ... With Post wires   — With files from The Canadian Press
        (
            ("With",),
            rf"{_AFTER_CLOSE}[ \t]*{_DASH}?[ \t]*[(\[]?[ \t]*With[ \t]+(?:[A-Z][\w.]*[ \t]+){{0,3}}(?:wires?\b"
            rf"|files[ \t]+from\b[^\n]{{0,80}}|agencies\b|agency[ \t]+reports\b"
            rf"|reporting[ \t]+(?:by|from)\b[^\n]{{0,80}}|(?:{_AGENCY})\b)[ \t]*[)\]]?\.?[ \t]*\Z",
        ),
        # ... (Reuters)   ... — AP
        ((")", "-RRB-"), rf"[ \t]*{_AGENCY_PAREN}[ \t]*\Z"),
        (("-", "—", "–", "―"), rf"{_AFTER_CLOSE}[ \t]*{_DASH}[ \t]*(?:{_AGENCY})[ \t]*\Z"),
        # ... said. https://example.com/story
        (("://", "www."), r"[ \t]*[(\[<]?(?:https?://|www\.)\S+[)\]>]?[ \t]*\Z"),
    )
)
_CREDIT_SENTENCE = re.compile(
    rf"[ \t(\[]*(?:{_CREDIT_WORDS}[ \t]+by\b"
    rf"|(?:The[ \t]+)?(?:{_AGENCY})[ \t]+contributed\b"
    r"|[^.!?\n]{0,80}\bcontributed[ \t]+(?:to[ \t]+)?(?:this|the)[ \t]+(?:report|story|article)"
    r"|Some[ \t]+information[ \t]+(?:for|in)[ \t]+this[ \t]+(?:report|story|article)"
    rf"|{_DASH}?[ \t]*With[ \t]+(?:[A-Z][\w.]*[ \t]+){{0,3}}(?:wires?|files|agencies)\b"
    r"|(?:Photo|Image|Video|Graphic|Picture)s?[ \t]*(?:credit|copyright|source)?[ \t]*:"
    r"|Sources?[ \t]*:"
    rf"|{_AGENCY_PAREN}[ \t]*\.?[ \t]*\Z)"
)


def _starts_a_sentence(rest: str) -> bool:
    """What is left after a cut must begin like a sentence: a capital, a digit, a quote or a letter
    of a script without case; never lowercase or a comma ("NATO — the alliance" keeps its start)."""
    first = rest[:1]
    return bool(first) and (first.isdigit() or first in "\"“‘'(«»„[" or (first.isalpha() and not first.islower()))


def _leading_cut(head: str, *, whole: bool) -> int:
    """Length of the dateline/byline furniture at the start of ``head`` (0 if none).

    Pieces are peeled in turn (a byline, a place, a date, the place again with its agency, a
    separator); the cut is the furthest point after which a sentence begins.
    """
    cut, best = 0, 0
    for _ in range(6):
        rest = head[cut:]
        found = next((m.end() for pattern in _LEADING if (m := pattern.match(rest)) and m.end()), 0)
        byline = None if found else _BYLINE.match(rest)
        if byline and any(pattern.match(rest[byline.end() :]) for pattern in _LEADING):
            found = byline.end()
        if not found:
            break
        cut += found
        if _starts_a_sentence(head[cut:]) or (whole and not head[cut:].strip()):
            best = cut
    return best


def trim(text: str, start: int, end: int, *, leading: bool = True) -> tuple[int, int]:
    """The span ``text[start:end]`` without a leading dateline or byline (when ``leading``) and
    without trailing credits, agency tags or a URL; ``(end, end)`` when nothing but those is there."""
    new_start = start
    if leading:
        head = text[start : min(end, start + DEFAULT_HEAD_CHARS)]
        new_start = start + _leading_cut(head, whole=end - start <= DEFAULT_HEAD_CHARS)
    new_end = end
    tail_start = max(new_start, end - DEFAULT_TAIL_CHARS)
    for _ in range(3):  # "... said. (Reuters) https://..." peels in turn
        tail = text[tail_start:new_end]
        match = next(
            (
                m
                for clues, pattern in _TRAILING
                if any(clue in tail for clue in clues) and (m := pattern.search(tail)) and m.start() < len(tail)
            ),
            None,
        )
        if match is None:
            break
        new_end = tail_start + match.start()
    while new_start < new_end and text[new_start].isspace():
        new_start += 1
    while new_end > new_start and text[new_end - 1].isspace():
        new_end -= 1
    if (new_start, new_end) != (start, end) and count_letter_words(
        text[new_start:new_end]
    ) < DEFAULT_MIN_REMAINING_WORDS:
        return end, end
    return new_start, new_end


def is_credit(sentence: str) -> bool:
    """True for a sentence that is only a credit: "Reporting by ...", "(Reuters)", "With Post wires",
    "The Associated Press contributed to this report.", "Photo: ..."."""
    return bool(_CREDIT_SENTENCE.match(sentence[:DEFAULT_HEAD_CHARS]))
