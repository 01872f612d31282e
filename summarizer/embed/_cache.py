"""A cross-call cache in front of any embedder, bounded in bytes."""

from __future__ import annotations

import sys
import threading
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np

from summarizer.embed._protocol import Embedder

DEFAULT_CACHE_BYTES = 64 * 1024 * 1024  # ~40,000 news sentences with their 384-d vectors


def entry_bytes(text: str, vector: np.ndarray) -> int:
    """What one cached entry holds in memory: the text (its key) and its own copy of the vector."""
    return sys.getsizeof(text) + vector.nbytes


class CachedEmbedder:
    """Remembers the vectors of recently seen sentences across calls, up to ``max_bytes``.

    A story's article set grows as outlets publish: re-digesting it embeds only
    the new sentences. Each vector is stored as its own copy (a row of the batch
    array would keep the whole batch alive) and counted with its text; the least
    recently used entries go first once the total passes ``max_bytes``.
    """

    def __init__(self, inner: Embedder, *, max_bytes: int = DEFAULT_CACHE_BYTES):
        self.inner = inner
        self.name = inner.name
        self.max_bytes = max_bytes
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    @property
    def device(self) -> str:
        return getattr(self.inner, "device", "cpu")

    @property
    def nbytes(self) -> int:
        """Bytes held by the cached texts and vectors (at most ``max_bytes``)."""
        return self._bytes

    def __len__(self) -> int:
        return len(self._vectors)

    def load(self) -> None:
        load = getattr(self.inner, "load", None)
        if callable(load):
            load()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return self.inner.encode([])
        distinct = list(dict.fromkeys(texts))
        with self._lock:  # hits are taken now: another thread may evict them before the second lock
            known = {t: v for t in distinct if (v := self._vectors.get(t)) is not None}
        missing = [t for t in distinct if t not in known]
        if missing:
            known.update(zip(missing, self.inner.encode(missing), strict=True))
        with self._lock:
            for text in distinct:
                self._remember(text, known[text])
            while self._bytes > self.max_bytes and self._vectors:
                old_text, old_vector = self._vectors.popitem(last=False)
                self._bytes -= entry_bytes(old_text, old_vector)
        return np.stack([known[t] for t in texts])

    def _remember(self, text: str, vector: np.ndarray) -> None:
        if text in self._vectors:
            self._vectors.move_to_end(text)
            return
        own = np.array(vector, dtype=np.float32, copy=True)
        size = entry_bytes(text, own)
        if size <= self.max_bytes:  # an entry larger than the whole cache is not kept
            self._vectors[text] = own
            self._bytes += size
