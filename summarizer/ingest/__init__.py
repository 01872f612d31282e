"""The ingest stage: files, folders, stdin, JSON records, HTML and URLs -> Articles.

    load_paths           paths, URLs and stdin -> Loaded (articles, and every skip with its reason)
    article_from_html    a page's main text (trafilatura) and metadata as an Article
    article_from_record  one JSON record (ours, trafilatura --json, news-please ...) as an Article
    canonical_fields     a record's fields under this library's names (aliases read, the rest dropped)
    article_from_url     fetch a page within a FetchPolicy, then as above
    decode_bytes         bytes -> text: BOM, UTF-8, else a detected legacy encoding

Offsets index ``Article.text``. For .txt/.md files that is the file decoded as
UTF-8 with any BOM removed and line ends untranslated (``open(path,
encoding="utf-8-sig", newline="")``); text that differs from what the caller
handed in (extracted from HTML, fetched, decoded from a legacy encoding) is marked
``Article.derived_from``, and the digest JSON then carries it. A bad input is
skipped with a warning naming it and why; it never sinks the rest.
"""

from summarizer.ingest._decode import Decoded, decode_bytes
from summarizer.ingest._fetch import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_REDIRECTS,
    DEFAULT_TIMEOUT_S,
    FetchError,
    FetchPolicy,
    article_from_url,
    fetch_concurrently,
    is_public_address,
    is_url,
)
from summarizer.ingest._html import DEFAULT_FAVOR_PRECISION, article_from_html, looks_like_html
from summarizer.ingest._load import SUPPORTED_SUFFIXES, load_paths
from summarizer.ingest._records import FIELD_ALIASES, article_from_record, canonical_fields
from summarizer.ingest._result import Loaded, Skipped

__all__ = [
    "DEFAULT_FAVOR_PRECISION",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_REDIRECTS",
    "DEFAULT_TIMEOUT_S",
    "FIELD_ALIASES",
    "SUPPORTED_SUFFIXES",
    "Decoded",
    "FetchError",
    "FetchPolicy",
    "Loaded",
    "Skipped",
    "article_from_html",
    "article_from_record",
    "article_from_url",
    "canonical_fields",
    "decode_bytes",
    "fetch_concurrently",
    "is_public_address",
    "is_url",
    "load_paths",
    "looks_like_html",
]
