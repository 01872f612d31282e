"""Files, folders and stdin -> Articles, skipping what cannot be read.

A bad file never sinks the rest: it is skipped with a warning that names it and
says why. Only when nothing usable is left is it an error.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from summarizer.errors import NoArticlesError
from summarizer.types import Article

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".json", ".jsonl")
ARTICLE_FIELDS = ("title", "source", "url", "published")
_BINARY_SNIFF_BYTES = 8192


@dataclass(frozen=True, slots=True)
class Skipped:
    source: str
    reason: str


@dataclass(frozen=True, slots=True)
class Loaded:
    articles: tuple[Article, ...]
    skipped: tuple[Skipped, ...]


class _Skip(Exception):
    """Internal: this file or record cannot be used, for the reason given."""


def load_paths(paths: Sequence[str | Path], *, stdin: TextIO | None = None) -> Loaded:
    """Read every supported file under ``paths`` (``"-"`` is stdin) into articles.

    Raises NoArticlesError when nothing usable is found; otherwise returns the
    articles and what was skipped (each skip is also logged as a warning).
    """
    articles: list[Article] = []
    skipped: list[Skipped] = []
    for source, read in _sources(paths, stdin or sys.stdin, skipped):
        try:
            found = read()
        except _Skip as reason:
            skipped.append(Skipped(source, str(reason)))
            continue
        articles.extend(found.articles)
        skipped.extend(found.skipped)
    articles = _unique_ids(articles)
    for skip in skipped:
        log.warning("skipped %s: %s", skip.source, skip.reason)
    if not articles:
        detail = "; ".join(f"{s.source}: {s.reason}" for s in skipped) or "no .txt, .md, .html, .json or .jsonl files"
        raise NoArticlesError(f"No usable articles found ({detail}). Give files with UTF-8 news text.")
    return Loaded(tuple(articles), tuple(skipped))


def _sources(paths: Sequence[str | Path], stdin: TextIO, skipped: list[Skipped]) -> Iterable[tuple[str, Any]]:
    for raw in paths:
        if str(raw) == "-":
            yield "stdin", lambda: _parse_stdin(stdin.read())
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
            if not files:
                skipped.append(Skipped(str(path), "folder holds no .txt, .md, .html, .json or .jsonl files"))
            for file in files:
                yield str(file), (lambda file=file: _read_file(file))
        elif path.is_file():
            yield str(path), (lambda path=path: _read_file(path))
        else:
            skipped.append(Skipped(str(path), "no such file or folder"))


def _read_file(path: Path) -> Loaded:
    data = path.read_bytes()
    if not data.strip():
        raise _Skip("empty file")
    if b"\x00" in data[:_BINARY_SNIFF_BYTES]:
        raise _Skip("binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _Skip(f"not UTF-8 text (byte {exc.start}): convert it to UTF-8") from exc
    return _parse_text_or_json(path.stem, text, path.suffix.lower())


def _parse_stdin(text: str) -> Loaded:
    """stdin has no file name: JSON if it parses as JSON, JSONL if every line is an object, else text."""
    stripped = text.strip()
    if stripped[:1] in ("{", "["):
        try:
            json.loads(stripped)
            return _parse_text_or_json("stdin", text, ".json")
        except json.JSONDecodeError:
            if all(line.lstrip().startswith("{") for line in stripped.splitlines() if line.strip()):
                return _parse_text_or_json("stdin", text, ".jsonl")
    return _parse_text_or_json("stdin", text, ".txt")


def _parse_text_or_json(stem: str, text: str, suffix: str) -> Loaded:
    if suffix == ".jsonl":
        return _parse_jsonl(stem, text)
    if suffix == ".json":
        return _parse_json(stem, text)
    if suffix in (".html", ".htm"):
        return Loaded((_from_html(stem, text),), ())
    if not text.strip():
        raise _Skip("empty text")
    return Loaded((Article(id=stem, text=text),), ())


def _from_html(stem: str, html: str) -> Article:
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False)
    if not text or not text.strip():
        raise _Skip("no article text found in the HTML")
    meta = trafilatura.extract_metadata(html)
    return Article(
        id=stem,
        text=text,
        title=getattr(meta, "title", None),
        source=getattr(meta, "sitename", None),
        url=getattr(meta, "url", None),
        published=getattr(meta, "date", None),
    )


def _parse_json(stem: str, text: str) -> Loaded:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _Skip(f"invalid JSON at line {exc.lineno}: {exc.msg}") from exc
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    if isinstance(data, dict):
        return Loaded((_from_record(data, default_id=stem),), ())
    if not isinstance(data, list):
        raise _Skip('expected an object with "text", a list of them, or {"articles": [...]}')
    return _from_records(stem, enumerate(data, start=1), where="item")


def _parse_jsonl(stem: str, text: str) -> Loaded:
    records: list[tuple[int, Any]] = []
    skipped: list[Skipped] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append((number, json.loads(line)))
        except json.JSONDecodeError as exc:
            skipped.append(Skipped(f"{stem}:{number}", f"invalid JSON: {exc.msg}"))
    loaded = _from_records(stem, records, where="line")
    return Loaded(loaded.articles, tuple(skipped) + loaded.skipped)


def _from_records(stem: str, records: Iterable[tuple[int, Any]], *, where: str) -> Loaded:
    articles: list[Article] = []
    skipped: list[Skipped] = []
    for number, record in records:
        try:
            articles.append(_from_record(record, default_id=f"{stem}-{number}"))
        except _Skip as reason:
            skipped.append(Skipped(f"{stem} {where} {number}", str(reason)))
    return Loaded(tuple(articles), tuple(skipped))


def _from_record(record: Any, *, default_id: str) -> Article:
    if not isinstance(record, dict):
        raise _Skip('expected an object with a "text" field')
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise _Skip('"text" is missing or empty')
    raw_id = record.get("id", default_id)
    if not isinstance(raw_id, (str, int)) or isinstance(raw_id, bool):
        raise _Skip('"id" must be a string')
    fields = {name: record[name] for name in ARTICLE_FIELDS if isinstance(record.get(name), str)}
    return Article(id=str(raw_id), text=text, **fields)


def _unique_ids(articles: list[Article]) -> list[Article]:
    """Two files may share a stem (a.txt, a.md): keep both, the later with a numbered id."""
    seen: set[str] = set()
    unique: list[Article] = []
    for article in articles:
        new_id, n = article.id, 1
        while new_id in seen:
            n += 1
            new_id = f"{article.id}~{n}"
        if new_id != article.id:
            log.warning("two articles share the id %r; the later one is %r", article.id, new_id)
            article = Article(new_id, article.text, article.title, article.source, article.url, article.published)
        seen.add(new_id)
        unique.append(article)
    return unique
