"""Syndicated copy: near-identical passages in different articles are one report, not several.

The same agency story on four sites, or a paragraph lifted from it, must not count as four
sources. Every sentence gets a MinHash of its word 3-shingles; an LSH index (sentences that
agree on a whole band of their MinHash values) finds pairs in other articles whose estimated
Jaccard similarity is above ``threshold``, and the exact Jaccard of the shingle sets confirms
them. Both are datasketch's MinHash LSH, its permutations and its choice of bands, computed here
without importing datasketch: its package imports scipy.integrate (a quarter second of a cold
start) to choose those bands. One shared sentence is not copying (two outlets quote
the same speech word for word); two articles that share at least ``min_shared`` near-identical
sentences have copied a passage, and those sentences are copies. Articles whose copied sentences
make up at least ``article_share`` of the shorter one are copies of each other as a whole.

Of a set of copies, the *original* is the earliest-published article (``Article.published``),
else the one given first: the others are cited as ``copy_of`` it and add no support.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from typing import Protocol

import numpy as np

from summarizer.dates import published_at
from summarizer.types import Article, Sentence

DEFAULT_THRESHOLD = 0.7
DEFAULT_NUM_PERM = 64
DEFAULT_MIN_SHARED = 3
DEFAULT_ARTICLE_SHARE = 0.5
DEFAULT_MIN_TOKENS = 6  # shorter sentences match by chance ("The vote was 7 to 2.")
SHINGLE = 3
_SKETCH_BATCH = 1024  # sentences whose MinHash values are computed at once (memory: shingles x num_perm)
# datasketch's MinHash constants: permutations are drawn with this seed, taken modulo this prime
# and kept to 32 bits.
_SEED = 1
_MERSENNE_PRIME = np.uint64((1 << 61) - 1)
_MAX_HASH = np.uint64((1 << 32) - 1)
# datasketch's bands and rows, as MinHashLSH(threshold, num_perm) chooses them (equal weights).
_KNOWN_BANDS: dict[tuple[float, int], tuple[int, int]] = {(DEFAULT_THRESHOLD, DEFAULT_NUM_PERM): (8, 8)}

_TOKEN = re.compile(r"[^\W_]+")
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def shingles(text: str) -> frozenset[str]:
    """Word 3-grams of ``text``, lower-cased, punctuation ignored."""
    tokens = _TOKEN.findall(text.lower())
    return frozenset(" ".join(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


@dataclass(frozen=True, slots=True)
class Copies:
    """Which sentences copy which, for one run; indices are into the run's sentence list.

    ``origin[i]`` is the sentence that sentence i copies (the original's), or i itself.
    ``linked`` holds article-index pairs ``(a, b)``, ``a < b``, that share a copied passage;
    ``duplicates`` those that are copies as a whole. ``seniority[a]`` orders articles by
    publication (then input order): the lowest of a set of copies is the original.
    """

    origin: tuple[int, ...]
    linked: frozenset[tuple[int, int]]
    duplicates: frozenset[tuple[int, int]]
    seniority: tuple[int, ...]

    @classmethod
    def none(cls, sentences: Sequence[Sentence], n_articles: int | None = None) -> Copies:
        """No copies at all: every article is its own report."""
        n = n_articles if n_articles is not None else 1 + max((s.article_index for s in sentences), default=-1)
        return cls(tuple(range(len(sentences))), frozenset(), frozenset(), tuple(range(n)))

    def reports(self, members: Sequence[int], sentences: Sequence[Sentence]) -> list[tuple[int, ...]]:
        """The independent reports among ``members``: groups of article indices, original first.

        Two articles are one report here when a member copies a sentence of the other, or when
        they are copies as a whole.
        """
        articles = sorted({sentences[m].article_index for m in members})
        parent = {a: a for a in articles}

        def root(a: int) -> int:
            while parent[a] != a:
                parent[a] = parent[parent[a]]
                a = parent[a]
            return a

        def union(a: int, b: int) -> None:
            ra, rb = root(a), root(b)
            if ra != rb:
                parent[max(ra, rb, key=self._rank)] = min(ra, rb, key=self._rank)

        for m in members:
            source = sentences[self.origin[m]].article_index
            if source in parent:
                union(sentences[m].article_index, source)
        for a, b in self.duplicates:
            if a in parent and b in parent:
                union(a, b)
        groups: dict[int, list[int]] = {}
        for a in articles:
            groups.setdefault(root(a), []).append(a)
        return [tuple(sorted(g, key=self._rank)) for g in sorted(groups.values(), key=lambda g: min(g))]

    def report_of(self, sentences: Sequence[Sentence]) -> list[int]:
        """Per sentence, the article of the report it belongs to: its original's, copies folded in."""
        whole: dict[int, int] = {}
        for a, b in sorted(self.duplicates, key=lambda p: (self._rank(p[0]), self._rank(p[1]))):
            first, later = sorted((whole.get(a, a), whole.get(b, b)), key=self._rank)
            whole[later] = first
            for k, v in whole.items():
                if v == later:
                    whole[k] = first

        return [whole.get(sentences[o].article_index, sentences[o].article_index) for o in self.origin]

    def independent(self, members: Sequence[int], sentences: Sequence[Sentence]) -> int:
        """How many independent reports carry ``members``."""
        return len(self.reports(members, sentences))

    def _rank(self, article: int) -> tuple[int, int]:
        return (self.seniority[article], article)


class CopyFinder(Protocol):
    """Finds copies: ``find`` returns which sentences copy which (``Copies.none`` for no copies)."""

    def find(self, sentences: Sequence[Sentence], articles: Sequence[Article]) -> Copies: ...


class MinHashCopyFinder:
    """Finds copied sentences and articles with MinHash LSH (datasketch's scheme)."""

    def __init__(
        self,
        *,
        threshold: float = DEFAULT_THRESHOLD,
        num_perm: int = DEFAULT_NUM_PERM,
        min_shared: int = DEFAULT_MIN_SHARED,
        article_share: float = DEFAULT_ARTICLE_SHARE,
        min_tokens: int = DEFAULT_MIN_TOKENS,
    ):
        self.threshold = threshold
        self.num_perm = num_perm
        self.min_shared = min_shared
        self.article_share = article_share
        self.min_tokens = min_tokens

    def load(self) -> None:
        """Draw the MinHash permutations and choose the LSH bands now, not in the first digest."""
        _permutations(self.num_perm)
        _bands(self.threshold, self.num_perm)

    def find(self, sentences: Sequence[Sentence], articles: Sequence[Article]) -> Copies:
        seniority = _seniority(articles)
        pairs = self._near_identical(sentences)
        shared: Counter[tuple[int, int]] = Counter()
        for i, j in pairs:
            a, b = sorted((sentences[i].article_index, sentences[j].article_index))
            shared[a, b] += 1
        linked = frozenset(p for p, n in shared.items() if n >= self.min_shared)
        per_article = Counter(s.article_index for s in sentences)
        duplicates = frozenset(
            (a, b) for (a, b) in linked if shared[a, b] >= self.article_share * min(per_article[a], per_article[b])
        )
        origin = list(range(len(sentences)))

        def rank(i: int) -> tuple[int, int, int]:
            return (seniority[sentences[i].article_index], sentences[i].article_index, sentences[i].position)

        # Pairs in rank order, so a copy points at the earliest of its near-identical sentences.
        for i, j in sorted(pairs, key=lambda p: (rank(max(p, key=rank)), rank(min(p, key=rank)))):
            first, later = sorted((i, j), key=rank)
            key = tuple(sorted((sentences[first].article_index, sentences[later].article_index)))
            if key in linked and origin[later] == later:
                origin[later] = origin[first]
        return Copies(tuple(origin), linked, duplicates, seniority)

    def _near_identical(self, sentences: Sequence[Sentence]) -> list[tuple[int, int]]:
        """Pairs (j, i), j < i, of sentences in different articles that are near-identical."""
        grams = [shingles(s.text) if s.words >= self.min_tokens else frozenset() for s in sentences]
        usable = [i for i, g in enumerate(grams) if g]
        if len({sentences[i].article_index for i in usable}) < 2:
            return []
        permutations = _permutations(self.num_perm)
        bands, rows = _bands(self.threshold, self.num_perm)
        buckets: dict[tuple[int, bytes], list[int]] = {}  # (band, its values) -> the sentences so far
        pairs: list[tuple[int, int]] = []
        for begin in range(0, len(usable), _SKETCH_BATCH):
            batch = usable[begin : begin + _SKETCH_BATCH]
            for i, values in zip(batch, _signatures([grams[i] for i in batch], permutations), strict=True):
                candidates: set[int] = set()
                for band in range(bands):
                    bucket = buckets.setdefault((band, values[band * rows : (band + 1) * rows].tobytes()), [])
                    candidates.update(bucket)
                    bucket.append(i)
                for j in sorted(candidates):
                    if sentences[j].article_index != sentences[i].article_index and (
                        jaccard(grams[i], grams[j]) >= self.threshold
                    ):
                        pairs.append((j, i))
        return pairs


@lru_cache(maxsize=8)
def _permutations(num_perm: int) -> np.ndarray:
    """The ``(a, b)`` rows of datasketch's ``MinHash(num_perm=num_perm).permutations``, drawn as it
    draws them (seed 1), which every sketch of a run shares; tests/test_copies.py pins them."""
    generator = np.random.RandomState(_SEED)
    drawn = [
        (generator.randint(1, _MERSENNE_PRIME, dtype=np.uint64), generator.randint(0, _MERSENNE_PRIME, dtype=np.uint64))
        for _ in range(num_perm)
    ]
    return np.array(drawn, dtype=np.uint64).T


@lru_cache(maxsize=8)
def _bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """datasketch's choice of LSH bands and rows for this threshold: looked up for the defaults
    (tests/test_copies.py checks the table against datasketch), else found by datasketch, which
    integrates its false positive and negative rates for every split of ``num_perm``."""
    known = _KNOWN_BANDS.get((threshold, num_perm))
    if known is not None:
        return known
    from datasketch import MinHashLSH

    index = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return index.b, index.r


def _signatures(grams: Sequence[frozenset[str]], permutations: np.ndarray) -> np.ndarray:
    """MinHash values of many shingle sets at once: datasketch's permutations (``(a * h + b) mod
    p``, kept to 32 bits) over CRC-32 hashes of the shingles, the minimum per set."""
    a, b = permutations
    lengths = np.fromiter((len(g) for g in grams), dtype=np.int64, count=len(grams))
    hashes = np.fromiter(
        (zlib.crc32(shingle.encode("utf-8")) for g in grams for shingle in g), dtype=np.uint64, count=int(lengths.sum())
    )
    permuted = np.bitwise_and((hashes[:, None] * a[None, :] + b[None, :]) % _MERSENNE_PRIME, _MAX_HASH)
    starts = np.r_[0, np.cumsum(lengths)[:-1]]
    return np.minimum.reduceat(permuted, starts, axis=0)


def _seniority(articles: Sequence[Article]) -> tuple[int, ...]:
    """Each article's place in publication order; undated articles after dated ones, by input order."""
    dates = [published_at(a.published) for a in articles]
    order = sorted(range(len(articles)), key=lambda a: (dates[a] is None, dates[a] or _EPOCH, a))
    rank = np.empty(len(articles), dtype=np.int64)
    rank[order] = np.arange(len(articles))
    return tuple(int(r) for r in rank)
