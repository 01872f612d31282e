"""Marks the digest points whose sources dispute a figure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from summarizer.types import Conflict, Point


def mark_disputed(points: Sequence[Point], conflicts: Sequence[Conflict]) -> list[Point]:
    """Flag each point whose cited sentences state a figure that sources dispute."""
    claimed = [{(c.article_id, c.start, c.end) for c in conflict.claims} for conflict in conflicts]
    marked = []
    for point in points:
        cited = {(c.article_id, c.start, c.end) for c in point.citations}
        disputed = tuple(i for i, spans in enumerate(claimed) if spans & cited)
        marked.append(replace(point, disputed=disputed) if disputed else point)
    return marked
