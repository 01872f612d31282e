"""The stories stage: a mixed feed -> stories, each the articles that report one event.

    group_stories          a feed's articles as stories (default model), most independent sources first
    StoryGrouper           the grouper, with its knobs (how similar, how much the embedding weighs)
    looks_like_several     whether a set handed to a digest holds several stories

How: each article is the embedding of its title and lead (they weigh most) and a vector of
the rare words it uses, weighted by their rarity in the article's language (names, places,
figures: ``_features``). Two articles are alike when the mean of both cosines is high; stories
are average-linkage clusters (SciPy) on that similarity, computed part by part of the
feed's graph of alike pairs (``_partition``). Two events of the same kind (two earthquakes)
embed alike but name different places and figures, so they stay apart. Titles, independent
sources and the order of stories: ``_order``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from summarizer.stories._features import (
    DEFAULT_COMMON_ZIPF,
    DEFAULT_LEAD_DECAY,
    DEFAULT_LEAD_SENTENCES,
    DEFAULT_TITLE_WEIGHT,
    article_vectors,
    term_vectors,
)
from summarizer.stories._grouper import StoryGrouper
from summarizer.stories._order import DEFAULT_COPY_SIMILARITY, independent_sources, source_key
from summarizer.stories._partition import DEFAULT_EMBEDDING_WEIGHT, DEFAULT_MIN_SIMILARITY, partition
from summarizer.types import Article, Story

if TYPE_CHECKING:
    from summarizer.pipeline import Summarizer

__all__ = [
    "DEFAULT_COMMON_ZIPF",
    "DEFAULT_COPY_SIMILARITY",
    "DEFAULT_EMBEDDING_WEIGHT",
    "DEFAULT_LEAD_DECAY",
    "DEFAULT_LEAD_SENTENCES",
    "DEFAULT_MIN_SIMILARITY",
    "DEFAULT_TITLE_WEIGHT",
    "StoryGrouper",
    "article_vectors",
    "group_stories",
    "independent_sources",
    "looks_like_several",
    "partition",
    "source_key",
    "term_vectors",
]


def looks_like_several(groups: Sequence[Sequence[int]], n_articles: int) -> bool:
    """Several stories rather than one story and a stray: no story holds more than half the
    articles, or a second story holds two or more."""
    sizes = sorted((len(g) for g in groups), reverse=True)
    return len(sizes) > 1 and (sizes[0] * 2 <= n_articles or sizes[1] >= 2)


def group_stories(articles: Sequence[Article | str], *, summarizer: Summarizer | None = None) -> list[Story]:
    """``articles`` grouped by the event they report, with the default model (or ``summarizer``'s);
    every article in exactly one story, ordered by independent sources. No digests: see
    ``Summarizer.stories`` for one digest per story."""
    from summarizer.pipeline import as_articles, default_summarizer

    chosen = summarizer or default_summarizer()
    checked = as_articles(articles)
    chosen.load()
    return chosen.grouper.group(checked, chosen.embedder.encode)
