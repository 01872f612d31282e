"""The baseline summarisers our digest is compared with.

Each system takes the articles of one cluster and returns sentences, most important first;
the harness cuts every output to the same word budget. Peers:

- ``Lead``: the first sentence of each article in turn, then the second ones, ... (round-robin).
- ``LexRank``, ``TextRank``, ``SumBasic`` from sumy, run on the articles joined into one text,
  with a pysbd/regex tokenizer (sumy's default needs NLTK punkt data, which cannot be downloaded
  offline), sumy's snowball stemmer and its English stop words.

All peers split sentences with :func:`benchmarks.common.split_sentences`, so they see the same
sentences, and none of them returns the same sentence text twice.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from benchmarks.common import split_paragraph, split_sentences

# sumy's own Tokenizer keeps only tokens that look like words (letters, inner ' and -).
_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['-])*")
SUMY_LANGUAGE = "english"


class System(Protocol):
    """A summariser under test: articles in, sentences out (most important first)."""

    name: str

    def rank(self, documents: Sequence[str]) -> list[str]: ...


def _unique(sentences: Sequence[str]) -> list[str]:
    seen: set[str] = set()
    return [s for s in sentences if not (s in seen or seen.add(s))]


class Lead:
    """First sentences of the articles, round-robin: the classic news baseline."""

    name = "Lead"

    def rank(self, documents: Sequence[str]) -> list[str]:
        per_document = [split_sentences(d) for d in documents]
        longest = max((len(s) for s in per_document), default=0)
        ordered = [s[i] for i in range(longest) for s in per_document if i < len(s)]
        return _unique(ordered)


class PysbdTokenizer:
    """sumy's tokenizer interface (``to_sentences``, ``to_words``) without NLTK data."""

    language = SUMY_LANGUAGE

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return split_paragraph(paragraph)

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(_WORD.findall(sentence))


class SumyPeer:
    """One of sumy's extractive summarisers, returning its full ranking.

    sumy's summarisers return their top-N sentences in document order; the ranking itself is
    read from the ``sentences_count`` callable, which sumy calls with every sentence sorted by
    rating (best first). Ties keep document order.
    """

    def __init__(self, name: str, factory: Callable[[Any], Any]) -> None:
        from sumy.nlp.stemmers import Stemmer
        from sumy.utils import get_stop_words

        self.name = name
        self._summarizer = factory(Stemmer(SUMY_LANGUAGE))
        self._summarizer.stop_words = get_stop_words(SUMY_LANGUAGE)
        self._tokenizer = PysbdTokenizer()

    def rank(self, documents: Sequence[str]) -> list[str]:
        from sumy.parsers.plaintext import PlaintextParser

        # Blank lines keep articles (and their paragraphs) apart, as sumy's plaintext format wants.
        text = "\n\n".join(documents)
        parser = PlaintextParser.from_string(text, self._tokenizer)
        ranking: list[str] = []

        def keep_all(infos: list[Any]) -> list[Any]:
            ranking.extend(str(info.sentence) for info in infos)
            return infos

        self._summarizer(parser.document, keep_all)
        return _unique(ranking)


def lexrank() -> SumyPeer:
    from sumy.summarizers.lex_rank import LexRankSummarizer

    return SumyPeer("LexRank", LexRankSummarizer)


def textrank() -> SumyPeer:
    from sumy.summarizers.text_rank import TextRankSummarizer

    return SumyPeer("TextRank", TextRankSummarizer)


def sumbasic() -> SumyPeer:
    from sumy.summarizers.sum_basic import SumBasicSummarizer

    return SumyPeer("SumBasic", SumBasicSummarizer)


PEERS: dict[str, Callable[[], System]] = {
    "lead": Lead,
    "lexrank": lexrank,
    "textrank": textrank,
    "sumbasic": sumbasic,
}
