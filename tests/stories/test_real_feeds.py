"""The grouper on the real model over real mixed feeds from ../shared/data (read at test time)."""

from __future__ import annotations

import logging

import pytest

from benchmarks.stories import DATA_DIR, Labelled, bcubed, mixed, multinews, newswcl, ours

pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(not DATA_DIR.is_dir(), reason=f"the development data is not at {DATA_DIR} (CI has it)"),
]

MULTINEWS_CLUSTERS = 10


@pytest.fixture(scope="module")
def feed() -> Labelled:
    """NewsWCL50 (10 US-politics events of one spring x 5 outlets) mixed with Multi-News clusters."""
    news = multinews(DATA_DIR)
    keep = sorted(set(news.labels))[:MULTINEWS_CLUSTERS]
    picked = [i for i, label in enumerate(news.labels) if label in keep]
    subset = Labelled("multinews", tuple(news.articles[i] for i in picked), tuple(news.labels[i] for i in picked))
    return mixed(newswcl(DATA_DIR), subset)


@pytest.fixture(scope="module")
def predicted(feed, real_summarizer) -> list[str]:
    return ours(feed, lambda articles: real_summarizer.grouper.group(articles, real_summarizer.embedder.encode))


def test_every_article_is_in_exactly_one_story(feed, predicted):
    assert len(predicted) == len(feed.articles)


def test_stories_match_the_events(feed, predicted):
    precision, recall, f1 = bcubed(predicted, feed.labels)
    assert precision >= 0.9, (precision, recall)
    assert f1 >= 0.88, (precision, recall)


def test_events_of_the_same_kind_stay_apart(feed, predicted):
    """NewsWCL50's events all involve Trump and Washington within weeks: no two may share a story."""
    wcl = [(p, g) for p, g in zip(predicted, feed.labels, strict=True) if g.startswith("wcl-")]
    events_per_story: dict[str, set[str]] = {}
    for story, event in wcl:
        events_per_story.setdefault(story, set()).add(event)
    merged = [sorted(events) for events in events_per_story.values() if len(events) > 1]
    assert not merged


def test_the_seeds_are_one_story_and_their_digest_does_not_warn(real_summarizer, seed_articles, caplog):
    stories = real_summarizer.grouper.group(seed_articles, real_summarizer.embedder.encode)
    assert len(stories) == 1 and stories[0].sources == 5
    with caplog.at_level(logging.WARNING, logger="summarizer"):
        real_summarizer.summarize(seed_articles)
    assert "separate stories" not in caplog.text
