"""Summarizer.stories (each story digested on its own) and the digest's warning on a mixed set."""

from __future__ import annotations

import logging

import pytest

from summarizer import Article, InputError
from tests.builders import FLOOD_ARTICLES, fake_summarizer
from tests.stories.builders import QUAKE_NORTH, QUAKE_SOUTH, mixed_feed


def test_every_story_is_digested_from_its_own_articles_only():
    feed = mixed_feed()
    result = fake_summarizer().stories(feed, max_words=60)
    assert sorted(i for s in result.stories for i in s.articles) == sorted(a.id for a in feed)
    texts = {a.id: a.text for a in feed}
    for story in result.stories:
        assert story.digest is not None and story.digest.points
        assert {r.id for r in story.digest.articles} == set(story.articles)
        for point in story.digest.points:
            for c in point.citations:
                assert c.article_id in story.articles
                assert texts[c.article_id][c.start : c.end] == c.text
    assert result.meta["articles"] == len(feed) and result.meta["stories"] == len(result.stories)
    data = result.to_dict()
    assert set(data) == {"stories", "meta"}
    assert set(data["stories"][0]) == {"id", "title", "articles", "sources", "digest"}


def test_a_story_with_nothing_to_digest_keeps_its_place_with_an_empty_digest(caplog):
    links = Article(id="links", text="https://example.com/a\nhttps://example.com/b")
    with caplog.at_level(logging.WARNING, logger="summarizer"):
        result = fake_summarizer().stories([*QUAKE_NORTH, links])
    story = next(s for s in result.stories if "links" in s.articles)
    assert story.digest is not None and story.digest.points == ()
    assert story.digest.articles[0].skipped_reason
    assert "nothing to digest" in caplog.text


def test_bad_input_is_refused_as_for_a_digest():
    with pytest.raises(InputError):
        fake_summarizer().stories([])
    with pytest.raises(InputError, match="max_words"):
        fake_summarizer().stories(QUAKE_NORTH, max_words=0)


def test_a_digest_of_several_stories_warns_and_says_to_use_stories(caplog):
    with caplog.at_level(logging.WARNING, logger="summarizer"):
        fake_summarizer().summarize([*QUAKE_NORTH, *QUAKE_SOUTH])
    assert "look like 2 separate stories" in caplog.text
    assert "summarizer stories" in caplog.text


def test_a_digest_of_one_story_does_not_warn(caplog):
    with caplog.at_level(logging.WARNING, logger="summarizer"):
        fake_summarizer().summarize(FLOOD_ARTICLES)
        fake_summarizer().summarize([*QUAKE_NORTH, QUAKE_SOUTH[0]])  # one story and a stray
    assert "separate stories" not in caplog.text


def test_the_several_stories_check_embeds_titles_in_the_digests_one_call():
    from summarizer.embed import HashingEmbedder
    from summarizer.stories import StoryGrouper

    calls: list[list[str]] = []

    class Counting(HashingEmbedder):
        def encode(self, texts):
            calls.append(list(texts))
            return super().encode(texts)

    titled = [Article(id=a.id, text=a.text, title=f"Quake {a.id}") for a in [*QUAKE_NORTH, *QUAKE_SOUTH]]
    summarizer = fake_summarizer(cache_bytes=0)
    summarizer.embedder = Counting()
    with pytest.MonkeyPatch.context() as patch:
        seen: list[bool] = []
        original = StoryGrouper.partition_digest_input

        def spy(self, articles, sentences, embeddings, reports, encode):
            groups = original(self, articles, sentences, embeddings, reports, encode)
            alone = original(self, articles, sentences, embeddings, reports, HashingEmbedder().encode)
            seen.append(groups == alone)
            return groups

        patch.setattr(StoryGrouper, "partition_digest_input", spy)
        summarizer.summarize(titled)
    assert len(calls) == 1 and {a.title for a in titled} <= set(calls[0])
    assert seen == [True]  # the same stories as from a second call
