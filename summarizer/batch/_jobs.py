"""Input lines -> jobs, read as a stream; output lines for a job, written by either runner.

A story line is ``{"id", "articles": [...]}`` (articles as ``summarizer digest`` reads them
from JSON); with ``--stories`` a line is one article of a mixed feed. A line that cannot be
read becomes an error line, never the end of the run.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarizer.errors import InputError, ModelUnavailableError, NoArticlesError, SummarizerError
from summarizer.ingest import article_from_record
from summarizer.types import Article

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Job:
    """One story to digest, or (``error`` set) a line that could not be read.

    ``title`` is set for stories that ``--stories`` grouped: their output line then also
    names the story's title and articles.
    """

    id: str
    articles: tuple[Article, ...] = ()
    error: tuple[str, str] | None = None
    title: str | None = None


def error_line(story_id: str, kind: str, detail: str) -> dict[str, Any]:
    return {"id": story_id, "error": {"type": kind, "detail": detail}}


def digest_line(summarizer: Any, job: Job, max_words: int) -> dict[str, Any]:
    """The output line for ``job``: its digest, or the error that stopped it (never raised, except
    ModelUnavailableError, which would fail every story alike)."""
    if job.error is not None:
        return error_line(job.id, *job.error)
    try:
        digest = summarizer.summarize(list(job.articles), max_words=max_words)
    except ModelUnavailableError:
        raise
    except SummarizerError as exc:
        log.warning("story %s: %s", job.id, exc)
        return error_line(job.id, type(exc).__name__, str(exc))
    except Exception as exc:  # a bug on one story must not sink the batch: report it on its line
        log.exception("story %s failed", job.id)
        return error_line(job.id, type(exc).__name__, str(exc) or repr(exc))
    line: dict[str, Any] = {"id": job.id}
    if job.title is not None:
        line["title"] = job.title
        line["articles"] = [a.id for a in job.articles]
    line["digest"] = digest.to_dict()
    return line


def _records(path: Path) -> Iterator[tuple[int, Any]]:
    """(line number, parsed JSON or the JSONDecodeError), one line in memory at a time."""
    with path.open(encoding="utf-8-sig") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                yield number, json.loads(raw)
            except json.JSONDecodeError as exc:
                yield number, exc


def story_jobs(path: Path) -> Iterator[Job]:
    """The stories of ``path`` as a stream; a repeated id is skipped with a warning."""
    seen: set[str] = set()
    for number, record in _records(path):
        job = _story(number, record)
        if job.id in seen:
            log.warning("line %d repeats the story id %r: skipped (give each story its own id)", number, job.id)
            continue
        seen.add(job.id)
        yield job


def _story(number: int, record: Any) -> Job:
    where = f"line-{number}"
    if isinstance(record, json.JSONDecodeError):
        return Job(where, error=("InputError", f"line {number} is not valid JSON ({record.msg}): fix or drop it"))
    if not isinstance(record, dict):
        return Job(where, error=("InputError", f'line {number} is not an object {{"id", "articles": [...]}}'))
    raw_id = record.get("id")
    story_id = str(raw_id) if isinstance(raw_id, (str, int)) and not isinstance(raw_id, bool) and str(raw_id) else where
    items = record.get("articles")
    if not isinstance(items, list) or not items:
        detail = f'story {story_id!r} (line {number}) has no "articles" list: give it its articles'
        return Job(story_id, error=(NoArticlesError.__name__, detail))
    articles: list[Article] = []
    for k, item in enumerate(items, start=1):
        try:
            articles.append(article_from_record(item, default_id=str(k)))
        except InputError as exc:
            log.warning("story %s (line %d): article %d skipped: %s", story_id, number, k, exc)
    if not articles:
        return Job(
            story_id, error=(NoArticlesError.__name__, f"story {story_id!r}: no readable article (line {number})")
        )
    return Job(story_id, tuple(articles))


def feed_articles(path: Path) -> tuple[list[Article], list[Job]]:
    """Every article of a mixed feed (one per line), and an error job for each unreadable line.

    The whole feed is read: grouping needs every article at once.
    """
    articles: list[Article] = []
    errors: list[Job] = []
    seen: set[str] = set()
    for number, record in _records(path):
        if isinstance(record, json.JSONDecodeError):
            errors.append(Job(f"line-{number}", error=("InputError", f"line {number} is not valid JSON: {record.msg}")))
            continue
        try:
            article = article_from_record(record, default_id=f"line-{number}")
        except InputError as exc:
            errors.append(Job(f"line-{number}", error=(type(exc).__name__, f"line {number}: {exc}")))
            continue
        if article.id in seen:
            log.warning("line %d repeats the article id %r: skipped (give each article its own id)", number, article.id)
            continue
        seen.add(article.id)
        articles.append(article)
    return articles, errors


def story_key(article_ids: tuple[str, ...]) -> str:
    """A grouped story's id: the same articles give the same id on every run (so a re-run skips
    it), a story that gained an article gets a new one (so it is digested again)."""
    digest = hashlib.sha1("\n".join(sorted(article_ids)).encode("utf-8")).hexdigest()
    return f"story-{digest[:12]}"


def count_lines(path: Path) -> int:
    """Non-blank lines of ``path``, read as a stream (for progress)."""
    with path.open("rb") as handle:
        return sum(1 for raw in handle if raw.strip())
