"""The seeds' digest as a reader meets it: lines that stand on their own, shared facts first."""

import pytest

from summarizer import Article, Digest
from summarizer.readability import problems

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def digest(real_summarizer, seed_articles) -> Digest:
    return real_summarizer.summarize(seed_articles, max_words=120)


def test_every_line_stands_on_its_own(digest):
    assert digest.points
    for point in digest.points:
        assert not problems(point.text), point.text
    text = " ".join(p.text for p in digest.points)
    assert "This use of foreign troops" not in text and "However, the withdrawal" not in text


def test_the_first_point_is_carried_by_most_articles(digest, seed_articles):
    assert digest.points[0].support >= 3
    assert digest.points[0].support == max(p.support for p in digest.points)


def test_five_independent_outlets_have_no_copies(digest):
    # The seeds are five outlets' own reporting: nothing is marked a copy, support is every cited article.
    for point in digest.points:
        assert all(c.copy_of is None for c in point.citations)
        assert point.support == len(point.citations)


def test_a_syndicated_copy_is_cited_but_counted_once(real_summarizer, seed_articles):
    first = seed_articles[0]
    copy = Article(id="copy-of-000", text=first.text, title="Syndicated", published=None)
    digest = real_summarizer.summarize([*seed_articles, copy], max_words=120)
    texts = {a.id: a.text for a in [*seed_articles, copy]}
    marked = [c for p in digest.points for c in p.citations if c.copy_of is not None]
    assert marked and all(c.article_id == "copy-of-000" and c.copy_of == first.id for c in marked)
    for point in digest.points:
        assert point.support == len([c for c in point.citations if c.copy_of is None])
        for c in point.citations:
            assert texts[c.article_id][c.start : c.end] == c.text
    assert digest.points[0].support <= len(seed_articles)
