"""What reading inputs gives: the articles, and every input skipped with its reason."""

from __future__ import annotations

from dataclasses import dataclass

from summarizer.types import Article


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that yielded no article: ``source`` names it (file, ``file line 3``, URL), ``reason`` says why."""

    source: str
    reason: str


@dataclass(frozen=True, slots=True)
class Loaded:
    articles: tuple[Article, ...]
    skipped: tuple[Skipped, ...]
