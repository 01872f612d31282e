"""The partition is average-linkage clustering of the whole feed, computed part by part."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse
from sklearn.cluster import AgglomerativeClustering
from sklearn.preprocessing import normalize

from summarizer.stories import partition
from summarizer.stories._features import rarity, term_vectors, terms
from summarizer.stories._partition import similarity


def feed(seed: int, n: int = 60) -> tuple[np.ndarray, sparse.csr_matrix]:
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(8, 16))
    vectors = normalize(centres[rng.integers(0, 8, n)] + 0.6 * rng.normal(size=(n, 16))).astype(np.float32)
    words = sparse.random(n, 40, density=0.15, random_state=seed, format="csr")
    return vectors, normalize(words).tocsr()


@pytest.mark.parametrize("seed", range(4))
def test_parts_give_the_same_stories_as_clustering_the_whole_feed(seed):
    vectors, words = feed(seed)
    distance = np.clip(1.0 - similarity(vectors, words, slice(None), slice(None)), 0.0, None)
    np.fill_diagonal(distance, 0.0)
    labels = AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="average", distance_threshold=1.0 - 0.475
    ).fit_predict(distance)
    whole = {frozenset(np.flatnonzero(labels == k).tolist()) for k in np.unique(labels)}
    parts = partition(vectors, words, min_similarity=0.475, block_rows=7)
    assert {frozenset(g) for g in parts} == whole
    assert sorted(i for g in parts for i in g) == list(range(len(vectors)))


def test_an_empty_feed_has_no_stories():
    assert partition(np.zeros((0, 4), dtype=np.float32), sparse.csr_matrix((0, 3))) == []


def test_names_inside_a_sentence_count_twice_and_common_words_weigh_nothing():
    assert terms("Rescuers reached Kestrel. Kestrel is quiet.") == [
        "rescuers",
        "reached",
        "kestrel",
        "kestrel",
        "kestrel",
        "is",
        "quiet",
    ]
    assert rarity("the", "en") == 0.0
    assert rarity("kestrel", "en") > rarity("town", "en") > 0.0
    assert rarity("hualien", "en") > rarity("trump", "en")


@pytest.mark.parametrize("language", ["ja", "zh", "ko", "ar", "xx"])
def test_every_language_gets_weights_without_extra_tokenizers(language):
    matrix = term_vectors(["東京で地震 2024 年 1,200 人", "Kestrel 12 quake"], [language, language])
    assert matrix.shape[0] == 2


def test_a_feed_of_one_close_story_is_one_group_without_scipy_clustering():
    # A digest's input is mostly one story whose articles are all alike: it must come out as one
    # group, and (the cold start's 0.1 s) without importing SciPy's clustering or graph modules.
    script = """
import sys
import numpy as np
from scipy import sparse
from summarizer.stories import partition
rng = np.random.default_rng(0)
vectors = rng.normal(size=(1, 16)) + 0.05 * rng.normal(size=(6, 16))
vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
words = sparse.csr_matrix(np.ones((6, 5)) / np.sqrt(5))
print(partition(vectors, words, min_similarity=0.475))
print(sorted(m for m in sys.modules if m.startswith(("scipy.cluster", "scipy.sparse.csgraph"))))
"""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    groups, imported = done.stdout.splitlines()
    assert groups == "[[0, 1, 2, 3, 4, 5]]"
    assert imported == "[]"


@pytest.mark.parametrize("seed", range(4))
def test_tight_feeds_give_what_scipy_linkage_gives(seed):
    # The shortcut for a group whose every pair is close must agree with the clustering it skips.
    rng = np.random.default_rng(seed)
    centre = rng.normal(size=(1, 16))
    vectors = normalize(centre + rng.uniform(0.05, 0.9) * rng.normal(size=(12, 16))).astype(np.float32)
    words = normalize(sparse.random(12, 30, density=0.5, random_state=seed, format="csr")).tocsr()
    distance = np.clip(1.0 - similarity(vectors, words, slice(None), slice(None)), 0.0, None)
    np.fill_diagonal(distance, 0.0)
    labels = AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="average", distance_threshold=1.0 - 0.475
    ).fit_predict(distance)
    expected = {frozenset(np.flatnonzero(labels == k).tolist()) for k in np.unique(labels)}
    assert {frozenset(g) for g in partition(vectors, words, min_similarity=0.475)} == expected
