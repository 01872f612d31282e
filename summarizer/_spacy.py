"""Import spaCy without the PyTorch that its thinc would import, and without its command line.

thinc (spaCy's network library) imports torch when it is installed, only to offer PyTorch
layers; the CPU pipelines used here (en_core_web_sm: tok2vec, tagger, parser) never use
them, and importing torch costs about a second of a two-second cold start (all of it on
the ONNX backend, which needs no torch at all). So while spaCy is first imported, torch is
hidden from ``thinc.compat`` alone: no other import, on this thread or another, is
affected, and a torch that is already imported is left as it is (thinc then sees it).

``spacy/__init__`` also imports ``spacy.cli`` (typer, weasel, requests, jinja2: about 0.3 s,
a third of importing spaCy) for the one name ``spacy.info``. While spaCy is first imported,
that import gets a stand-in whose ``info`` imports the real command on its first call; the
stand-in leaves ``sys.modules`` as soon as spaCy is imported, so ``import spacy.cli`` later
imports the real package.

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
from typing import Any

_LOCK = threading.Lock()
_CLI = ("spacy.cli", "spacy.cli.info")


def _imported_by(module: str) -> bool:
    """Whether the import being resolved was asked for by the code of ``module``."""
    frame = sys._getframe(2)
    while frame is not None:
        if frame.f_globals.get("__name__") == module:
            return True
        frame = frame.f_back  # type: ignore[assignment]
    return False


class _TorchHiddenFromThinc(importlib.abc.MetaPathFinder):
    """Answers ``import torch`` from ``thinc.compat`` with ModuleNotFoundError; declines every other import."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if (fullname == "torch" or fullname.startswith("torch.")) and _imported_by("thinc.compat"):
            raise ModuleNotFoundError("torch is not used by this process's spaCy pipelines", name=fullname)
        return None


class _CliDeferred(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Answers ``spacy/__init__``'s ``from .cli.info import info`` with a stand-in; declines every other import."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname in _CLI and _imported_by("spacy"):
            return importlib.machinery.ModuleSpec(fullname, self, is_package=fullname == "spacy.cli")
        return None

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return None

    def exec_module(self, module: ModuleType) -> None:
        if module.__name__ == "spacy.cli.info":
            module.__dict__["info"] = _info


def _info(*args: Any, **kwargs: Any) -> Any:
    """``spacy.info``: the real ``spacy.cli.info.info``, imported on the first call."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


def import_spacy() -> ModuleType:
    """``import spacy``, with torch hidden from thinc unless torch or thinc is already imported,
    and its command line left to be imported when it is used."""
    with _LOCK:
        if "spacy" in sys.modules:
            import spacy

            return spacy
        finders: list[importlib.abc.MetaPathFinder] = [_CliDeferred()]
        if "thinc" not in sys.modules and "torch" not in sys.modules:
            finders.append(_TorchHiddenFromThinc())
        sys.meta_path[:0] = finders
        try:
            import spacy
        finally:
            for finder in finders:
                sys.meta_path.remove(finder)
            _drop_cli_stand_ins()
        return spacy


def _drop_cli_stand_ins() -> None:
    """Forget the stand-ins, so that a later ``import spacy.cli`` imports the real package."""
    for name in reversed(_CLI):
        module = sys.modules.get(name)
        if module is not None and isinstance(module.__spec__.loader, _CliDeferred):  # type: ignore[union-attr]
            del sys.modules[name]
    spacy = sys.modules.get("spacy")
    cli = getattr(spacy, "cli", None)
    if cli is not None and isinstance(getattr(cli.__spec__, "loader", None), _CliDeferred):
        delattr(spacy, "cli")
