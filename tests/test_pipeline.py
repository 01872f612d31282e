import pytest

from summarizer import Article, InputError, NoArticlesError, NoContentError
from tests.builders import FLOOD_ARTICLES, fake_summarizer


@pytest.fixture(scope="module")
def summarizer():
    return fake_summarizer()


def test_shared_facts_lead_and_cite_every_article_exactly(summarizer):
    digest = summarizer.summarize(FLOOD_ARTICLES, max_words=60)
    texts = {a.id: a.text for a in FLOOD_ARTICLES}
    assert digest.points[0].support == 3
    assert [p.support for p in digest.points] == sorted((p.support for p in digest.points), reverse=True)
    for point in digest.points:
        for c in point.citations:
            assert texts[c.article_id][c.start : c.end] == c.text
        assert point.text in {c.text for c in point.citations}
    assert sum(len(p.text.split()) for p in digest.points) <= 60


def test_plain_strings_get_ids_one_two_three(summarizer):
    digest = summarizer.summarize([a.text for a in FLOOD_ARTICLES])
    assert [a.id for a in digest.articles] == ["1", "2", "3"]


def test_single_article_and_single_sentence(summarizer):
    one = summarizer.summarize([FLOOD_ARTICLES[0]], max_words=40)
    assert one.points and all(p.support == 1 for p in one.points)
    tiny = summarizer.summarize(["The river burst its banks overnight in the town."])
    assert [p.text for p in tiny.points] == ["The river burst its banks overnight in the town."]


def test_meta_reports_model_and_timings(summarizer):
    meta = summarizer.summarize(FLOOD_ARTICLES).to_dict()["meta"]
    assert meta["model"] == "hashing-fake" and meta["device"] == "cpu"
    assert {"segment", "embed", "cluster", "extract", "conflicts", "total"} <= set(meta["timings_ms"])


@pytest.mark.parametrize(
    ("articles", "error", "message"),
    [
        ([], NoArticlesError, "No articles"),
        (["   \n "], NoContentError, "holds no text"),
        ([Article("x", "One sentence here is fine."), Article("x", "Another one.")], InputError, "share the id"),
        (["World News\nhttps://example.com/a\nReferences"], NoContentError, "boilerplate"),
        ("just a string", InputError, "list of articles"),
    ],
)
def test_bad_input_is_a_clear_input_error(summarizer, articles, error, message):
    with pytest.raises(error, match=message):
        summarizer.summarize(articles)


def test_an_empty_article_among_good_ones_is_reported_not_fatal(summarizer):
    digest = summarizer.summarize([*FLOOD_ARTICLES, "  \n "])
    empty = digest.articles[-1]
    assert empty.skipped_reason == "it holds no text" and empty.sentences == 0
    assert digest.points


@pytest.mark.parametrize("max_words", [0, -5, 2.5, True])
def test_max_words_must_be_a_positive_integer(summarizer, max_words):
    with pytest.raises(InputError, match="max_words"):
        summarizer.summarize(FLOOD_ARTICLES, max_words=max_words)


def test_a_rewriter_rephrases_points_and_keeps_their_citations():
    from dataclasses import replace

    from summarizer.embed import HashingEmbedder
    from summarizer.pipeline import Summarizer
    from tests.builders import NoConflicts

    class Shouting:
        name = "shouting-fake"

        def rewrite(self, points, *, max_words=None):
            return [replace(p, text=p.text.upper()) for p in points]

    plain = fake_summarizer().summarize(FLOOD_ARTICLES, max_words=60)
    loud = Summarizer(embedder=HashingEmbedder(), conflict_finder=NoConflicts(), rewriter=Shouting())
    digest = loud.summarize(FLOOD_ARTICLES, max_words=60)
    assert [p.text for p in digest.points] == [p.text.upper() for p in plain.points]
    assert [p.citations for p in digest.points] == [p.citations for p in plain.points]
    assert digest.meta["rewrite_model"] == "shouting-fake" and "rewrite" in digest.meta["timings_ms"]
