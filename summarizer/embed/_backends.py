"""The choice of embedding backend: one place that knows which knobs each one honours."""

from __future__ import annotations

from summarizer.device import resolve_dtype
from summarizer.embed._protocol import Embedder
from summarizer.errors import ConfigurationError

BACKENDS = ("torch", "onnx")
DEFAULT_BACKEND = "torch"


def make_embedder(
    backend: str = DEFAULT_BACKEND,
    *,
    model: str | None = None,
    device: str | None = None,
    batch_size: int | None = None,
    dtype: str | None = None,
) -> Embedder:
    """torch (the packaged model or any sentence-transformers model, CPU or CUDA, at the device's
    best dtype unless ``dtype`` is named), or the packaged model as int8 ONNX (CPU).

    A knob the backend cannot honour is refused with a ConfigurationError that says what to change,
    never silently dropped.
    """
    if backend not in BACKENDS:
        raise ConfigurationError(f"Unknown backend {backend!r}: use one of {', '.join(BACKENDS)}.")
    if backend == "torch":
        from summarizer.embed._sentence_transformers import SentenceTransformerEmbedder

        return SentenceTransformerEmbedder(model, device=device, batch_size=batch_size, dtype=dtype)
    if model is not None:
        raise ConfigurationError(
            f"The onnx backend runs only the packaged all-MiniLM-L6-v2, not {model!r}: "
            "drop --model (SUMMARIZER_MODEL) or use --backend torch."
        )
    if device not in (None, "auto", "cpu"):
        raise ConfigurationError(
            f"The onnx backend runs on CPU only, not {device!r}: use --device cpu (SUMMARIZER_DEVICE=cpu) "
            "or --backend torch for a GPU."
        )
    if dtype not in (None, "auto") and resolve_dtype(dtype, "cpu") != "float32":
        raise ConfigurationError(
            f"The onnx backend computes in float32 only (int8 weights), not {dtype!r}: drop --dtype "
            "(SUMMARIZER_DTYPE) or use --backend torch."
        )
    from summarizer.embed._onnx import DEFAULT_ONNX_BATCH_SIZE, OnnxEmbedder

    return OnnxEmbedder(batch_size=batch_size or DEFAULT_ONNX_BATCH_SIZE)
