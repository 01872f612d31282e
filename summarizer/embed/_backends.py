"""The choice of embedding backend: one place that knows which knobs each one honours.

``auto`` (the default) picks the backend that finishes first on this machine:

- torch for a named model (only sentence-transformers loads any model), a half-precision
  dtype, or a CUDA GPU;
- on a CPU that multiplies bf16 natively (AMX, AVX512-BF16), torch in bf16: fastest once
  loaded, so for a long-lived process (the service, a library user, a batch worker) and
  for a large one-shot input;
- onnx otherwise: float32 like torch on such a CPU but faster to start (no torch import,
  about 1.5 s) and faster per sentence than torch in float32.

A one-shot run that knows its input passes ``input_chars``: below ``DEFAULT_FAST_START_CHARS``
the start-up saved by onnx outweighs what bf16 would save on the sentences.
"""

from __future__ import annotations

from summarizer.device import resolve_device, resolve_dtype
from summarizer.embed._protocol import Embedder
from summarizer.errors import ConfigurationError
from summarizer.hardware import cpu_info

BACKENDS = ("auto", "torch", "onnx")
DEFAULT_BACKEND = "auto"
# About 600 sentences: where bf16's saving per sentence (about 2 ms on a 2-core Zen 4) repays
# torch's longer start (about 1.3 s). Measured with benchmarks/speed.py.
DEFAULT_FAST_START_CHARS = 100_000


def resolve_backend(
    backend: str = DEFAULT_BACKEND,
    *,
    model: str | None = None,
    device: str | None = None,
    dtype: str | None = None,
    input_chars: int | None = None,
) -> str:
    """``torch`` or ``onnx``: ``backend`` itself unless it is ``auto`` (see the module docstring).

    ``input_chars`` is the size of a one-shot run's whole input; None means a long-lived
    process, which pays the start once.
    """
    if backend not in BACKENDS:
        raise ConfigurationError(f"Unknown backend {backend!r}: use one of {', '.join(BACKENDS)}.")
    if backend != "auto":
        return backend
    if model is not None or resolve_device(device) != "cpu":
        return "torch"
    named = resolve_dtype(dtype, "cpu") if dtype not in (None, "auto") else None
    if named is not None:
        return "onnx" if named == "float32" else "torch"
    long_or_large = input_chars is None or input_chars > DEFAULT_FAST_START_CHARS
    return "torch" if cpu_info().has_bf16 and long_or_large else "onnx"


def make_embedder(
    backend: str = DEFAULT_BACKEND,
    *,
    model: str | None = None,
    device: str | None = None,
    batch_size: int | None = None,
    dtype: str | None = None,
) -> Embedder:
    """torch (the packaged model or any sentence-transformers model, CPU or CUDA, at the device's
    best dtype unless ``dtype`` is named), or the packaged model on onnxruntime (CPU, float32).

    A knob the backend cannot honour is refused with a ConfigurationError that says what to change,
    never silently dropped.
    """
    backend = resolve_backend(backend, model=model, device=device, dtype=dtype)
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
            f"The onnx backend computes in float32 only, not {dtype!r}: drop --dtype "
            "(SUMMARIZER_DTYPE) or use --backend torch."
        )
    from summarizer.embed._onnx import DEFAULT_ONNX_BATCH_SIZE, OnnxEmbedder

    return OnnxEmbedder(batch_size=batch_size or DEFAULT_ONNX_BATCH_SIZE)
