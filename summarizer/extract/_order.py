"""The order the digest reads in.

When the articles carry publication dates (``Article.published``), the story is told in time:
a line goes by the earliest date of the articles that report it (undated ones last), ties by
support. Without dates, the lines most reports carry come first, and among equals the one that
comes earlier in its article (a lead before the detail it introduces).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone

from summarizer.dates import published_at
from summarizer.types import Article, Point

_NEVER = datetime.max.replace(tzinfo=timezone.utc)


@dataclass(frozen=True, slots=True)
class Placed:
    """A chosen point with what its place depends on."""

    point: Point
    position: int  # of the line's first sentence in its article (0 = lead)
    rank: int  # when the selector picked it (0 = first)


def reading_order(placed: Sequence[Placed], articles: Sequence[Article] | None) -> list[Point]:
    """The points of ``placed`` in reading order (see the module docstring)."""
    dates = {a.id: published_at(a.published) for a in articles or ()}

    def first_reported(p: Placed) -> datetime:
        known = [d for c in p.point.citations if (d := dates.get(c.article_id)) is not None]
        return min(known, default=_NEVER)

    if any(d is not None for d in dates.values()):
        ordered = sorted(placed, key=lambda p: (first_reported(p), -p.point.support, p.position, p.rank))
    else:
        ordered = sorted(placed, key=lambda p: (-p.point.support, p.position, p.rank))
    return [p.point for p in ordered]
