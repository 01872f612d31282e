"""What every embedding backend provides, and the one helper they share."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np


class Embedder(Protocol):
    """Turns texts into vectors for the clustering and conflict stages.

    ``name`` labels the model in the digest's ``meta``. ``encode`` returns a float32
    array of shape ``(len(texts), dimensions)`` whose row i is text i's vector,
    L2-normalised (so a dot product is a cosine); an empty list gives zero rows.
    A backend may also have ``load()`` (load now, raise ModelUnavailableError) and
    ``device``; the pipeline calls them when present.
    """

    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def encode_distinct(texts: Sequence[str], encode: Callable[[list[str]], np.ndarray]) -> np.ndarray:
    """Encode each distinct text once and spread the rows back: syndicated copy and
    repeated quotes are common in news sets."""
    unique, inverse = np.unique(np.asarray(texts, dtype=object), return_inverse=True)
    return np.asarray(encode(list(unique)), dtype=np.float32)[inverse.reshape(-1)]
