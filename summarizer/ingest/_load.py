"""Paths, URLs and stdin -> Articles; a bad input is skipped with its reason, never sinking the rest.

Only when nothing usable is left is it an error (NoArticlesError, naming every skip).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import BinaryIO, TextIO

from summarizer.errors import NoArticlesError, UnreadableInputError
from summarizer.ingest._decode import Decoded, decode_bytes
from summarizer.ingest._fetch import DEFAULT_FETCH_WORKERS, FetchPolicy, article_from_url, fetch_concurrently, is_url
from summarizer.ingest._html import HTML_SUFFIXES, article_from_html, decode_html, looks_like_html
from summarizer.ingest._records import looks_like_jsonl, parse_json, parse_jsonl
from summarizer.ingest._result import Loaded, Skipped
from summarizer.types import Article

log = logging.getLogger("summarizer.ingest")

TEXT_SUFFIXES = (".txt", ".md")
SUPPORTED_SUFFIXES = (*TEXT_SUFFIXES, *HTML_SUFFIXES, ".json", ".jsonl")
STDIN = "-"
_SUPPORTED = "no .txt, .md, .html, .json or .jsonl files"

Read = Callable[[], Loaded]


def load_paths(
    paths: Sequence[str | Path],
    *,
    url_lists: Sequence[str | Path] = (),
    stdin: TextIO | BinaryIO | None = None,
    fetch: FetchPolicy | None = None,
) -> Loaded:
    """Read every input into articles: folders (recursively), files, http(s) URLs, ``"-"`` for stdin.

    ``url_lists`` are files of URLs, one per line (``#`` starts a comment), each
    fetched like a URL argument under ``fetch`` (default: FetchPolicy()). Raises
    NoArticlesError when nothing usable is found; otherwise returns the articles
    and what was skipped, each skip also logged as a warning naming it.
    """
    policy = fetch or FetchPolicy()
    skipped: list[Skipped] = []
    sources: list[tuple[str, Read]] = []
    for raw in paths:
        sources.extend(_sources(str(raw), stdin, policy, skipped))
    for url_list in url_lists:
        sources.extend(_url_list(str(url_list), stdin, policy, skipped))
    articles: list[Article] = []
    # Pages are fetched a few at a time; files are read one by one, so their warnings keep their order.
    workers = DEFAULT_FETCH_WORKERS if any(is_url(name) for name, _ in sources) else 1
    results = fetch_concurrently([read for _, read in sources], workers=workers)
    for (name, _), result in zip(sources, results, strict=True):
        if isinstance(result, UnreadableInputError):
            skipped.append(Skipped(name, str(result)))
            continue
        articles.extend(result.articles)
        skipped.extend(result.skipped)
    articles = _unique_ids(articles)
    for skip in skipped:
        log.warning("skipped %s: %s", skip.source, skip.reason)
    if not articles:
        detail = "; ".join(f"{s.source}: {s.reason}" for s in skipped) or _SUPPORTED
        raise NoArticlesError(
            f"No usable articles found ({detail}). Give news text as UTF-8 files, HTML pages, JSON, URLs or stdin."
        )
    return Loaded(tuple(articles), tuple(skipped))


def _sources(
    raw: str, stdin: TextIO | BinaryIO | None, policy: FetchPolicy, skipped: list[Skipped]
) -> list[tuple[str, Read]]:
    if raw == STDIN:
        return [("stdin", lambda: _read_stdin(stdin))]
    if is_url(raw):
        return [(raw, partial(_fetched, raw, policy))]
    path = Path(raw)
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
        if not files:
            skipped.append(Skipped(str(path), f"folder holds {_SUPPORTED}"))
        return [(str(file), partial(_read_file, file)) for file in files]
    if path.is_file():
        return [(str(path), lambda: _read_file(path))]
    skipped.append(Skipped(str(path), "no such file or folder"))
    return []


def _url_list(
    raw: str, stdin: TextIO | BinaryIO | None, policy: FetchPolicy, skipped: list[Skipped]
) -> list[tuple[str, Read]]:
    try:
        data = _stdin_bytes(stdin) if raw == STDIN else Path(raw).read_bytes()
        text = decode_bytes(data).text
    except (OSError, UnreadableInputError) as exc:
        skipped.append(Skipped(raw, f"cannot read the URL list: {getattr(exc, 'strerror', None) or exc}"))
        return []
    sources: list[tuple[str, Read]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        url = line.strip()
        if not url or url.startswith("#"):
            continue
        if not is_url(url):
            skipped.append(Skipped(f"{raw}:{number}", f"not a URL: {url[:80]!r} (write one http(s):// URL per line)"))
            continue
        sources.append((url, partial(_fetched, url, policy)))
    if not sources and not any(s.source.startswith(f"{raw}:") for s in skipped):
        skipped.append(Skipped(raw, "the URL list holds no URLs"))
    return sources


def _fetched(url: str, policy: FetchPolicy) -> Loaded:
    return Loaded((article_from_url(url, policy=policy),), ())


def _read_file(path: Path) -> Loaded:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableInputError(f"cannot read it: {exc.strerror or exc}") from exc
    if not data.strip():
        raise UnreadableInputError("empty file")
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return Loaded((article_from_html(decode_html(data).text, id=path.stem),), ())
    decoded = decode_bytes(data)
    if suffix in TEXT_SUFFIXES and looks_like_html(decoded.text, fragments=False):
        log.warning("%s holds an HTML page, not text: reading it as HTML", path)
        return Loaded((article_from_html(decoded.text, id=path.stem),), ())
    return _parse(path.stem, decoded, suffix, name=str(path))


def _read_stdin(stdin: TextIO | BinaryIO | None) -> Loaded:
    """stdin has no file name: HTML if it looks like a page, JSON if it parses, JSONL if every line is an object."""
    raw = _stdin_read(stdin)
    # Bytes where there are any (sys.stdin.buffer): decoded like a file, line ends untouched.
    decoded = decode_bytes(raw) if isinstance(raw, bytes) else Decoded(raw.removeprefix("\ufeff"), "utf-8")
    text = decoded.text
    if not text.strip():
        raise UnreadableInputError("stdin is empty")
    if looks_like_html(text):
        return Loaded((article_from_html(text, id="stdin"),), ())
    stripped = text.strip()
    if stripped[:1] in ("{", "["):
        try:
            return _parse("stdin", decoded, ".json", name="stdin")
        except UnreadableInputError:
            if looks_like_jsonl(stripped):
                return _parse("stdin", decoded, ".jsonl", name="stdin")
    return _parse("stdin", decoded, ".txt", name="stdin")


def _stdin_read(stdin: TextIO | BinaryIO | None) -> bytes | str:
    stream = stdin if stdin is not None else sys.stdin
    raw: bytes | str = getattr(stream, "buffer", stream).read()
    return raw


def _stdin_bytes(stdin: TextIO | BinaryIO | None) -> bytes:
    raw = _stdin_read(stdin)
    return raw if isinstance(raw, bytes) else raw.encode("utf-8")


def _parse(stem: str, decoded: Decoded, suffix: str, *, name: str) -> Loaded:
    if decoded.legacy:
        log.warning("%s is not UTF-8: read as %s (the JSON output carries the decoded text)", name, decoded.encoding)
    if suffix == ".jsonl":
        loaded = parse_jsonl(stem, decoded.text)
    elif suffix == ".json":
        loaded = parse_json(stem, decoded.text)
    else:
        if not decoded.text.strip():
            raise UnreadableInputError("empty file")
        loaded = Loaded((Article(id=stem, text=decoded.text),), ())
    if not decoded.legacy:
        return loaded
    derived = tuple(a if a.derived_from else replace(a, derived_from=decoded.encoding) for a in loaded.articles)
    return Loaded(derived, loaded.skipped)


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
            article = replace(article, id=new_id)
        seen.add(new_id)
        unique.append(article)
    return unique
