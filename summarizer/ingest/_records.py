"""JSON and JSONL records -> Articles, liberal in the field names other tools write.

A record is an object with the article's ``text`` (or ``html``) and optional
``id``, ``title``, ``source``, ``url``, ``published``. Names that news tools use
for the same fields are read too (first match wins), so their output works as
it is: trafilatura ``--json`` (``raw_text``; ``source`` holds the page URL,
``source-hostname`` the site name, ``date`` the publication date, ``"id": null``),
news-please (``maintext``, ``date_publish``, ``source_domain``), newspaper4k and
CMS exports (``body``, ``content``, ``headline``, ``link``, ``publish_date`` ...).
Every other field is ignored.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from summarizer.errors import UnreadableInputError
from summarizer.ingest._html import article_from_html
from summarizer.ingest._result import Loaded, Skipped
from summarizer.types import Article

META_FIELDS = ("title", "source", "url", "published")
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id",),
    "text": ("text", "raw_text", "maintext", "body", "content", "article"),
    "html": ("html", "raw_html"),
    "title": ("title", "headline"),
    "url": ("url", "link", "canonical_url"),
    "source": ("source", "sitename", "site_name", "source-hostname", "source_domain", "hostname", "publisher"),
    "published": ("published", "date", "date_publish", "publish_date", "pubDate", "published_at", "datePublished"),
}
_URL = re.compile(r"\Ahttps?://\S+\Z", re.IGNORECASE)


def canonical_fields(record: Mapping[str, Any], *, keep_blank: bool = False) -> dict[str, Any]:
    """The record's fields under this library's names; unknown fields dropped.

    A field under its own name counts when present and not null (and not blank,
    unless ``keep_blank``), whatever its type, so that a caller who validates can
    refuse a wrong one; an alias counts only when it holds a non-blank string, so
    another tool's field of another shape is ignored, not refused. A ``source``
    that is a URL (trafilatura writes the page URL there) is the ``url``, not the source.
    """
    found: dict[str, Any] = {}
    for name, aliases in FIELD_ALIASES.items():
        for alias in aliases:
            value = record.get(alias)
            if isinstance(value, str) and alias == "source" and _URL.match(value.strip()):
                found.setdefault("url", value)
                continue
            blank = isinstance(value, str) and not value.strip()
            own = alias == name and value is not None and (keep_blank or not blank)
            if own or (isinstance(value, str) and not blank):
                found[name] = value
                break
    return found


def article_from_record(record: Any, *, default_id: str) -> Article:
    """One record as an Article; ``text`` wins over ``html``. Raises UnreadableInputError."""
    if not isinstance(record, Mapping):
        raise UnreadableInputError('expected an object with a "text" field')
    fields = canonical_fields(record)
    article_id = _article_id(fields.get("id"), default_id)
    title, source, url, published = (_meta(fields.get(name)) for name in META_FIELDS)
    text = fields.get("text")
    if isinstance(text, str):
        return Article(article_id, text, title, source, url, published)
    html = fields.get("html")
    if isinstance(html, str):
        return article_from_html(html, id=article_id, title=title, source=source, url=url, published=published)
    hint = ' (it has a "url": pass the URL itself to fetch the page)' if url else ""
    raise UnreadableInputError(f'"text" is missing or empty{hint}')


def _meta(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) else None  # numbers, lists ...: not ours to guess


def _article_id(value: Any, default_id: str) -> str:
    if isinstance(value, str) and value.strip():
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return default_id  # null, absent or unusable (a list, a bool): the record's place names it


def parse_json(stem: str, text: str) -> Loaded:
    """A JSON document: one record, a list of them, or ``{"articles": [...]}``."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UnreadableInputError(f"invalid JSON at line {exc.lineno}: {exc.msg}") from exc
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    if isinstance(data, dict):
        return Loaded((article_from_record(data, default_id=stem),), ())
    if not isinstance(data, list):
        raise UnreadableInputError('expected an object with "text", a list of them, or {"articles": [...]}')
    return _from_records(stem, enumerate(data, start=1), where="item")


def parse_jsonl(stem: str, text: str) -> Loaded:
    """JSON Lines: one record per line; a bad line is skipped, the rest kept."""
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


def looks_like_jsonl(text: str) -> bool:
    lines = [line.lstrip() for line in text.splitlines() if line.strip()]
    return bool(lines) and all(line.startswith("{") for line in lines)


def _from_records(stem: str, records: Iterable[tuple[int, Any]], *, where: str) -> Loaded:
    articles: list[Article] = []
    skipped: list[Skipped] = []
    for number, record in records:
        try:
            articles.append(article_from_record(record, default_id=f"{stem}-{number}"))
        except UnreadableInputError as reason:
            skipped.append(Skipped(f"{stem} {where} {number}", str(reason)))
    return Loaded(tuple(articles), tuple(skipped))
