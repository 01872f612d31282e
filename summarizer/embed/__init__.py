"""The embed stage: sentences -> L2-normalised vectors, row i for sentence i.

    Embedder                     the protocol every backend follows
    SentenceTransformerEmbedder  torch (default): the packaged model on PyTorch's own layers, or any
                                 sentence-transformers model; CPU or CUDA, at the device's best dtype
    OnnxEmbedder                 the packaged model on onnxruntime's fused kernels (no torch), CPU
    CachedEmbedder               a cross-call cache in front of either, bounded in bytes
    HashingEmbedder              a cheap bag-of-words fake for unit tests
    make_embedder                the choice between backends, from settings (resolve_backend: what auto means)

Backends import torch or onnxruntime only when they load, so importing this
package is cheap.
"""

from summarizer.embed._backends import (
    BACKENDS,
    DEFAULT_BACKEND,
    DEFAULT_FAST_START_CHARS,
    make_embedder,
    resolve_backend,
)
from summarizer.embed._cache import DEFAULT_CACHE_BYTES, CachedEmbedder
from summarizer.embed._fake import HashingEmbedder
from summarizer.embed._onnx import DEFAULT_ONNX_BATCH_SIZE, OnnxEmbedder
from summarizer.embed._packaged import DEFAULT_MODEL_LABEL, packaged_model_path
from summarizer.embed._protocol import Embedder, encode_distinct
from summarizer.embed._sentence_transformers import DEFAULT_BATCH_SIZE, SentenceTransformerEmbedder

__all__ = [
    "BACKENDS",
    "DEFAULT_BACKEND",
    "DEFAULT_BATCH_SIZE",
    "DEFAULT_CACHE_BYTES",
    "DEFAULT_FAST_START_CHARS",
    "DEFAULT_MODEL_LABEL",
    "DEFAULT_ONNX_BATCH_SIZE",
    "CachedEmbedder",
    "Embedder",
    "HashingEmbedder",
    "OnnxEmbedder",
    "SentenceTransformerEmbedder",
    "encode_distinct",
    "make_embedder",
    "resolve_backend",
    "packaged_model_path",
]
