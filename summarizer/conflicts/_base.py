"""The conflict stage's interface and the finder that turns it off."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np

from summarizer.types import Conflict, Sentence


class ConflictFinder(Protocol):
    """Reports the figures on which articles disagree.

    ``find`` takes the run's content sentences and their embeddings (row i belongs
    to ``sentences[i]``, L2-normalised) and returns the conflicts, most important
    first; each claim's offsets are its sentence's. A finder may also have ``load()``.
    """

    def find(self, sentences: Sequence[Sentence], embeddings: np.ndarray) -> tuple[Conflict, ...]: ...


class NoConflictFinder:
    """A finder that reports nothing: turns the stage off (and tests other stages with no parser to load)."""

    def find(self, sentences: Sequence[Sentence], embeddings: np.ndarray) -> tuple[Conflict, ...]:
        return ()
