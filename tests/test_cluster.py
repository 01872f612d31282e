import numpy as np

from summarizer.cluster import StarClusterer, find_neighbours
from summarizer.types import Sentence


def sentences_for(articles: list[int]) -> list[Sentence]:
    positions: dict[int, int] = {}
    out = []
    for a in articles:
        p = positions.get(a, 0)
        positions[a] = p + 1
        out.append(Sentence(str(a), a, 0, 1, "x", p))
    return out


def unit(*values: float) -> np.ndarray:
    v = np.array(values, dtype=np.float32)
    return v / np.linalg.norm(v)


def test_same_meaning_across_articles_forms_one_cluster_with_support():
    # Articles 0, 1, 2 each say "A"; article 0 and 2 also say something unrelated.
    embeddings = np.stack([unit(1, 0, 0), unit(0, 1, 0), unit(0.98, 0.05, 0), unit(0.97, 0, 0.1), unit(0, 0, 1)])
    sentences = sentences_for([0, 0, 1, 2, 2])
    clusters = StarClusterer(threshold=0.8).cluster(sentences, embeddings)
    shared = max(clusters, key=lambda c: c.support)
    assert shared.support == 3 and sorted(shared.members) == [0, 2, 3]
    assert sorted(m for c in clusters for m in c.members) == [0, 1, 2, 3, 4]  # each sentence once
    assert all(c.support == 1 for c in clusters if c is not shared)


def test_sentences_of_one_article_never_support_each_other():
    embeddings = np.stack([unit(1, 0), unit(1, 0), unit(0, 1)])
    clusters = StarClusterer(threshold=0.8).cluster(sentences_for([0, 0, 1]), embeddings)
    assert all(c.support == 1 for c in clusters)


def test_block_size_does_not_change_the_result():
    rng = np.random.default_rng(0)
    base = rng.normal(size=(20, 16))
    embeddings = np.vstack([base, base + rng.normal(scale=0.2, size=base.shape)]).astype(np.float32)
    embeddings /= np.linalg.norm(embeddings, axis=1, keepdims=True)
    article_of = np.repeat(np.arange(4), 10)
    whole = find_neighbours(embeddings, article_of, threshold=0.7, block_size=1000)
    blocked = find_neighbours(embeddings, article_of, threshold=0.7, block_size=3)
    assert np.array_equal(whole.support, blocked.support)
    assert all(np.array_equal(a, b) for a, b in zip(whole.neighbours, blocked.neighbours, strict=True))
    assert whole.support.max() >= 2


def test_neighbours_are_capped_per_sentence():
    embeddings = np.tile(unit(1, 0), (30, 1))
    graph = find_neighbours(embeddings, np.arange(30), threshold=0.5, max_neighbours=5)
    assert all(len(n) == 5 for n in graph.neighbours)
    assert graph.support.tolist() == [30] * 30  # support counts every article, not just kept neighbours
