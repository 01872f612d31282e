import numpy as np

from summarizer.copies import MinHashCopyFinder
from summarizer.extract import CoverageSelector, line_for, reading_order
from summarizer.extract._order import Placed
from summarizer.types import Article, Citation, Cluster, Point, Sentence


def build(texts_by_article: list[list[str]], published: list[str | None] | None = None):
    """Sentences with exact spans into articles whose text is the sentences joined by spaces."""
    sentences, articles = [], []
    for a, texts in enumerate(texts_by_article):
        text = " ".join(texts)
        offset = 0
        for p, sentence in enumerate(texts):
            start = text.index(sentence, offset)
            sentences.append(Sentence(f"art{a}", a, start, start + len(sentence), sentence, p))
            offset = start + len(sentence)
        articles.append(Article(id=f"art{a}", text=text, published=(published or [None] * len(texts_by_article))[a]))
    return sentences, articles


def words(n: int, tag: str) -> str:
    return "Word " + " ".join(f"{tag}{i}" for i in range(n - 1)) + "."


def select(sentences, clusters, *, max_words=100, embeddings=None, articles=None, copies=None, **knobs):
    embeddings = np.eye(len(sentences), dtype=np.float32) if embeddings is None else embeddings
    selector = CoverageSelector(relevance_quantile=0.0, **knobs)
    return selector.select(sentences, embeddings, clusters, max_words=max_words, copies=copies, articles=articles)


def test_higher_support_ranks_first_and_cites_every_article():
    sentences, articles = build([[words(12, "a"), words(12, "b")], [words(12, "c")], [words(12, "d")]])
    clusters = [Cluster((1,), 1, 1, 0.9), Cluster((0, 2, 3), 0, 3, 0.1)]
    points = select(sentences, clusters, articles=articles)
    assert [p.support for p in points] == [3, 1]
    assert [c.article_id for c in points[0].citations] == ["art0", "art1", "art2"]
    assert points[0].citations[0].text == sentences[0].text


def test_budget_is_never_exceeded_and_a_shorter_member_fills_the_gap():
    long, short = words(30, "l"), words(8, "s")
    sentences, articles = build([[words(20, "a")], [long], [short]])
    clusters = [Cluster((0,), 0, 1, 1.0), Cluster((1, 2), 1, 2, 1.0)]
    points = select(sentences, clusters, max_words=25, articles=articles)
    assert sum(len(p.text.split()) for p in points) <= 25
    assert points[0].text == short  # the 30-word centre does not fit in 25 words; its 8-word member does
    assert {c.article_id for c in points[0].citations} == {"art1", "art2"}


def test_near_duplicate_points_are_not_both_chosen():
    sentences, articles = build([[words(12, "a")], [words(12, "b")]])
    embeddings = np.array([[1, 0], [0.99, 0.14]], dtype=np.float32)
    clusters = [Cluster((0,), 0, 1, 1.0), Cluster((1,), 1, 1, 0.5)]
    assert len(select(sentences, clusters, embeddings=embeddings, articles=articles)) == 1


def test_short_lines_are_points_only_when_several_reports_carry_them():
    sentences, articles = build([["Too short."], [words(12, "b")], ["It passed seven to two."], [words(6, "c")]])
    lone_short = Cluster((3,), 3, 1, 0.0)
    clusters = [Cluster((0,), 0, 1, 1.0), Cluster((1,), 1, 1, 0.0), lone_short]
    assert [p.text for p in select(sentences, clusters, articles=articles)] == [sentences[1].text]
    # A short fact that two reports carry is kept (repaired or not, it must stand on its own).
    shared_short = Cluster((3, 2), 3, 2, 0.0)
    texts = [p.text for p in select(sentences, [*clusters[:2], shared_short], articles=articles)]
    assert sentences[3].text in texts


def test_the_fact_every_outlet_reports_beats_single_source_filler():
    # Four outlets report the campaign's cost in their own words; each also has an aside of its own.
    cost = [
        "The campaign cost 449,000 dollars, the committee said in its filing.",
        "Its filing shows the campaign cost 449,000 dollars in all.",
        "The committee's filing puts what the campaign cost at 449,000 dollars.",
        "All told the campaign cost 449,000 dollars, according to the filing.",
    ]
    asides = [
        "Supporters waved flags and sang along with the band before the speeches began.",
        "A light rain fell over the square as the crowd waited for the candidate.",
        "Several local shops closed early so that their staff could attend the event.",
        "Volunteers handed out leaflets and bottles of water at the gates of the park.",
    ]
    sentences, articles = build([[asides[i], cost[i]] for i in range(4)])
    # Each sentence its own cluster: only the words the outlets share can tell the fact from filler.
    clusters = [Cluster((i,), i, 1, 0.0) for i in range(len(sentences))]
    points = select(sentences, clusters, max_words=13, articles=articles, support_weight=0.0, lead_weight=0.0)
    assert len(points) == 1 and "449,000" in points[0].text


