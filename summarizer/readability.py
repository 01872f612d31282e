"""Does a line stand on its own? A deterministic check for a digest line read out of context.

A digest shows sentences cut out of their articles; a reader sees none of the text around them.
A line fails when it shows one of these (``problems`` names each):

- ``fragment``: under four words; no sentence ending (``.``, ``!``, ``?``, maybe inside closing
  quotes or brackets); it opens with punctuation that belongs to something before it (``,``,
  ``;``, ``:``, ``)``, a dash, an ellipsis) or trails off (``...``, a closing ``:`` or ``,``).
- ``lower-case start``: its first word starts in lower case (a split in mid-sentence); words
  like ``iPhone`` or ``eBay`` with a capital inside are names and pass.
- ``unbalanced quotes``: curly quotes ``“”`` or tokenised quotes ````''`` that do not pair up,
  an odd number of straight ``"``, or brackets (also tokenised ``-LRB-``/``-RRB-``) that do not
  close: half a quotation.
- ``question``: it ends in a question mark outside any quotation ("What is swine flu?", an FAQ
  heading or a rhetorical question): it asks instead of reporting.
- ``points back``: an opening that needs a sentence the reader never saw: a connective
  (``However,``, ``But``, ``Meanwhile``, ``As a result``), a demonstrative (``This use of ...``,
  ``These``, ``Such``; ``This week`` and other times are fine), a pronoun subject or possessive
  (``He``, ``They``, ``Its``, ``It`` unless it is the empty ``It is unclear whether``), a
  first- or second-person start (``I think ...``, ``We``: the middle of a quotation), a
  reference to something named before (``Both``, ``Another``, ``The latter``, ``The two ...``),
  or a quotation whose speaker is only a pronoun (``"We will win," he said.``). A line that opens
  with a quotation mark is the speaker's own words ("“But we will fight,” the minister said."):
  only its attribution is checked.

The same check scores every system in ``benchmarks/quality.py``; the selector uses it to skip or
repair lines. It reads words only, so it cannot see every dangling reference.
"""

from __future__ import annotations

import re
from functools import lru_cache

MIN_WORDS = 4

_TERMINAL = re.compile(r"""[.!?](?:\s*(?:["”’']|''|\)|\]|-RRB-))*\s*$""")
_BAD_START = re.compile(r"^\s*(?:[,;:)\]}]|-RRB-|[-–—]{1,2}\s|\.{2,}|…)")
_QUESTION = re.compile(r"\?\s*$")  # a question mark inside closing quotes is someone's question, reported
_TRAILING = re.compile(r"(?:\.\.\.|…|[:,;])\s*[\"”’']?\s*$")
_OPENING = re.compile(r"""^(?:\s|-LRB-|``|["'“‘`(\[{«\-–—])*""")
_QUOTE_FIRST = re.compile(r"""^\s*(?:``|["“‘'])""")
_FIRST_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_WORDS = re.compile(r"[^\W_][\w'’-]*")


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Connectives that link to the sentence before, whatever follows them.
_CONNECTIVES = _word_set(
    "however but and or nor yet so also meanwhile moreover furthermore additionally besides nevertheless "
    "nonetheless thus therefore hence consequently accordingly otherwise likewise similarly instead plus "
    "still anyway regardless"
)
# Words that point back only when they open with a comma ("Then, ...", "Indeed, ...").
_COMMA_CONNECTIVES = _word_set(
    "then later earlier again indeed now finally lastly next afterwards afterward previously too"
)
_PHRASES = (
    "in addition",
    "in contrast",
    "by contrast",
    "on the other hand",
    "as a result",
    "for example",
    "for instance",
    "in fact",
    "at the same time",
    "after that",
    "even so",
    "that said",
    "in turn",
    "by then",
    "since then",
    "until then",
    "because of this",
    "despite this",
    "despite that",
    "in response",
    "to that end",
    "not only that",
    "the latter",
    "the former",
    "the two",
    "the three",
    "the pair",
    "the same",
    "the other",
    "the move",
)
_PHRASE = re.compile(r"(?:" + "|".join(re.escape(p) for p in _PHRASES) + r")\b")
_PRONOUNS = _word_set("he she they his her their hers theirs him them its i we our my us me you your")
_REFERRING = _word_set("both another neither either")
_DEMONSTRATIVES = _word_set("this that these those such")
# "This week", "That night": a time, not a reference to an unseen sentence.
_TIME_WORDS = _word_set(
    "week weekend month year morning afternoon evening night day summer spring autumn fall winter season "
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december decade century"
)
# "It is unclear whether ...", "It was not clear how ...": the empty subject, no reference.
_EMPTY_IT = re.compile(
    r"^it(?:\s+|['’])(?:is|was|s|remains|remained|seems|seemed|appears|appeared|has been|had been|will be|would be"
    r"|could be|may be|might be)\b(?:\s+\w+){0,4}?\s+(?:that|whether|if|how|why|when|what|where|who|to)\b",
    re.IGNORECASE,
)
_PRONOUN_SPEAKER = re.compile(
    r"""(?:["”’']|'')\s*,?\s*(?:he|she|they|it)\s+(?:said|says|added|adds|told|explained|noted|wrote|writes"""
    r"""|argued|insisted|warned|continued|declared|stated|replied|asked|recalled|concluded)\b""",
    re.IGNORECASE,
)


