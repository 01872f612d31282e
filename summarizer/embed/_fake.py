"""A cheap stand-in embedder for unit tests."""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence

import numpy as np


class HashingEmbedder:
    """Cheap, deterministic bag-of-words vectors for unit tests: no model, no torch.

    Texts that share words get similar vectors, which is all the clustering and
    selection logic needs to be exercised.
    """

    name = "hashing-fake"
    device = "cpu"

    def __init__(self, dimensions: int = 512):
        self.dimensions = dimensions

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        vectors = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                vectors[row, zlib.crc32(word.encode()) % self.dimensions] += 1.0
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1.0, norms)
