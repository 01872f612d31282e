"""The cross-call embedding cache holds at most its bound in bytes, in vectors of its own."""

from __future__ import annotations

import gc
import tracemalloc

import numpy as np

from summarizer.embed import CachedEmbedder, HashingEmbedder
from summarizer.embed._cache import entry_bytes


class WideBatches:
    """An embedder whose rows are views into a much wider batch array, as a padded model's output can be."""

    name = "wide-batches"

    def __init__(self, width: int = 50_000):
        self.width = width

    def encode(self, texts):
        batch = np.ones((len(texts), self.width), dtype=np.float32)
        return batch[:, :8]


def test_rows_are_copies_so_no_batch_array_stays_alive():
    cache = CachedEmbedder(WideBatches(), max_bytes=1_000_000)
    texts = [f"sentence number {i}" for i in range(40)]
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        returned = cache.encode(texts)
        del returned
        gc.collect()
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    # The 40 x 50,000 batch (8 MB) is gone; what stays is the 40 entries the cache counts.
    assert len(cache) == 40 and cache.nbytes == sum(entry_bytes(t, np.zeros(8, np.float32)) for t in texts)
    assert held < 2 * cache.nbytes + 20_000
    assert all(vector.base is None for vector in cache._vectors.values())


def test_the_bound_holds_in_bytes_and_the_least_recently_used_go_first():
    one = entry_bytes("sentence 000", np.zeros(512, np.float32))
    cache = CachedEmbedder(HashingEmbedder(), max_bytes=10 * one)
    for start in range(0, 100, 7):
        cache.encode([f"sentence {i:03d}" for i in range(start, start + 7)])
        assert cache.nbytes <= cache.max_bytes
    assert len(cache) == 10 and cache.nbytes == 10 * one
    assert list(cache._vectors)[-1] == "sentence 104" and "sentence 000" not in cache._vectors


def test_a_long_text_counts_for_its_size_and_one_larger_than_the_cache_is_not_kept():
    cache = CachedEmbedder(HashingEmbedder(), max_bytes=50_000)
    cache.encode(["short one", "word " * 5_000])  # ~25 KB of text
    assert len(cache) == 2 and cache.nbytes > 25_000
    vectors = cache.encode(["word " * 20_000])  # ~100 KB: embedded, returned, not cached
    assert vectors.shape == (1, 512) and "word " * 20_000 not in cache._vectors
    assert cache.nbytes <= 50_000
