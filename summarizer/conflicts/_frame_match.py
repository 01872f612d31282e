"""Whether two framed figures count the same thing.

Two figures count the same thing when their nouns agree (soldiers ~ troops, by
embedding when an ``encode`` function is given), their predicates fall in the
same class ("killed" is not "sent"), the names attached to them do not clash
("North Korean" vs "Russian"), their parts, modifiers and years agree, and their
sentences are alike: the less sure the frames, the more alike the sentences
must be and the closer the figures. The settings are the finder's and are
passed in; these functions hold none of their own.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from summarizer.conflicts._frames import Frame, outcomes

DEFAULT_NOUN_CACHE_SIZE = 20_000

Encode = Callable[[list[str]], np.ndarray]


def ratio_limit(
    a: Frame, b: Frame, context: float, *, max_ratio: float, max_loose_ratio: float, min_event_similarity: float
) -> float:
    """How far apart two figures may be and still count the same thing, nouns aside; 0 when they do not.

    ``context`` is the cosine of their sentences.
    """
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
    if names_clash(a.names, b.names):
        return 0.0
    if not (a.names or b.names) and context < min_event_similarity:
        return 0.0  # "13 people killed" in one story and "3 people killed" in another: need alike sentences
    if alike:
        return max_ratio
    # Not sure the clauses say the same thing: believe it only of alike sentences and close figures.
    return max_loose_ratio if context >= min_event_similarity else 0.0


def noun_similarity(
    pairs: set[tuple[str, str]], *, encode: Encode | None, cache: dict[str, np.ndarray]
) -> dict[tuple[str, str], float]:
    """Cosine of the two nouns of each pair; empty (nothing matches) without ``encode``.

    ``cache`` keeps the caller's noun vectors across runs (nouns recur): each noun is encoded once.
    """
    if encode is None or not pairs:
        return {}
    nouns = {noun for pair in pairs for noun in pair}
    vectors = {n: v for n in nouns if (v := cache.get(n)) is not None}
    missing = sorted(nouns - vectors.keys())
    if missing:
        encoded = dict(zip(missing, np.asarray(encode(missing), dtype=np.float32), strict=True))
        vectors |= encoded
        if len(cache) + len(encoded) > DEFAULT_NOUN_CACHE_SIZE:
            cache.clear()
        cache.update(encoded)
    return {(x, y): float(vectors[x] @ vectors[y]) for x, y in pairs}


def nouns_agree(
    a: Frame | None, b: Frame | None, nouns: dict[tuple[str, str], float], *, min_thing_similarity: float
) -> bool:
    """True unless both frames name what they count, differently, and ``nouns`` says the two are unalike."""
    if a is None or b is None or not nouns_to_compare(a, b):
        return True
    return nouns.get((a.thing, b.thing), 0.0) >= min_thing_similarity


def nouns_to_compare(a: Frame | None, b: Frame | None) -> bool:
    """Both figures name what they count, differently, and neither noun is itself an outcome ("deaths")."""
    if a is None or b is None or not (a.thing and b.thing) or _singular(a.thing) == _singular(b.thing):
        return False
    return not (outcomes([a.thing]) or outcomes([b.thing]))


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _same_name_word(a: str, b: str) -> bool:
    """ "korea" ~ "korean", "ukraine" ~ "ukrainian"; "iran" !~ "iraq"."""
    common = 0
    while common < min(len(a), len(b)) and a[common] == b[common]:
        common += 1
    return a == b or (common >= 4 and common >= min(len(a), len(b)) - 2)


def names_clash(a: tuple[tuple[str, ...], ...], b: tuple[tuple[str, ...], ...]) -> bool:
    """True when both figures name whose they are and no name of one matches one of the other."""
    if not a or not b:
        return False
    return not any(
        len(x) == len(y) and all(_same_name_word(u, v) for u, v in zip(x, y, strict=True)) for x in a for y in b
    )
