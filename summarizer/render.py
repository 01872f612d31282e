"""Digest -> text, Markdown or JSON.

Text and Markdown number the sources in input order and mark each line with
the sources that carry it, like ``[1][3]``, and after them any copies of those
sources' reports, like ``(copy: [4] of [1])``; JSON is the contract's shape.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable

from summarizer.types import Conflict, Digest, Point, Stories, Story

FORMATS = ("text", "md", "json")
DEFAULT_WIDTH = 100


def _numbers(digest: Digest) -> dict[str, int]:
    return {article.id: n for n, article in enumerate(digest.articles, start=1)}


def _markers(article_ids: list[str], numbers: dict[str, int]) -> str:
    return "".join(f"[{n}]" for n in sorted({numbers[a] for a in article_ids}))


def _point_markers(point: Point, numbers: dict[str, int]) -> str:
    """ "[1][3]" for the independent sources, then the copies: "[1][3] (copy: [4] of [1])"."""
    sources = _markers([c.article_id for c in point.citations if c.copy_of is None], numbers)
    copies = [f"[{numbers[c.article_id]}] of [{numbers[c.copy_of]}]" for c in point.citations if c.copy_of is not None]
    if not copies:
        return sources
    return f"{sources} ({'copies' if len(copies) > 1 else 'copy'}: {', '.join(copies)})"


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


def to_text(digest: Digest, *, width: int = DEFAULT_WIDTH, title: str | None = None) -> str:
    numbers = _numbers(digest)
    lines = [title or f"Digest of {len(digest.articles)} articles", ""]
    for i, point in enumerate(digest.points, start=1):
        markers = _point_markers(point, numbers)
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


def to_markdown(digest: Digest, *, title: str | None = None, level: int = 2) -> str:
    numbers = _numbers(digest)
    heading, subheading = "#" * level, "#" * (level + 1)
    lines = [f"{heading} {title or f'Digest of {len(digest.articles)} articles'}", ""]
    for i, point in enumerate(digest.points, start=1):
        markers = _point_markers(point, numbers)
        lines.append(f"{i}. {point.text} {markers}{_disputed_note(point.disputed)}")
    if digest.conflicts:
        lines += ["", f"{subheading} Sources disagree", ""]
        lines += [f"{n}. **{c.about}**: {_conflict_sides(c, numbers)}" for n, c in enumerate(digest.conflicts, 1)]
    lines += ["", f"{subheading} Sources", ""]
    lines += [f"{n}. {_source_label(digest, article_id)}" for article_id, n in numbers.items()]
    return "\n".join(lines) + "\n"


def to_json(digest: Digest) -> str:
    return json.dumps(digest.to_dict(), ensure_ascii=False, indent=2) + "\n"


RENDERERS: dict[str, Callable[[Digest], str]] = {"text": to_text, "md": to_markdown, "json": to_json}


def render(digest: Digest, fmt: str) -> str:
    """The digest in ``fmt`` (one of FORMATS)."""
    return RENDERERS[fmt](digest)


def _story_heading(number: int, story: Story) -> str:
    articles = f"{len(story.articles)} article{'s' * (len(story.articles) != 1)}"
    return f"Story {number}: {story.title} ({articles}, {story.sources} source{'s' * (story.sources != 1)})"


def _no_digest_note(story: Story) -> str | None:
    """Why a story has no points (its articles held nothing to digest), or None."""
    if story.digest is None or story.digest.points:
        return None
    reason = next((a.skipped_reason for a in story.digest.articles if a.skipped_reason), None)
    return f"(nothing to digest{': ' + reason if reason else ''})"


def render_stories(stories: Stories, fmt: str, *, width: int = DEFAULT_WIDTH) -> str:
    """Every story's digest in ``fmt`` (one of FORMATS), most independent sources first."""
    if fmt == "json":
        return json.dumps(stories.to_dict(), ensure_ascii=False, indent=2) + "\n"
    count = f"{len(stories.stories)} stor{'ies' if len(stories.stories) != 1 else 'y'}"
    header = f"{count} from {stories.meta.get('articles', sum(len(s.articles) for s in stories.stories))} articles"
    parts = [f"# {header}\n" if fmt == "md" else f"{header}\n"]
    for number, story in enumerate(stories.stories, start=1):
        heading = _story_heading(number, story)
        if story.digest is None:
            parts.append((f"## {heading}" if fmt == "md" else heading) + "\n")
            continue
        body = (
            to_markdown(story.digest, title=heading)
            if fmt == "md"
            else to_text(story.digest, width=width, title=heading)
        )
        note = _no_digest_note(story)
        if note:
            first, rest = body.split("\n", 1)
            body = f"{first}\n{note}\n{rest}"
        parts.append(body)
    return "\n".join(parts)
