"""Which device and number format a model runs in; shared by every stage that loads one (embed, rewrite)."""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

from summarizer.errors import ConfigurationError
from summarizer.hardware import cpu_info

DTYPES = ("auto", "float32", "bfloat16", "float16")
_ALIASES = {"fp32": "float32", "bf16": "bfloat16", "fp16": "float16", "half": "float16"}


def resolve_device(device: str | None) -> str:
    """``None`` or ``"auto"`` means CUDA when present, else CPU."""
    if device not in (None, "auto"):
        return device
    return "cuda" if _cuda_available() else "cpu"


@lru_cache(maxsize=1)
def _cuda_available() -> bool:
    """Whether torch sees a CUDA GPU; torch (about 1.5 s to import) is asked only where an
    NVIDIA driver could be present: never on macOS, on Linux only with the driver's files."""
    if sys.platform == "darwin":
        return False
    driver_files = ("/proc/driver/nvidia/version", "/dev/nvidiactl", "/dev/dxg")  # dxg: CUDA under WSL
    if sys.platform.startswith("linux") and not any(Path(f).exists() for f in driver_files):
        return False
    import torch

    return bool(torch.cuda.is_available())


def resolve_dtype(dtype: str | None, device: str) -> str:
    """The number format for a model on ``device``: a name from ``DTYPES`` (or fp32, bf16, fp16).

    ``None`` or ``"auto"`` picks the fastest format that keeps the vectors: float16 on
    CUDA, bfloat16 on a CPU that multiplies bf16 natively (AMX or AVX512-BF16, read
    from the CPU's flags), float32 everywhere else. ``"float32"`` forces full precision.
    """
    name = _ALIASES.get(str(dtype).lower(), str(dtype).lower()) if dtype is not None else "auto"
    if name not in DTYPES:
        raise ConfigurationError(
            f"Unknown dtype {dtype!r}: use one of {', '.join(DTYPES)} (auto picks the fastest this machine has)."
        )
    if name != "auto":
        return name
    if device.startswith("cuda"):
        return "float16"
    if device == "cpu" and cpu_info().has_bf16:
        return "bfloat16"
    return "float32"
