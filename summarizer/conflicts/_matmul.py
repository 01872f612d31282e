"""The parser's matrix products on NumPy's BLAS, one thread, instead of thinc's bundled BLIS.

thinc's CPU ops multiply with BLIS, which on the small batches a digest parses is about
twice as slow as the OpenBLAS NumPy ships, run on one thread (the ten candidate sentences
of the example seeds: 25 ms against 14 ms on a 2-core AMD EPYC; 6.5 s against 2.9 s for
3,000 sentences). One thread, because OpenBLAS's threads spin while they wait: on a busy
machine its two threads made the same parse take 150 ms. Only ``gemm`` moves; every other
kernel stays thinc's own, and the parses come out the same (tags, labels and heads
compared on 3,000 news sentences).

The thread limit needs threadpoolctl (installed with scikit-learn, which sentence-transformers
requires); without it the parser keeps BLIS.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from spacy.language import Language

_LOCK = threading.Lock()  # the thread limit is process-wide: one holder at a time
_SWITCHED: weakref.WeakSet[Any] = weakref.WeakSet()  # pipelines whose layers have the NumPy ops


@contextmanager
def numpy_matmul(nlp: Language) -> Iterator[None]:
    """While open, ``nlp``'s layers multiply with NumPy's BLAS limited to one thread."""
    controller = _controller()
    if controller is None:
        yield
        return
    with _LOCK:
        if nlp not in _SWITCHED:
            _switch(nlp)
            _SWITCHED.add(nlp)
        with controller.limit(limits=1, user_api="blas"):
            yield


@lru_cache(maxsize=1)
def _controller() -> Any:
    try:
        from threadpoolctl import ThreadpoolController  # type: ignore[import-untyped]
    except ImportError:
        return None
    return ThreadpoolController()  # after NumPy's import, so it finds NumPy's OpenBLAS


def _switch(nlp: Language) -> None:
    ops = _numpy_gemm_ops()
    for _, pipe in nlp.pipeline:
        model = getattr(pipe, "model", None)
        if model is not None and hasattr(model, "walk"):
            for node in model.walk():
                node.ops = ops


def _numpy_gemm_ops() -> Any:
    from thinc.api import NumpyOps

    class NumpyGemmOps(NumpyOps):
        def gemm(
            self,
            x: np.ndarray,
            y: np.ndarray,
            *,
            out: np.ndarray | None = None,
            trans1: bool = False,
            trans2: bool = False,
        ) -> np.ndarray:
            a, b = (x.T if trans1 else x), (y.T if trans2 else y)
            if out is None:
                return np.dot(a, b)
            np.dot(a, b, out=out)
            return out

    return NumpyGemmOps()
