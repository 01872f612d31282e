"""The story grouper on small built feeds (hashing fake embedder: no model)."""

from __future__ import annotations

import random
from dataclasses import replace

from summarizer import Article, group_stories
from summarizer.embed import HashingEmbedder
from summarizer.stories import StoryGrouper
from tests.builders import fake_summarizer
from tests.stories.builders import LONE_ARTICLE, QUAKE_NORTH, QUAKE_SOUTH, mixed_feed, partition_of


def group(articles):
    return StoryGrouper().group(articles, HashingEmbedder().encode)


def test_two_earthquakes_in_one_week_stay_two_stories():
    stories = group(mixed_feed())
    assert partition_of(stories) == {
        frozenset(a.id for a in QUAKE_NORTH),
        frozenset(a.id for a in QUAKE_SOUTH),
        frozenset({LONE_ARTICLE.id}),
    }


def test_a_story_may_hold_one_article():
    stories = group(mixed_feed())
    lone = next(s for s in stories if LONE_ARTICLE.id in s.articles)
    assert lone.articles == (LONE_ARTICLE.id,)
    assert lone.sources == 1
    assert lone.title == LONE_ARTICLE.title


def test_every_article_is_in_exactly_one_story():
    feed = mixed_feed()
    stories = group(feed)
    ids = [article_id for story in stories for article_id in story.articles]
    assert sorted(ids) == sorted(a.id for a in feed)
    assert [s.id for s in stories] == [f"s{i}" for i in range(1, len(stories) + 1)]


def test_grouping_is_deterministic_and_does_not_depend_on_feed_order():
    feed = mixed_feed()
    first, again = group(feed), group(feed)
    assert [s.to_dict() for s in first] == [s.to_dict() for s in again]
    shuffled = feed[:]
    random.Random(7).shuffle(shuffled)
    assert partition_of(group(shuffled)) == partition_of(first)


def test_stories_with_more_independent_sources_come_first():
    # The south quake told by three articles of one outlet; the north one by two outlets.
    south = [replace(a, source="Daily Ledger") for a in QUAKE_SOUTH]
    stories = group([*south, *QUAKE_NORTH[:2]])
    assert [s.sources for s in stories] == [2, 1]
    assert set(stories[0].articles) == {a.id for a in QUAKE_NORTH[:2]}


def test_syndicated_copies_count_as_one_source():
    wire = QUAKE_NORTH[0]
    copy = Article(id="copy", text=wire.text, title=wire.title, source="Another Masthead")
    story = next(s for s in group([wire, copy, QUAKE_NORTH[1]]) if wire.id in s.articles)
    assert set(story.articles) == {wire.id, copy.id, QUAKE_NORTH[1].id}
    assert story.sources == 2


def test_a_story_without_titles_is_titled_by_a_lead_sentence():
    (story,) = group(QUAKE_NORTH)
    assert all(a.title is None for a in QUAKE_NORTH)
    assert any(story.title.removesuffix(" …") in a.text for a in QUAKE_NORTH)
    assert len(story.title.split()) <= 21


def test_a_titled_story_takes_the_title_of_its_most_central_article():
    titled = [replace(a, title=f"Quake report {n}") for n, a in enumerate(QUAKE_NORTH)]
    (story,) = group(titled)
    assert story.title in {a.title for a in titled}


def test_the_embedding_alone_would_merge_the_two_earthquakes():
    """Why the grouper weighs names and figures: each outlet tells both quakes in its house style."""
    by_embedding = StoryGrouper(embedding_weight=1.0).group(mixed_feed(), HashingEmbedder().encode)
    assert partition_of(by_embedding) != partition_of(group(mixed_feed()))


def test_group_stories_takes_plain_strings_and_a_summarizer():
    stories = group_stories([a.text for a in mixed_feed()], summarizer=fake_summarizer())
    assert sorted(i for s in stories for i in s.articles) == sorted(str(i) for i in range(1, 8))
    assert len(stories) == 3
