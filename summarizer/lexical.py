"""The words of a sentence as evidence: stems, content words, figures, names and concepts.

Shared by the stages that compare sentences by what they say rather than how they sound: the
clusterer (two sentences make the same claim when they share figures, names and content words),
the near-duplicate finder (word shingles) and the selector (content-word bigrams as concepts).
Stems come from the Snowball English stemmer (PyStemmer); stop words are spaCy's English list.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*%?|[^\W\d_]+(?:['’][^\W\d_]+)?")
_FIGURE = re.compile(r"\d+(?:[.,]\d+)*")
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "m": 1e6, "bn": 1e9}
# Small numbers ("two of them", "3 p.m.") and years say little about which claim a sentence makes.
MIN_TELLING_FIGURE = 10
# Words this far before and after a figure tell what it counts ("4,000 North Korean soldiers have been killed").
CONTEXT_BEFORE, CONTEXT_AFTER = 3, 6


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    from summarizer._spacy import import_spacy

    import_spacy()  # spaCy without the torch its thinc would import (~1 s of a cold start)
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) | {"said", "says", "told", "mr", "mrs", "ms", "s", "t", "n't", "nt"}


@lru_cache(maxsize=1)
def _stemmer():  # PyStemmer: the Snowball stemmers in C
    import Stemmer

    return Stemmer.Stemmer("english")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    return str(_stemmer().stemWord(word))


@dataclass(frozen=True, slots=True)
class Words:
    """What one sentence says, in forms that can be compared across sentences."""

    stems: tuple[str, ...]  # every word and figure, lower-cased and stemmed, in order
    content: frozenset[str]  # stems of the words that are not stop words
    figures: frozenset[float]  # the numbers it states ("11,000", "4.5 million"), telling ones only
    # Each figure with the content words around it: (11000.0, {"troop", "sent", "north", "korea"}).
    quantities: frozenset[tuple[float, frozenset[str]]]
    names: frozenset[str]  # capitalised words inside the sentence (not its first word)
    bigrams: frozenset[tuple[str, str]]  # adjacent stems, not both stop words: the selector's concepts


def _figure(token: str, following: str | None) -> float | None:
    try:
        value = float(token.rstrip("%").replace(",", ""))
    except ValueError:
        return None
    return value * _SCALE.get(following or "", 1.0)


@lru_cache(maxsize=65_536)
def analyse(text: str) -> Words:
    """The comparable words of ``text``."""
    tokens = _TOKEN.findall(text)
    lowered = [t.lower() for t in tokens]
    stops = stop_words()
    stems = tuple(t if t[0].isdigit() else stem(t) for t in lowered)
    is_stop = [t in stops for t in lowered]
    content = frozenset(s for s, t, stop in zip(stems, lowered, is_stop, strict=True) if not stop and t.isalpha())
    figures: set[float] = set()
    quantities: set[tuple[float, frozenset[str]]] = set()
    for i, token in enumerate(lowered):
        if not _FIGURE.fullmatch(token.rstrip("%")):
            continue
        following = lowered[i + 1] if i + 1 < len(lowered) else None
        value = _figure(token, following)
        if value is None or value < MIN_TELLING_FIGURE or (1900 <= value <= 2100 and "," not in token):
            continue
        figures.add(value)
        around = range(max(0, i - CONTEXT_BEFORE), min(len(tokens), i + 1 + CONTEXT_AFTER))
        context = frozenset(stems[j] for j in around if j != i and stems[j] in content)
        if context:
            quantities.add((value, context))
    names = frozenset(
        t
        for i, (t, raw) in enumerate(zip(lowered, tokens, strict=True))
        if i > 0 and raw[0].isupper() and t not in stops
    )
    bigrams = frozenset((stems[i], stems[i + 1]) for i in range(len(stems) - 1) if not (is_stop[i] and is_stop[i + 1]))
    return Words(stems, content, frozenset(figures), frozenset(quantities), names, bigrams)


def analyse_all(texts: Sequence[str]) -> list[Words]:
    return [analyse(t) for t in texts]


def contradicting(a: Words, b: Words) -> bool:
    """Each states a figure about the same thing that the other does not: "4,000 soldiers have been
    killed" against "1,000 have been killed". Two figures are about the same thing when content
    words around them overlap; a figure that the other sentence also states is agreement."""
    for value_a, context_a in a.quantities:
        if value_a in b.figures:
            continue
        for value_b, context_b in b.quantities:
            if value_b != value_a and value_b not in a.figures and context_a & context_b:
                return True
    return False