def test_a_line_that_points_back_is_repaired_by_the_sentence_before_it():
    named = "Mayor Ana Ruiz of Elmsford announced the new flood plan on Monday."
    pointing = "She said work on the river walls would begin in the spring."
    sentences, articles = build([[named, pointing]])
    line = line_for(1, sentences, articles, max_words=60)
    assert line is not None and line.text == f"{named} {pointing}"
    assert articles[0].text[line.start : line.end] == line.text
    # As a point, the repaired line is cited with its exact span.
    [point] = select(sentences, [Cluster((1,), 1, 1, 1.0)], articles=articles)
    assert point.text == line.text
    assert [(c.start, c.end, c.text) for c in point.citations] == [(line.start, line.end, line.text)]
    # Too long for the longest point: no repair, and no line at all.
    assert line_for(1, sentences, articles, max_words=15) is None
    # A paragraph break between them: the line would break, so no repair either.
    sentences, articles = build([[named, pointing]])
    text = f"{named}\n{pointing}"
    articles = [Article(id="art0", text=text)]
    sentences = [sentences[0], Sentence("art0", 0, len(named) + 1, len(text), pointing, 1)]
    assert line_for(1, sentences, articles, max_words=60) is None


def test_a_line_that_cannot_be_repaired_gives_way_to_another_member():
    orphan = "However, the plan was dropped after the vote in the chamber."
    whole = "The council dropped the flood plan after the vote in the chamber."
    sentences, articles = build([[orphan], [whole]])
    assert line_for(0, sentences, articles, max_words=60) is None  # nothing before it
    [point] = select(sentences, [Cluster((0, 1), 0, 2, 1.0)], articles=articles)
    assert point.text == whole and point.support == 2


def test_copies_are_cited_but_add_no_support():
    wire = [
        "The council approved a library budget of 4.2 million dollars on Monday evening.",
        "The vote was seven to two after a debate that lasted more than three hours.",
        "Council member Ana Ruiz said the library would open its doors in the spring of next year.",
    ]
    own = ["Councillors backed the 4.2 million dollar library plan by seven votes to two on Monday."]
    sentences, articles = build([wire, list(wire), own])
    copies = MinHashCopyFinder().find(sentences, articles)
    cluster = Cluster((0, 3, 6), 0, copies.independent([0, 3, 6], sentences), 1.0)
    others = [Cluster((1, 4), 1, 1, 0.0), Cluster((2, 5), 2, 1, 0.0)]
    [point, *_] = select(sentences, [cluster, *others], copies=copies, articles=articles)
    assert [c.article_id for c in point.citations] == ["art0", "art1", "art2"]
    assert [c.copy_of for c in point.citations] == [None, "art0", None]
    assert point.support == 2 and point.to_dict()["citations"][1]["copy_of"] == "art0"


def cited(article_ids: list[str], text: str = "A line.") -> Point:
    return Point(text, tuple(Citation(a, 0, 1, "x") for a in article_ids))


def test_dated_articles_read_in_time_order():
    articles = [Article("early", "x", published="2024-05-01"), Article("late", "x", published="2024-05-03T10:00:00Z")]
    later, sooner = cited(["late"], "Then this."), cited(["early", "late"], "First this.")
    ordered = reading_order([Placed(later, 0, 0), Placed(sooner, 5, 1)], articles)
    assert [p.text for p in ordered] == ["First this.", "Then this."]


def test_undated_articles_read_by_support_then_position():
    articles = [Article("a", "x"), Article("b", "x")]
    placed = [Placed(cited(["a"], "One source."), 0, 0), Placed(cited(["a", "b"], "Detail."), 4, 1)]
    placed.append(Placed(cited(["a", "b"], "Lead."), 0, 2))
    assert [p.text for p in reading_order(placed, articles)] == ["Lead.", "Detail.", "One source."]


def test_a_set_of_only_short_sentences_still_gets_a_digest():
    sentences, articles = build([["The river burst its banks overnight in the town."]])
    [point] = select(sentences, [Cluster((0,), 0, 1, 0.0)], articles=articles)
    assert point.text == sentences[0].text


def test_when_no_line_stands_on_its_own_the_digest_is_not_empty():
    sentences, articles = build([["plain strings work too"], ["their ids become one and two"]])
    points = select(sentences, [Cluster((0,), 0, 1, 0.0), Cluster((1,), 1, 1, 0.0)], articles=articles)
    assert points and all(p.citations[0].text == p.text for p in points)