def _quotes_unbalanced(text: str) -> bool:
    if text.count("“") != text.count("”") or text.count("``") != text.count("''") or text.count('"') % 2:
        return True
    opened = text.count("(") + text.count("[") + text.count("-LRB-")
    closed = text.count(")") + text.count("]") + text.count("-RRB-")
    return opened != closed


def _opening(text: str) -> str:
    """The text from its first letter or digit on, opening quotes and brackets skipped."""
    return _OPENING.sub("", text, count=1)


def _points_back(text: str) -> bool:
    if _PRONOUN_SPEAKER.search(text):
        return True
    opening = _opening(text)
    if _QUOTE_FIRST.match(text):
        return False  # the speaker's own words: "“But we will fight,” the minister said."
    words = [w.lower() for w in _WORDS.findall(opening[:80])]
    if not words:
        return False
    first = re.split(r"['’]", words[0])[0]  # "It's" -> "it", "They're" -> "they"
    lowered = opening.lower()
    if (first in _CONNECTIVES and not lowered.startswith("so far")) or first in _PRONOUNS or first in _REFERRING:
        return True
    if first in _COMMA_CONNECTIVES and re.match(rf"{first}\s*,", lowered):
        return True
    if first == "it" and not _EMPTY_IT.match(lowered):
        return True
    if first in _DEMONSTRATIVES and not (len(words) > 1 and words[1] in _TIME_WORDS):
        return True
    return bool(_PHRASE.match(lowered))


def _lower_case_start(text: str) -> bool:
    match = _FIRST_WORD.search(_opening(text))
    if not match or match.start() != 0:
        return False
    word = match.group()
    return word[0].islower() and not any(c.isupper() for c in word[1:])


@lru_cache(maxsize=65536)
def problems(text: str) -> tuple[str, ...]:
    """Why ``text`` does not stand on its own as a digest line; empty when it does."""
    found: list[str] = []
    if len(text.split()) < MIN_WORDS or not _TERMINAL.search(text) or _BAD_START.match(text) or _TRAILING.search(text):
        found.append("fragment")
    if _lower_case_start(text):
        found.append("lower-case start")
    if _quotes_unbalanced(text):
        found.append("unbalanced quotes")
    if _points_back(text):
        found.append("points back")
    if _QUESTION.search(text):
        found.append("question")
    return tuple(found)


def stands_alone(text: str) -> bool:
    """True when ``text`` reads as a whole sentence out of its article (see the module docstring)."""
    return not problems(text)
