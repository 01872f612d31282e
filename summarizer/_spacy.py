"""Import spaCy without the PyTorch that its thinc would import.

thinc (spaCy's network library) imports torch when it is installed, only to offer PyTorch
layers; the CPU pipelines used here (en_core_web_sm: tok2vec, tagger, parser) never use
them, and importing torch costs about a second of a two-second cold start (all of it on
the ONNX backend, which needs no torch at all). So while spaCy is first imported, torch is
hidden from ``thinc.compat`` alone: no other import, on this thread or another, is
affected, and a torch that is already imported is left as it is (thinc then sees it).

The price: in a process where this ran first, thinc reports no PyTorch, so a spaCy
pipeline with PyTorch components (``en_core_web_trf``) cannot run in that process.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
import threading
from collections.abc import Sequence
from types import ModuleType

_LOCK = threading.Lock()


class _TorchHiddenFromThinc(importlib.abc.MetaPathFinder):
    """Answers ``import torch`` from ``thinc.compat`` with ModuleNotFoundError; declines every other import."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname == "torch" or fullname.startswith("torch."):
            frame = sys._getframe(1)
            while frame is not None:
                if frame.f_globals.get("__name__") == "thinc.compat":
                    raise ModuleNotFoundError("torch is not used by this process's spaCy pipelines", name=fullname)
                frame = frame.f_back  # type: ignore[assignment]
        return None


def import_spacy() -> ModuleType:
    """``import spacy``, with torch hidden from thinc unless torch or thinc is already imported."""
    with _LOCK:
        if "thinc" in sys.modules or "torch" in sys.modules:
            import spacy

            return spacy
        finder = _TorchHiddenFromThinc()
        sys.meta_path.insert(0, finder)
        try:
            import spacy
        finally:
            sys.meta_path.remove(finder)
        return spacy
