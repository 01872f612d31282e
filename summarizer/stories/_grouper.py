"""The story grouper: a mixed feed -> stories, each a set of articles about one event."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np
from scipy import sparse

from summarizer.segment import segment_article
from summarizer.stories._features import (
    DEFAULT_LEAD_DECAY,
    DEFAULT_LEAD_SENTENCES,
    DEFAULT_TITLE_WEIGHT,
    article_vectors,
    load_word_lists,
    term_vectors,
)
from summarizer.stories._order import choose_title, independent_sources, story_order
from summarizer.stories._partition import (
    DEFAULT_EMBEDDING_WEIGHT,
    DEFAULT_MIN_SIMILARITY,
    partition,
    similarity,
)
from summarizer.types import Article, ArticleReport, Sentence, Story

log = logging.getLogger(__name__)

Encode = Callable[[list[str]], np.ndarray]
# An article with no content sentence and no title is embedded from the head of its text.
_FALLBACK_CHARS = 1000
_LEAD_CHARS = 8000  # comfortably more than the lead sentences need


@dataclass(frozen=True, slots=True)
class _Feed:
    """What the grouper knows of each article: its vector, terms, title and first sentence."""

    vectors: np.ndarray
    terms: sparse.csr_matrix  # one row per article
    titles: list[str | None]
    leads: list[str | None]


class StoryGrouper:
    """Groups articles by the event they report; deterministic for a given input.

    Each article is an embedding of its title and lead and a vector of the rare words it uses
    (names, places, figures): articles join a story when, on average over the story, both
    agree enough (see ``summarizer.stories``). A story may hold one article.
    """

    def __init__(
        self,
        *,
        min_similarity: float = DEFAULT_MIN_SIMILARITY,
        embedding_weight: float = DEFAULT_EMBEDDING_WEIGHT,
        lead_sentences: int = DEFAULT_LEAD_SENTENCES,
        title_weight: float = DEFAULT_TITLE_WEIGHT,
        lead_decay: float = DEFAULT_LEAD_DECAY,
    ):
        self.min_similarity = min_similarity
        self.embedding_weight = embedding_weight
        self.lead_sentences = lead_sentences
        self.title_weight = title_weight
        self.lead_decay = lead_decay
        self._word_lists: threading.Thread | None = None  # the background read, while it runs

    def load(self) -> None:
        """Read the word-frequency lists now (a fifth of a second), not inside the first digest."""
        self._wait_for_word_lists()
        load_word_lists()

    def start_loading(self) -> None:
        """Begin reading the word-frequency lists in the background (while the model embeds);
        grouping waits for them."""
        if self._word_lists is None:
            self._word_lists = threading.Thread(target=load_word_lists, name="load-word-lists", daemon=True)
            self._word_lists.start()

    def _wait_for_word_lists(self) -> None:
        loading = self._word_lists
        if loading is not None:
            loading.join()  # a failed load is not kept: the next look-up loads again and raises
            self._word_lists = None  # nothing left to wait for (and a thread does not pickle)

    def group(self, articles: Sequence[Article], encode: Encode) -> list[Story]:
        """Every article in exactly one story; stories most independent sources first, ids s1, s2, ..."""
        self._wait_for_word_lists()
        sentences: list[Sentence] = []
        reports: list[ArticleReport] = []
        for index, article in enumerate(articles):
            # The lead is all the grouper embeds: segment the head of a long article only.
            head = replace(article, text=article.text[:_LEAD_CHARS]) if len(article.text) > _LEAD_CHARS else article
            found, report = segment_article(head, index)
            sentences += [s for s in found if s.position < self.lead_sentences]
            reports.append(report)
        feed = self._describe(articles, sentences, None, reports, encode)
        groups = self._partition(feed)
        return self._stories(articles, groups, feed)

    def partition_digest_input(
        self,
        articles: Sequence[Article],
        sentences: Sequence[Sentence],
        embeddings: np.ndarray,
        reports: Sequence[ArticleReport],
        encode: Encode,
    ) -> list[list[int]]:
        """Groups of article indices from a digest's own sentences and embeddings (no re-embedding
        of the lead): how many stories a set handed to ``summarize`` holds. ``encode`` is called once,
        on ``digest_input_texts`` (nothing when that is empty)."""
        self._wait_for_word_lists()
        return self._partition(self._describe(articles, sentences, embeddings, reports, encode))

    def digest_input_texts(
        self, articles: Sequence[Article], sentences: Sequence[Sentence], reports: Sequence[ArticleReport]
    ) -> list[str]:
        """What ``partition_digest_input`` embeds besides the sentences: titles, and the head of an
        article with neither a lead sentence nor a title. The pipeline embeds them in the same call
        as the sentences, which spares the model a second call for a handful of short texts."""
        return _extra_texts(articles, _lead_rows(articles, sentences, self.lead_sentences), reports)[2]

    def _partition(self, feed: _Feed) -> list[list[int]]:
        return partition(
            feed.vectors, feed.terms, embedding_weight=self.embedding_weight, min_similarity=self.min_similarity
        )

    def _describe(
        self,
        articles: Sequence[Article],
        sentences: Sequence[Sentence],
        embeddings: np.ndarray | None,
        reports: Sequence[ArticleReport],
        encode: Encode,
    ) -> _Feed:
        lead_rows = _lead_rows(articles, sentences, self.lead_sentences)
        titled, missing, texts = _extra_texts(articles, lead_rows, reports)
        titles = [report.title for report in reports]
        if embeddings is None:
            texts += [s.text for s in sentences]
        encoded = encode(texts) if texts else np.zeros((0, 0), dtype=np.float32)
        title_vectors: list[np.ndarray | None] = [None] * len(articles)
        for k, i in enumerate(titled):
            title_vectors[i] = encoded[k]
        fallback = {i: encoded[len(titled) + k][None, :] for k, i in enumerate(missing)}
        sentence_vectors = embeddings if embeddings is not None else encoded[len(titled) + len(missing) :]
        empty = np.zeros((0, encoded.shape[1] if encoded.ndim == 2 else 0), dtype=np.float32)
        leads = [sentence_vectors[rows] if rows else fallback.get(i, empty) for i, rows in enumerate(lead_rows)]
        vectors = article_vectors(leads, title_vectors, title_weight=self.title_weight, lead_decay=self.lead_decay)
        languages = [report.language for report in reports]
        term_texts = [f"{titles[i] or ''}\n{article.text}" for i, article in enumerate(articles)]
        first_sentence = [sentences[rows[0]].text if rows else None for rows in lead_rows]
        first_lines = [s or _first_line(a.text) for s, a in zip(first_sentence, articles, strict=True)]
        return _Feed(vectors, term_vectors(term_texts, languages), titles, first_lines)

    def _stories(self, articles: Sequence[Article], groups: list[list[int]], feed: _Feed) -> list[Story]:
        sources, titles = [], []
        for members in groups:
            similar = similarity(feed.vectors, feed.terms, members, members, embedding_weight=self.embedding_weight)
            words = (feed.terms[members] @ feed.terms[members].T).toarray()
            sources.append(independent_sources([articles[m] for m in members], words))
            titles.append(choose_title([feed.titles[m] for m in members], [feed.leads[m] for m in members], similar))
        order = story_order([len(g) for g in groups], sources, [g[0] for g in groups])
        stories = [
            Story(f"s{rank}", titles[s], tuple(articles[m].id for m in groups[s]), sources[s])
            for rank, s in enumerate(order, start=1)
        ]
        log.info("stories   %d articles in %d stories", len(articles), len(stories))
        return stories


def _lead_rows(articles: Sequence[Article], sentences: Sequence[Sentence], lead_sentences: int) -> list[list[int]]:
    """Per article, the rows of its lead sentences."""
    lead_rows: list[list[int]] = [[] for _ in articles]
    for row, sentence in enumerate(sentences):
        if sentence.position < lead_sentences:
            lead_rows[sentence.article_index].append(row)
    return lead_rows


def _extra_texts(
    articles: Sequence[Article], lead_rows: list[list[int]], reports: Sequence[ArticleReport]
) -> tuple[list[int], list[int], list[str]]:
    """The titled articles, the articles with neither lead nor title, and the texts to embed for them, in that order."""
    titles = [report.title for report in reports]
    titled = [i for i, title in enumerate(titles) if title]
    missing = [i for i, rows in enumerate(lead_rows) if not rows and not titles[i]]
    texts = [str(titles[i]) for i in titled] + [articles[i].text[:_FALLBACK_CHARS] for i in missing]
    return titled, missing, texts


def _first_line(text: str) -> str | None:
    return next((line.strip() for line in text.splitlines() if line.strip()), None)
