"""On-disk caches that make repeated quality runs fast (``--cache DIR``); results do not change.

- :class:`DiskCachedEmbedder` keeps every sentence vector the digest asked for, per model, in
  ``DIR/embeddings-<model>.npz``: a second run embeds only sentences it has not seen (a changed
  segmenter yields some new ones).
- :class:`RankingCache` keeps each peer's ranking of a cluster in ``DIR/rankings.json``, keyed by
  the system, the documents and the source of the peers' code, so an edit to a peer or to the
  shared sentence splitter invalidates it.

Times per cluster are not comparable between a cached and an uncached run.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.common import REPO_ROOT


def _digest(*parts: str) -> str:
    sha = hashlib.sha1()
    for part in parts:
        sha.update(part.encode("utf-8"))
        sha.update(b"\0")
    return sha.hexdigest()


class DiskCachedEmbedder:
    """An Embedder in front of another one, remembering vectors on disk between runs."""

    def __init__(self, inner: Any, folder: Path) -> None:
        self.inner = inner
        self.name = inner.name
        self._path = folder / f"embeddings-{_digest(inner.name)[:12]}.npz"
        self._vectors: dict[str, np.ndarray] = {}
        self._dirty = False
        if self._path.is_file():
            with np.load(self._path, allow_pickle=False) as stored:
                self._vectors = dict(zip(stored["keys"].tolist(), stored["vectors"], strict=True))

    @property
    def device(self) -> str:
        return getattr(self.inner, "device", "cpu")

    def load(self) -> None:
        load = getattr(self.inner, "load", None)
        if callable(load):
            load()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        keys = [_digest(t) for t in texts]
        missing = list(dict.fromkeys(t for t, k in zip(texts, keys, strict=True) if k not in self._vectors))
        if missing:
            for text, vector in zip(missing, self.inner.encode(missing), strict=True):
                self._vectors[_digest(text)] = np.asarray(vector, dtype=np.float32)
            self._dirty = True
        if not texts:
            return self.inner.encode([])
        return np.stack([self._vectors[k] for k in keys])

    def save(self) -> None:
        if not self._dirty:
            return
        self._path.parent.mkdir(parents=True, exist_ok=True)
        keys = np.array(list(self._vectors), dtype=str)
        np.savez(self._path, keys=keys, vectors=np.stack(list(self._vectors.values())))
        self._dirty = False


class RankingCache:
    """Peers' rankings by (system, documents, peers' code)."""

    def __init__(self, folder: Path) -> None:
        self._path = folder / "rankings.json"
        self._rankings: dict[str, list[str]] = {}
        if self._path.is_file():
            self._rankings = json.loads(self._path.read_text(encoding="utf-8"))
        code = [(REPO_ROOT / "benchmarks" / name).read_text(encoding="utf-8") for name in ("peers.py", "common.py")]
        versions = [metadata.version(p) for p in ("sumy", "pysbd")]
        self._code = _digest(*code, *versions)
        self._dirty = False

    def rank(self, name: str, documents: Sequence[str], compute: Callable[[], list[str]]) -> list[str]:
        key = _digest(self._code, name, *documents)
        if key not in self._rankings:
            self._rankings[key] = compute()
            self._dirty = True
        return self._rankings[key]

    def save(self) -> None:
        if self._dirty:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            self._path.write_text(json.dumps(self._rankings), encoding="utf-8")
            self._dirty = False
