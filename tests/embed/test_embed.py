import numpy as np

from summarizer.embed import CachedEmbedder, HashingEmbedder, encode_distinct
from summarizer.embed._cache import entry_bytes


class Counting(HashingEmbedder):
    def __init__(self):
        super().__init__()
        self.seen: list[str] = []

    def encode(self, texts):
        self.seen.extend(texts)
        return super().encode(texts)


def test_identical_texts_are_encoded_once_per_call():
    inner = Counting()
    vectors = encode_distinct(["a b", "c d", "a b"], inner.encode)
    assert sorted(inner.seen) == ["a b", "c d"]
    assert np.array_equal(vectors[0], vectors[2]) and not np.array_equal(vectors[0], vectors[1])


def test_cache_embeds_only_new_sentences_and_returns_the_same_vectors():
    inner = Counting()
    cached = CachedEmbedder(inner, max_bytes=1_000_000)
    first = cached.encode(["river floods town", "mayor declares emergency"])
    again = cached.encode(["mayor declares emergency", "new rain expected", "river floods town"])
    assert inner.seen == ["river floods town", "mayor declares emergency", "new rain expected"]
    assert np.array_equal(again[0], first[1]) and np.array_equal(again[2], first[0])
    assert np.array_equal(
        again, HashingEmbedder().encode(["mayor declares emergency", "new rain expected", "river floods town"])
    )


def test_cache_is_bounded_and_drops_the_least_recently_used():
    inner = Counting()
    cached = CachedEmbedder(inner, max_bytes=2 * entry_bytes("one", np.zeros(512, np.float32)))
    cached.encode(["one", "two"])
    cached.encode(["one", "six"])  # "two" is now the least recently used
    cached.encode(["two"])
    assert inner.seen == ["one", "two", "six", "two"]
    assert list(cached._vectors) == ["six", "two"]
