"""A bounded cross-call cache in front of any embedder."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np

from summarizer.embed._protocol import Embedder

DEFAULT_CACHE_ENTRIES = 20_000  # ~30 MB of 384-d vectors


class CachedEmbedder:
    """Remembers the vectors of recently seen sentences across calls, up to a bound.

    A story's article set grows as outlets publish: re-digesting it embeds only
    the new sentences. Least recently used vectors are dropped first.
    """

    def __init__(self, inner: Embedder, *, max_entries: int = DEFAULT_CACHE_ENTRIES):
        self.inner = inner
        self.name = inner.name
        self.max_entries = max_entries
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def device(self) -> str:
        return getattr(self.inner, "device", "cpu")

    def load(self) -> None:
        load = getattr(self.inner, "load", None)
        if callable(load):
            load()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return self.inner.encode([])
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        fresh = self.inner.encode(missing) if missing else None
        with self._lock:
            known = {t: self._vectors[t] for t in texts if t in self._vectors}
            if fresh is not None:
                known.update(zip(missing, fresh, strict=True))
            for text in dict.fromkeys(texts):
                self._vectors[text] = known[text]
                self._vectors.move_to_end(text)
            while len(self._vectors) > self.max_entries:
                self._vectors.popitem(last=False)
        return np.stack([known[t] for t in texts])
