import numpy as np

from summarizer.extract import SupportSelector
from summarizer.types import Cluster, Sentence


def make(texts_by_article: list[list[str]]) -> list[Sentence]:
    out, offset = [], 0
    for a, texts in enumerate(texts_by_article):
        for p, text in enumerate(texts):
            out.append(Sentence(f"art{a}", a, offset, offset + len(text), text, p))
            offset += len(text) + 1
    return out


def words(n: int, tag: str) -> str:
    return " ".join(f"{tag}{i}" for i in range(n)) + "."


def test_higher_support_ranks_first_and_cites_every_article():
    sentences = make([[words(8, "a"), words(8, "b")], [words(8, "c")], [words(8, "d")]])
    embeddings = np.eye(4, dtype=np.float32)
    clusters = [Cluster((1,), 1, 1, 0.9), Cluster((0, 2, 3), 0, 3, 0.1)]
    points = SupportSelector().select(sentences, embeddings, clusters, max_words=100)
    assert [p.support for p in points] == [3, 1]
    assert [c.article_id for c in points[0].citations] == ["art0", "art1", "art2"]
    assert points[0].citations[0].text == sentences[0].text


def test_budget_is_never_exceeded_and_a_shorter_member_fills_the_gap():
    long, short = words(30, "l"), words(8, "s")
    sentences = make([[words(20, "a")], [long], [short]])
    embeddings = np.eye(3, dtype=np.float32)
    clusters = [Cluster((0,), 0, 1, 1.0), Cluster((1, 2), 1, 2, 1.0)]
    points = SupportSelector().select(sentences, embeddings, clusters, max_words=25)
    assert sum(len(p.text.split()) for p in points) <= 25
    assert points[0].text == short  # the 30-word centre does not fit in 25 words; its 8-word member does
    assert {c.article_id for c in points[0].citations} == {"art1", "art2"}
    assert points[0].citations[1].text == short


def test_near_duplicate_points_are_not_both_chosen():
    sentences = make([[words(8, "a")], [words(8, "b")]])
    embeddings = np.array([[1, 0], [0.99, 0.14]], dtype=np.float32)
    clusters = [Cluster((0,), 0, 1, 1.0), Cluster((1,), 1, 1, 0.5)]
    assert len(SupportSelector().select(sentences, embeddings, clusters, max_words=100)) == 1


def test_too_short_sentences_are_never_points():
    sentences = make([["Too short."], [words(8, "b")]])
    clusters = [Cluster((0,), 0, 1, 1.0), Cluster((1,), 1, 1, 0.0)]
    points = SupportSelector().select(sentences, np.eye(2, dtype=np.float32), clusters, max_words=100)
    assert [p.text for p in points] == [sentences[1].text]
