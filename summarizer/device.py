"""Which device a model runs on; shared by every stage that loads one (embed, rewrite)."""

from __future__ import annotations


def resolve_device(device: str | None) -> str:
    """``None`` or ``"auto"`` means CUDA when present, else CPU."""
    if device not in (None, "auto"):
        return device
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"
