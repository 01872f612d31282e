import numpy as np

from summarizer.cluster import SameClaim, StarClusterer, find_neighbours
from summarizer.copies import MinHashCopyFinder
from summarizer.lexical import analyse_all
from summarizer.types import Article, Sentence


def sentences_for(articles: list[int], texts: list[str] | None = None) -> list[Sentence]:
    positions: dict[int, int] = {}
    out = []
    for k, a in enumerate(articles):
        p = positions.get(a, 0)
        positions[a] = p + 1
        text = texts[k] if texts else "x"
        out.append(Sentence(str(a), a, 0, len(text), text, p))
    return out


def unit(*values: float) -> np.ndarray:
    v = np.array(values, dtype=np.float32)
    return v / np.linalg.norm(v)


def embedding_only(threshold: float) -> StarClusterer:
    """Closeness alone decides: the words of the sentences carry no weight."""
    claim = SameClaim(threshold=threshold, text_weight=0, figure_weight=0, name_weight=0)
    return StarClusterer(candidate_threshold=threshold, same_claim=claim)


def test_same_meaning_across_articles_forms_one_cluster_with_support():
    # Articles 0, 1, 2 each say "A"; article 0 and 2 also say something unrelated.
    embeddings = np.stack([unit(1, 0, 0), unit(0, 1, 0), unit(0.98, 0.05, 0), unit(0.97, 0, 0.1), unit(0, 0, 1)])
    sentences = sentences_for([0, 0, 1, 2, 2])
    clusters = embedding_only(0.8).cluster(sentences, embeddings)
    shared = max(clusters, key=lambda c: c.support)
    assert shared.support == 3 and sorted(shared.members) == [0, 2, 3]
    assert sorted(m for c in clusters for m in c.members) == [0, 1, 2, 3, 4]  # each sentence once
    assert all(c.support == 1 for c in clusters if c is not shared)


def test_sentences_of_one_article_never_support_each_other():
    embeddings = np.stack([unit(1, 0), unit(1, 0), unit(0, 1)])
    clusters = embedding_only(0.8).cluster(sentences_for([0, 0, 1]), embeddings)
    assert all(c.support == 1 for c in clusters)


# Three outlets on one campaign: two report its cost in different words, one only the same topic.
COST_A = "The campaign cost $449,000, according to filings released by the Ellison committee on Friday."
COST_B = "Filings show Ellison's committee spent $449,000 on the campaign."
TOPICAL = "The Ellison campaign drew large crowds at rallies across the state this autumn."
RIVAL = "The campaign cost $512,000, according to filings released by the Ellison committee on Friday."


def test_the_same_fact_in_different_words_is_one_claim_and_a_topical_neighbour_is_not():
    # All three are equally close in embedding space (0.68): only the shared figure, name and words tell.
    sentences = sentences_for([0, 1, 2], [COST_A, COST_B, TOPICAL])
    embeddings = np.stack([unit(1, 0, 0), unit(0.68, 0.733, 0), unit(0.68, 0, 0.733)])
    clusters = StarClusterer().cluster(sentences, embeddings)
    cost = next(c for c in clusters if 0 in c.members)
    assert sorted(cost.members) == [0, 1] and cost.support == 2
    assert next(c for c in clusters if 2 in c.members).support == 1


def test_contradicting_figures_are_never_the_same_claim():
    # Identical but for the figure, and as close as can be: a dispute, left to the conflict stage.
    sentences = sentences_for([0, 1], [COST_A, RIVAL])
    embeddings = np.stack([unit(1, 0), unit(0.99, 0.14)])
    assert all(c.support == 1 for c in StarClusterer().cluster(sentences, embeddings))
    words = analyse_all([COST_A, RIVAL])
    assert SameClaim().scores(words, np.array([0]), np.array([1]), np.array([0.99]))[0] == -np.inf


def test_copies_count_once_in_a_clusters_support():
    wire = "The council approved the library budget of 4.2 million dollars on Monday evening after a long debate."
    vote = "The vote was seven to two after a debate that lasted more than three hours in the town hall."
    when = "Council member Ana Ruiz said the library would open its doors in the spring of next year."
    own = "Councillors backed the 4.2 million dollar library plan on Monday, by seven votes to two."
    texts = [[wire, vote, when], [wire, vote, when], [own]]  # article 1 is the agency story again
    articles, sentences = [], []
    for a, parts in enumerate(texts):
        text = " ".join(parts)
        articles.append(Article(id=str(a), text=text))
        for p, part in enumerate(parts):
            start = text.index(part)
            sentences.append(Sentence(str(a), a, start, start + len(part), part, p))
    embeddings = np.stack(
        [unit(1, 0, 0), unit(0, 1, 0), unit(0, 0, 1), unit(1, 0, 0), unit(0, 1, 0), unit(0, 0, 1), unit(0.95, 0.1, 0)]
    )
    copies = MinHashCopyFinder().find(sentences, articles)
    budget_cluster = next(c for c in StarClusterer().cluster(sentences, embeddings, copies=copies) if 0 in c.members)
    assert {sentences[m].article_index for m in budget_cluster.members} == {0, 1, 2}
    assert budget_cluster.support == 2  # three articles, two independent reports


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


def test_the_cluster_and_extract_stages_share_one_word_index():
    from summarizer.cluster import word_index

    texts = ["Troops withdrew on Monday.", "Troops suffered heavy losses."]
    assert word_index(texts) is word_index(list(texts))
    assert word_index(texts[:1]) is not word_index(texts)
