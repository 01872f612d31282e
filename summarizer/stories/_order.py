"""A story's title, its count of independent sources, and the order of stories.

Independent sources: articles from one outlet (``Article.source``, else the host of
``Article.url``) count once, and so do copies of one report (near-identical vocabulary:
syndicated wire copy under several mastheads). An article that names neither source nor URL
counts as its own source. Stories are ordered by independent sources, then articles, then
where their first article stood in the feed.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

import numpy as np

from summarizer.types import Article

DEFAULT_COPY_SIMILARITY = 0.9  # term-vector cosine at which two articles are one report
DEFAULT_MAX_TITLE_WORDS = 20


def source_key(article: Article) -> str | None:
    """The outlet an article comes from, as far as its fields say: source name, else URL host."""
    if article.source and article.source.strip():
        return article.source.strip().casefold()
    if article.url:
        host = urlsplit(article.url.strip()).hostname or ""
        host = host.removeprefix("www.")
        if host:
            return host
    return None


def independent_sources(
    articles: Sequence[Article], word_similarity: np.ndarray, *, copy_similarity: float = DEFAULT_COPY_SIMILARITY
) -> int:
    """How many independent sources ``articles`` (one story) come from; ``word_similarity`` is
    their term-vector cosine matrix, in the same order."""
    parent = list(range(len(articles)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_of: dict[str, int] = {}
    for i, article in enumerate(articles):
        key = source_key(article)
        if key is not None:
            parent[root(i)] = root(first_of.setdefault(key, i))
    for i, j in zip(*np.nonzero(np.triu(word_similarity, k=1) >= copy_similarity), strict=True):
        parent[root(int(j))] = root(int(i))
    return len({root(i) for i in range(len(articles))})


def choose_title(
    titles: Sequence[str | None],
    leads: Sequence[str | None],
    similar: np.ndarray,
    *,
    max_words: int = DEFAULT_MAX_TITLE_WORDS,
) -> str:
    """The title of the story's most central article that has one (central: most similar on
    average to the rest), else that article's first sentence, cut to ``max_words``."""
    centrality = similar.mean(axis=1) if len(similar) else np.zeros(0)
    order = sorted(range(len(titles)), key=lambda i: (-round(float(centrality[i]), 6), i))
    for i in order:
        title = titles[i]
        if title and title.strip():
            return " ".join(title.split())
    for i in order:
        lead = leads[i]
        if lead and lead.strip():
            words = lead.split()
            return " ".join(words[:max_words]) + (" …" if len(words) > max_words else "")
    return "Untitled story"


def story_order(sizes: Sequence[int], sources: Sequence[int], firsts: Sequence[int]) -> list[int]:
    """Indices of the stories, most independent sources first, then most articles, then earliest."""
    return sorted(range(len(sizes)), key=lambda s: (-sources[s], -sizes[s], firsts[s]))
