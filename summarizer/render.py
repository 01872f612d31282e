"""Digest -> text, Markdown or JSON.

Text and Markdown number the sources in input order and mark each line with
the sources that carry it, like ``[1][3]``; JSON is the contract's shape.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable

from summarizer.types import Conflict, Digest

FORMATS = ("text", "md", "json")
DEFAULT_WIDTH = 100


def _numbers(digest: Digest) -> dict[str, int]:
    return {article.id: n for n, article in enumerate(digest.articles, start=1)}


def _markers(article_ids: list[str], numbers: dict[str, int]) -> str:
    return "".join(f"[{n}]" for n in sorted({numbers[a] for a in article_ids}))


def _conflict_sides(conflict: Conflict, numbers: dict[str, int]) -> str:
    by_value: dict[str, list[str]] = {}
    for claim in conflict.claims:
        by_value.setdefault(claim.value, []).append(claim.article_id)
    return " vs ".join(f"{value} {_markers(ids, numbers)}" for value, ids in by_value.items())


def _disputed_note(indices: tuple[int, ...]) -> str:
    """ " (disputed: see 1)" pointing at the numbered disagreements below the points."""
    return f" (figures disputed: see {', '.join(str(i + 1) for i in indices)} below)" if indices else ""


def _source_label(digest: Digest, article_id: str) -> str:
    article = next(a for a in digest.articles if a.id == article_id)
    label = f"{article.title} ({article.id})" if article.title else article.id
    return f"{label} (left out: {article.skipped_reason})" if article.skipped_reason else label


def to_text(digest: Digest, *, width: int = DEFAULT_WIDTH) -> str:
    numbers = _numbers(digest)
    lines = [f"Digest of {len(digest.articles)} articles", ""]
    for i, point in enumerate(digest.points, start=1):
        markers = _markers([c.article_id for c in point.citations], numbers)
        body = f"{point.text} {markers}{_disputed_note(point.disputed)}"
        lines.append(textwrap.fill(body, width=width, initial_indent=f"{i:>2}. ", subsequent_indent="    "))
    if digest.conflicts:
        lines += ["", "Sources disagree"]
        for n, conflict in enumerate(digest.conflicts, start=1):
            body = f"{conflict.about}: {_conflict_sides(conflict, numbers)}"
            lines.append(textwrap.fill(body, width=width, initial_indent=f"  {n}. ", subsequent_indent="     "))
    lines += ["", "Sources"]
    lines += [f"  [{n}] {_source_label(digest, article_id)}" for article_id, n in numbers.items()]
    return "\n".join(lines) + "\n"


def to_markdown(digest: Digest) -> str:
    numbers = _numbers(digest)
    lines = [f"## Digest of {len(digest.articles)} articles", ""]
    for i, point in enumerate(digest.points, start=1):
        markers = _markers([c.article_id for c in point.citations], numbers)
        lines.append(f"{i}. {point.text} {markers}{_disputed_note(point.disputed)}")
    if digest.conflicts:
        lines += ["", "### Sources disagree", ""]
        lines += [f"{n}. **{c.about}**: {_conflict_sides(c, numbers)}" for n, c in enumerate(digest.conflicts, 1)]
    lines += ["", "### Sources", ""]
    lines += [f"{n}. {_source_label(digest, article_id)}" for article_id, n in numbers.items()]
    return "\n".join(lines) + "\n"


def to_json(digest: Digest) -> str:
    return json.dumps(digest.to_dict(), ensure_ascii=False, indent=2) + "\n"


RENDERERS: dict[str, Callable[[Digest], str]] = {"text": to_text, "md": to_markdown, "json": to_json}


def render(digest: Digest, fmt: str) -> str:
    """The digest in ``fmt`` (one of FORMATS)."""
    return RENDERERS[fmt](digest)
