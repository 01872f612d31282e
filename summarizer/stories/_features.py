"""What an article is made of, for telling stories apart: a vector for what it is about
and a term vector for who, where and which figures it names.

The vector is the weighted mean of its title's and lead sentences' embeddings (the title
and the first sentences weigh most: that is where a report says what happened). The term
vector counts its words weighted by how rare each is in the article's language (wordfreq's
frequency lists, not the feed's own counts, so a pair of articles scores the same in a feed of
five as in a feed of five thousand): "the" and "said" weigh nothing, "Trump" a little, "Hualien"
or "1,200" a lot. Capitalised words inside a sentence (names, places) count twice. Two
earthquakes read alike to the embedding; their places, magnitudes and tolls differ.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from scipy import sparse

DEFAULT_LEAD_SENTENCES = 12
DEFAULT_TITLE_WEIGHT = 2.0
DEFAULT_LEAD_DECAY = 0.1  # sentence i of the lead weighs 1 / (1 + decay * i)
DEFAULT_COMMON_ZIPF = 7.0  # words at least this frequent ("the", "and") weigh nothing
DEFAULT_NAME_REPEATS = 2
DEFAULT_TERM_CHARS = 10_000  # the head of a long article says what it is about
FALLBACK_LANGUAGE = "en"
FIGURE_LANGUAGE = "en"

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)*")
_SENTENCE_END = frozenset(".!?\n\"“”'‘’:«»")


def article_vectors(
    leads: Sequence[np.ndarray],
    titles: Sequence[np.ndarray | None],
    *,
    title_weight: float = DEFAULT_TITLE_WEIGHT,
    lead_decay: float = DEFAULT_LEAD_DECAY,
) -> np.ndarray:
    """One L2-normalised row per article from its lead sentences' rows (in order) and its title's row.

    An article with neither gets a zero row: it then meets others through its terms only.
    """
    dimensions = next((v.shape[-1] for v in (*leads, *titles) if v is not None and v.size), 0)
    out = np.zeros((len(leads), dimensions), dtype=np.float32)
    for row, (lead, title) in enumerate(zip(leads, titles, strict=True)):
        vector = np.zeros(dimensions, dtype=np.float64)
        if lead.size:
            weights = 1.0 / (1.0 + lead_decay * np.arange(len(lead)))
            vector += weights @ lead
        if title is not None:
            vector += title_weight * title
        norm = np.linalg.norm(vector)
        if norm > 0:
            out[row] = vector / norm
    return out


def terms(text: str, *, name_repeats: int = DEFAULT_NAME_REPEATS) -> list[str]:
    """Lower-cased words and figures of ``text``; a capitalised word inside a sentence repeated."""
    found: list[str] = []
    for match in _TOKEN.finditer(text):
        token = match.group()
        found.append(token.lower())
        if token[0].isupper() and not _starts_sentence(text, match.start()):
            found.extend([token.lower()] * (name_repeats - 1))
    return found


def _starts_sentence(text: str, at: int) -> bool:
    before = text[max(0, at - 3) : at].rstrip(" \t")
    return not before or before[-1] in _SENTENCE_END


def load_word_lists() -> None:
    """Load wordfreq and the lists most feeds need (English, and the one figures are read in)."""
    _frequencies(FALLBACK_LANGUAGE)
    _figure_zipf("1")


@lru_cache(maxsize=1)
def _wordlist_languages() -> frozenset[str]:
    import wordfreq

    return frozenset(wordfreq.available_languages())


def wordlist_language(tag: str | None) -> str:
    """The wordfreq list for a BCP 47 tag ("de", "pt-BR"); English where none exists."""
    base = (tag or "").split("-")[0].lower()
    return base if base in _wordlist_languages() else FALLBACK_LANGUAGE


@lru_cache(maxsize=8)
def _frequencies(language: str) -> dict[str, float]:
    """``wordfreq.get_frequency_dict(language)``, built four times faster.

    wordfreq sets each word of its list one at a time in Python (0.2 s for English, on every
    cold start); here each frequency band goes in at once. Same list, same bands in the same
    order (a word in two bands keeps the later, rarer one, as there), same ``cB_to_freq``:
    the same dict, which tests/stories/test_features.py checks entry by entry.
    """
    import wordfreq

    frequencies: dict[str, float] = {}
    for index, band in enumerate(wordfreq.get_frequency_list(language)):
        frequencies.update(dict.fromkeys(band, wordfreq.cB_to_freq(-index)))
    return frequencies


@lru_cache(maxsize=100_000)
def _figure_zipf(term: str) -> float:
    """``wordfreq.zipf_frequency(term, "en")``, read from ``_frequencies("en")``.

    Estimated from the number's shape, alike in every language; English needs no extra tokenizer
    (wordfreq's Japanese, Chinese and Korean lists would want MeCab or jieba for this call).
    wordfreq's own call would build its English dict a second time, the slow way.
    """
    import wordfreq

    return float(round(wordfreq.freq_to_zipf(_figure_frequency(term, minimum=wordfreq.zipf_to_freq(0.0))), 2))


def _figure_frequency(term: str, *, minimum: float) -> float:
    """wordfreq 3.1's ``_word_frequency`` for English, step for step (English infers no word
    breaks, so jieba's penalty never applies); tests/stories/test_features.py checks that it
    agrees with ``wordfreq.zipf_frequency`` on every figure shape a text can hold."""
    import wordfreq
    from wordfreq.numbers import digit_freq, smash_numbers

    tokens = wordfreq.lossy_tokenize(term, FIGURE_LANGUAGE)
    if not tokens:
        return minimum
    frequencies = _frequencies(FIGURE_LANGUAGE)
    one_over = 0.0
    for token in tokens:
        smashed = smash_numbers(token)
        if smashed not in frequencies:
            return minimum
        frequency = frequencies[smashed]
        if smashed != token:
            frequency *= digit_freq(token)
        one_over += 1.0 / frequency
    unrounded = max(1.0 / one_over, minimum)
    return round(unrounded, math.floor(-math.log(unrounded, 10)) + 3)


def rarity(term: str, language: str, common_zipf: float = DEFAULT_COMMON_ZIPF) -> float:
    """How telling ``term`` is: zero for the commonest words, up to ``common_zipf`` for unseen ones."""
    if term[:1].isdigit():
        zipf = _figure_zipf(term)
    else:
        frequency = _frequencies(language).get(term, 0.0)
        zipf = math.log10(frequency) + 9.0 if frequency > 0 else 0.0
    return max(0.0, common_zipf - zipf)


def term_vectors(
    texts: Sequence[str],
    languages: Sequence[str | None],
    *,
    name_repeats: int = DEFAULT_NAME_REPEATS,
    common_zipf: float = DEFAULT_COMMON_ZIPF,
    max_chars: int = DEFAULT_TERM_CHARS,
) -> sparse.csr_matrix:
    """L2-normalised rows of sublinear term counts times each term's rarity in its article's language."""
    counts, vocabulary = _term_counts([terms(text[:max_chars], name_repeats=name_repeats) for text in texts])
    if counts.nnz == 0:
        return counts
    codes = [wordlist_language(tag) for tag in languages]
    names = sorted(set(codes))
    weights = np.array([[rarity(str(t), language, common_zipf) for t in vocabulary] for language in names])
    row_language = np.array([names.index(code) for code in codes])
    rows = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
    counts.data = (1.0 + np.log(counts.data)) * weights[row_language[rows], counts.indices]
    counts.eliminate_zeros()
    norms = np.sqrt(np.asarray(counts.multiply(counts).sum(axis=1)).ravel())
    return (sparse.diags(1.0 / np.where(norms > 0, norms, 1.0)) @ counts).tocsr()


def _term_counts(documents: Sequence[list[str]]) -> tuple[sparse.csr_matrix, list[str]]:
    """A document-term count matrix and its vocabulary (column order)."""
    columns: dict[str, int] = {}
    indices: list[int] = []
    data: list[float] = []
    indptr = [0]
    for document in documents:
        for term, n in Counter(document).items():
            indices.append(columns.setdefault(term, len(columns)))
            data.append(float(n))
        indptr.append(len(indices))
    shape = (len(documents), len(columns))
    matrix = sparse.csr_matrix((np.array(data), np.array(indices, dtype=np.int64), np.array(indptr)), shape=shape)
    return matrix, list(columns)
