"""Figures in sentences, read as intervals.

A regex pass finds counts, percentages, money and measures with their
qualifier and unit ("more than 1,100", "$5 billion", "20%", "2.5 km") and
ranges of them ("between 20 and 25"); dates, years, times, ages, durations,
ordinals, scores and labels ("Article 5") are left out. Each figure becomes an
interval of what its wording allows: "about 11,000" is 11,000 give or take a
few per cent, "more than 1,100" has no upper end, "up to 350,000" no lower one.
Two figures can both be true exactly when their intervals overlap.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

DEFAULT_APPROX_TOLERANCE = 0.03  # "about 11,000" spans 11,000 +- 3 %

_APPROX = ("about", "around", "approximately", "approx.", "roughly", "some", "an estimated", "estimated", "circa")
_LOWER = (
    "more than",
    "over",
    "at least",
    "upwards of",
    "in excess of",
    "above",
    "no fewer than",
    "no less than",
    "just over",
    "well over",
)
_UPPER = (
    "up to",
    "as many as",
    "fewer than",
    "less than",
    "under",
    "below",
    "no more than",
    "at most",
    "nearly",
    "almost",
    "close to",
    "just under",
)
_QUALIFIER_KIND = {q: kind for kind, qs in (("approx", _APPROX), ("lower", _LOWER), ("upper", _UPPER)) for q in qs}
_SMALL = (
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_WORD_VALUE = {w: i for i, w in enumerate(_SMALL, 2)} | {w: 10 * i for i, w in enumerate(_TENS, 2)}
_WORD_VALUE |= {"one": 1, "a dozen": 12, "dozen": 12}
_SCALE = {
    "hundred": 1e2,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "k": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "bn": 1e9,
}
# Surface unit -> canonical unit; figures are compared only within one canonical unit.
_UNITS = {
    "%": "%",
    "percent": "%",
    "per cent": "%",
    "percentage point": "pp",
    "percentage points": "pp",
    "square kilometers": "km2",
    "square kilometres": "km2",
    "square km": "km2",
    "sq km": "km2",
    "km2": "km2",
    "square miles": "mi2",
    "sq mi": "mi2",
    "square meters": "m2",
    "square metres": "m2",
    "square feet": "ft2",
    "km": "km",
    "kilometer": "km",
    "kilometers": "km",
    "kilometre": "km",
    "kilometres": "km",
    "mile": "mi",
    "miles": "mi",
    "meter": "m",
    "meters": "m",
    "metre": "m",
    "metres": "m",
    "feet": "ft",
    "foot": "ft",
    "ft": "ft",
    "acre": "acre",
    "acres": "acre",
    "hectare": "ha",
    "hectares": "ha",
    "ton": "ton",
    "tons": "ton",
    "tonne": "t",
    "tonnes": "t",
    "metric tons": "t",
    "metric ton": "t",
    "kg": "kg",
    "kilogram": "kg",
    "kilograms": "kg",
    "pound": "lb",
    "pounds": "lb",
    "lb": "lb",
    "lbs": "lb",
    "barrel": "bbl",
    "barrels": "bbl",
    "gallon": "gal",
    "gallons": "gal",
    "mph": "mph",
    "degree": "deg",
    "degrees": "deg",
    "dollar": "$",
    "dollars": "$",
    "euro": "€",
    "euros": "€",
    "yen": "¥",
    "yuan": "yuan",
    "rupee": "rupee",
    "rupees": "rupee",
}
_TIME_UNITS = {
    "second",
    "seconds",
    "minute",
    "minutes",
    "hour",
    "hours",
    "day",
    "days",
    "week",
    "weeks",
    "month",
    "months",
    "year",
    "years",
    "decade",
    "decades",
    "century",
    "centuries",
}
_CURRENCY = {"$": "$", "us$": "$", "€": "€", "£": "£", "¥": "¥"}
# Case-sensitive: "May 5" is a date, "5 may have died" is not.
_MONTHS = (
    "(?-i:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|January|February|March|April|June|July"
    "|August|September|October|November|December)"
)
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
        group("cur", r"US\$|\$|€|£|¥")
        + r"?\s?"
        + group("num", rf"\d{{1,3}}(?:[,\u00a0\u202f ]\d{{3}})+(?:\.\d+)?(?!,?\d)|\d+(?:\.\d+)?|\b{_WORD_NUMBER}\b")
        + r"(?:(?:[\s-]|(?<=\d))"
        + group("scale", "hundred|thousand|million|billion|trillion|bn|mn|k|m")
        + r"\b)?"
        + r"(?:\s?"
        + group("unit", rf"%|{units}")
        + r"(?![\w%]))?"
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

# Every figure has a digit or a number word ("twenty", "a dozen"): a sentence with neither (most of
# them) skips the two patterns above. The words are searched for in the lower-cased text of an ASCII
# sentence only, where lower-casing is exactly the patterns' IGNORECASE; other text takes the patterns.
_DIGIT = re.compile(r"\d")
_NUMBER_WORD = re.compile(rf"\b(?:{'|'.join(sorted({*_SMALL, *_TENS, 'dozen'}))})")


def _may_hold_a_figure(text: str) -> bool:
    return _DIGIT.search(text) is not None or not text.isascii() or _NUMBER_WORD.search(text.lower()) is not None


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
    if not _may_hold_a_figure(text):
        return []
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
