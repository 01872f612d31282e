"""Which language and script an article is written in.

The script comes from the Unicode names of its letters; the language from py3langid
(a naive-Bayes identifier over 140 languages whose model ships inside the package,
so nothing is downloaded). English, the common case, is recognised first by its
function words, which spares loading the identifier (about a second) for English
input. A guess is kept only when the identifier is sure of it; otherwise the code is
None and the script alone says what the text is.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Any

# How much of an article the identifier reads: enough to be sure, little enough to be cheap.
DEFAULT_SAMPLE_CHARS = 1500
DEFAULT_MIN_CONFIDENCE = 0.9
DEFAULT_MIN_LETTERS = 20
# Share of words that are English function words above which a Latin text is English
# (English news runs at 30-40 %; German, French, Spanish or Dutch text at a few %).
DEFAULT_ENGLISH_SHARE = 0.15
_ENGLISH_WORDS = frozenset(
    {"the", "of", "and", "to", "that", "is", "was", "for", "with", "said", "his", "her", "from", "by", "are"}
    | {"have", "has", "it", "this", "which", "were", "they", "be", "at", "not", "their", "been", "would", "who"}
    | {"its", "had", "but", "or"}
)
_WORD = re.compile(r"[^\W\d_]+")
_ASCII_LETTERS = re.compile(r"[A-Za-z]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# The first word of a letter's Unicode name -> its ISO 15924 script code, where that code is not
# simply the word's first four letters (ARABIC -> Arab, CYRILLIC -> Cyrl, DEVANAGARI -> Deva, ...).
_SCRIPTS = {
    "LATIN": "Latn",
    "GREEK": "Grek",
    "CYRILLIC": "Cyrl",
    "ARMENIAN": "Armn",
    "KHMER": "Khmr",
    "SYRIAC": "Syrc",
    "THAANA": "Thaa",
    "CJK": "Hani",
    "HIRAGANA": "Kana",
    "KATAKANA": "Kana",
    "HANGUL": "Hang",
    "LAO": "Laoo",
    "MYANMAR": "Mymr",
    "TIBETAN": "Tibt",
    "GEORGIAN": "Geor",
    "GURMUKHI": "Guru",
    "KANNADA": "Knda",
    "MALAYALAM": "Mlym",
    "ETHIOPIC": "Ethi",
    "SINHALA": "Sinh",
    "TAMIL": "Taml",
    "TELUGU": "Telu",
    "ORIYA": "Orya",
    "GUJARATI": "Gujr",
    "FULLWIDTH": "Latn",
    "HALFWIDTH": "Kana",
}

_identifier: Any = None
_identifier_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class Language:
    """``code``: ISO 639-1 when known for sure, else None; ``script``: the main script (ISO 15924)."""

    code: str | None
    script: str

    @property
    def tag(self) -> str:
        """A BCP 47 tag: the language code, or "und-Arab" (undetermined, Arabic script) when unsure."""
        return self.code or f"und-{self.script}"


def _script(sample: str) -> str:
    scripts: Counter[str] = Counter({"Latn": len(_ASCII_LETTERS.findall(sample))})
    for char in _NON_ASCII.findall(sample):  # names are looked up for the few letters outside ASCII
        if char.isalpha():
            first = unicodedata.name(char, "UNKNOWN").split(" ", 1)[0]
            scripts[_SCRIPTS.get(first, first[:4].title())] += 1
    if not +scripts:
        return "Zyyy"  # ISO 15924: undetermined script
    if scripts["Kana"] and scripts["Kana"] >= 0.1 * (scripts["Kana"] + scripts["Hani"]):
        return "Jpan"  # Japanese: Han mixed with kana
    return scripts.most_common(1)[0][0]


def _looks_english(sample: str) -> bool:
    words = [w.lower() for w in _WORD.findall(sample)]
    return len(words) >= 8 and sum(w in _ENGLISH_WORDS for w in words) >= DEFAULT_ENGLISH_SHARE * len(words)


def _classify(sample: str) -> tuple[str, float]:
    global _identifier
    with _identifier_lock:  # loaded once; classify() only reads the model afterwards
        if _identifier is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    code, confidence = _identifier.classify(sample)
    return str(code), float(confidence)


def detect_language(text: str) -> Language:
    """The language and script of ``text`` (an article's content, headlines and furniture left out)."""
    sample = text[:DEFAULT_SAMPLE_CHARS]
    script = _script(sample)
    if script == "Latn" and _looks_english(sample):
        return Language("en", script)
    if sum(char.isalpha() for char in sample) < DEFAULT_MIN_LETTERS:
        return Language(None, script)
    code, confidence = _classify(sample)
    return Language(code if confidence >= DEFAULT_MIN_CONFIDENCE else None, script)
