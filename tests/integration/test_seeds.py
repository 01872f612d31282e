"""The five seed articles, end to end on the real model: what a reader would check."""

import re

import pytest

from summarizer import Digest

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def digest(real_summarizer, seed_articles) -> Digest:
    return real_summarizer.summarize(seed_articles, max_words=120)


def short(article_id: str) -> str:
    return article_id[:3]


def test_budget_holds(digest):
    assert 0 < sum(len(p.text.split()) for p in digest.points) <= 120


def test_every_citation_span_is_exact(digest, seed_articles):
    texts = {a.id: a.text for a in seed_articles}
    for point in digest.points:
        assert len({c.article_id for c in point.citations}) == len(point.citations) == point.support
        for c in point.citations:
            assert texts[c.article_id][c.start : c.end] == c.text
    for conflict in digest.conflicts:
        for claim in conflict.claims:
            assert texts[claim.article_id][claim.start : claim.end] == claim.text


def test_first_points_are_carried_by_several_articles(digest):
    assert digest.points[0].support >= 3
    assert all(p.support >= 2 for p in digest.points[:3])
    supports = [p.support for p in digest.points]
    assert supports == sorted(supports, reverse=True)


def test_no_boilerplate_in_the_digest(digest):
    text = " ".join(p.text for p in digest.points)
    for junk in ("Today :", "World News", "Related Sources", "References", "For further details", "http", "{"):
        assert junk not in text


def test_repeated_paragraph_counts_once(digest, seed_articles):
    report = next(a for a in digest.articles if short(a.id) == "001")
    assert report.duplicates_removed >= 4
    texts = [p.text for p in digest.points]
    assert len(texts) == len(set(texts))
    cited_001 = [c.text for p in digest.points for c in p.citations if short(c.article_id) == "001"]
    assert len(cited_001) == len(set(cited_001))


def test_off_topic_background_loses_to_shared_content(digest):
    text = " ".join(p.text for p in digest.points)
    assert "Korean People's Army" not in text and "1961" not in text and "Crimea" not in text


def test_troop_count_conflict_sets_000_against_the_11000_articles(digest):
    def sides(conflict):
        by_value = {}
        for claim in conflict.claims:
            by_value.setdefault(re.sub(r"\D", "", claim.value), set()).add(short(claim.article_id))
        return by_value

    troops = [sides(c) for c in digest.conflicts if {"12000", "11000"} <= set(sides(c))]
    assert troops, f"no troop-count conflict in {[c.about for c in digest.conflicts]}"
    assert troops[0]["12000"] == {"000"}
    assert troops[0]["11000"] >= {"001", "003", "004"} - {"000"} and "000" not in troops[0]["11000"]


def test_casualty_conflict_is_reported(digest):
    values = [{re.sub(r"\D", "", c.value) for c in conflict.claims} for conflict in digest.conflicts]
    assert any({"4000", "1000"} <= v for v in values)


def test_unrelated_figures_are_not_conflicts(digest):
    reported = {re.sub(r"\D", "", claim.value) for conflict in digest.conflicts for claim in conflict.claims}
    # Ukrainian and Russian army losses, Wagner's losses, the KPA's size, the displaced: each stands alone.
    assert not reported & {"45100", "350000", "20000", "12000000", "13000000"}
    assert len(digest.conflicts) == 2
    assert all("square" not in c.about and "km" not in c.about for c in digest.conflicts)
