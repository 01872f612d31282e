"""Build the quality benchmark's JSONL from the public Multi-News release.

    python -m benchmarks.multinews --src val.src.cleaned --tgt val.tgt --out multinews_val.jsonl
    python -m benchmarks.multinews --rows validation.jsonl --out multinews_val.jsonl --limit 100

Two inputs are understood:

- the raw release (github.com/Alex-Fabbri/Multi-News, also under ``data/`` of the Hugging Face
  dataset ``alexfabbri/multi_news``): one cluster per line of ``*.src*``, the articles separated
  by ``|||||`` and line breaks written as ``NEWLINE_CHAR``; the reference on the same line of ``*.tgt``;
- rows that already have ``document`` and ``summary`` fields, e.g. written by
  ``datasets.load_dataset("alexfabbri/multi_news", split="validation").to_json("validation.jsonl")``.

Each output line is ``{"id", "documents": [...], "summaries": [summary]}``; blank articles are
dropped. Multi-News is for non-commercial research and education only: keep the output out of
any repository.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from pathlib import Path

ARTICLE_SEPARATOR = "|||||"
NEWLINE_TOKEN = "NEWLINE_CHAR"


def cluster_from_row(cluster_id: str, document: str, summary: str) -> dict[str, object]:
    """One cluster in the benchmark's shape from one Multi-News example."""
    text = document.strip().replace(NEWLINE_TOKEN, "\n")
    documents = [d.strip() for d in text.split(ARTICLE_SEPARATOR) if d.strip()]
    return {"id": cluster_id, "documents": documents, "summaries": [summary.strip()]}


def from_raw(src: Path, tgt: Path) -> Iterator[dict[str, object]]:
    with src.open(encoding="utf-8") as sources, tgt.open(encoding="utf-8") as targets:
        for number, (document, summary) in enumerate(zip(sources, targets, strict=True)):
            yield cluster_from_row(f"{src.stem}-{number}", document, summary)


def from_rows(path: Path) -> Iterator[dict[str, object]]:
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            if line.strip():
                row = json.loads(line)
                yield cluster_from_row(str(row.get("id", f"{path.stem}-{number}")), row["document"], row["summary"])


def write_clusters(clusters: Iterable[dict[str, object]], out: Path, *, limit: int | None = None) -> int:
    """Write non-empty clusters as JSONL; returns how many were written."""
    kept = (c for c in clusters if c["documents"] and str(c["summaries"][0]).strip())  # type: ignore[index]
    written = 0
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as handle:
        for cluster in islice(kept, limit):
            handle.write(json.dumps(cluster, ensure_ascii=False) + "\n")
            written += 1
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.multinews", description=__doc__.split("\n")[0])
    parser.add_argument("--src", type=Path, help="raw release sources (one cluster a line)")
    parser.add_argument("--tgt", type=Path, help="raw release references, line by line with --src")
    parser.add_argument("--rows", type=Path, help="JSONL rows with 'document' and 'summary' fields")
    parser.add_argument("--limit", type=int, default=None, help="keep the first N clusters")
    parser.add_argument("--out", type=Path, required=True, help="JSONL to write")
    args = parser.parse_args(argv)
    if args.rows and not (args.src or args.tgt):
        clusters = from_rows(args.rows)
    elif args.src and args.tgt and not args.rows:
        clusters = from_raw(args.src, args.tgt)
    else:
        parser.error("give either --rows FILE, or --src FILE and --tgt FILE")
    written = write_clusters(clusters, args.out, limit=args.limit)
    print(f"Wrote {written} clusters to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
