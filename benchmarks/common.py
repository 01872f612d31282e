"""Helpers shared by the benchmarks: data loading, sentence splitting, the word budget, results.

The benchmarks read a JSONL of clusters, one per line::

    {"id": "...", "documents": ["article text", ...], "summaries": ["reference", ...]}

Every system is judged on the same footing: its output is a list of sentences, most important
first, cut by :func:`cut_to_budget` to the same number of words.
"""

from __future__ import annotations

import json
import os
import platform
import re
import shlex
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = REPO_ROOT / "benchmarks" / "results"
SEEDS_DIR = REPO_ROOT / "examples" / "seeds"
# The Multi-News dev sample lives next to the checkout, never inside it (non-commercial licence).
DEFAULT_DATA = REPO_ROOT.parent / "shared" / "data" / "multinews_dev.jsonl"

# Multi-News references open with an en dash ("– The ..."), an artefact of the source site.
_REFERENCE_PREFIX = re.compile(r"^\s*[–—-]\s+")
# Paragraphs are separated by blank lines (Multi-News uses " \n \n ").
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


@dataclass(frozen=True, slots=True)
class ClusterRecord:
    """One multi-document cluster: the articles and the reference summaries."""

    id: str
    documents: tuple[str, ...]
    summaries: tuple[str, ...]
    # The articles' publication dates (ISO), where the data has them; else empty.
    published: tuple[str, ...] = ()


def load_clusters(path: Path, *, limit: int | None = None) -> list[ClusterRecord]:
    """Read a JSONL of clusters; ``limit`` keeps the first N. Raises ``ValueError`` on bad shape."""
    if not path.is_file():
        raise FileNotFoundError(
            f"{path}: no such file. Pass --data with a JSONL of clusters (see benchmarks/README.md)."
        )
    clusters: list[ClusterRecord] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            row = json.loads(line)
            documents, summaries = row.get("documents"), row.get("summaries")
            if not isinstance(documents, list) or not isinstance(summaries, list) or not summaries:
                raise ValueError(
                    f"{path}:{number}: expected {{'id', 'documents': [...], 'summaries': [...]}} "
                    "with at least one summary"
                )
            clusters.append(
                ClusterRecord(
                    id=str(row.get("id", number)),
                    documents=tuple(str(d) for d in documents),
                    summaries=tuple(str(s) for s in summaries),
                    published=tuple(str(p) for p in row.get("published") or ()),
                )
            )
            if limit is not None and len(clusters) >= limit:
                break
    return clusters


def normalise_reference(text: str) -> str:
    """Strip the leading "– " that every Multi-News reference carries, and outer whitespace."""
    return _REFERENCE_PREFIX.sub("", text.strip(), count=1)


@lru_cache(maxsize=1)
def _segmenter() -> Any:
    import pysbd  # a pure-Python splitter: no NLTK data to download

    return pysbd.Segmenter(language="en", clean=False)


@lru_cache(maxsize=65536)
def split_paragraph(paragraph: str) -> tuple[str, ...]:
    """Sentences of one paragraph (pysbd), stripped, empty ones dropped; cached across systems."""
    return tuple(s.strip() for s in _segmenter().segment(paragraph) if s.strip())


def split_sentences(text: str) -> list[str]:
    """Sentences of a text: paragraphs at blank lines, lines joined, then pysbd per paragraph."""
    sentences: list[str] = []
    for paragraph in _PARAGRAPH_BREAK.split(text):
        joined = " ".join(line.strip() for line in paragraph.splitlines() if line.strip())
        if joined:
            sentences.extend(split_paragraph(joined))
    return sentences


def cut_to_budget(sentences: Sequence[str], budget: int) -> list[str]:
    """Hard cut at ``budget`` whitespace words, keeping sentence boundaries.

    Sentences are taken in the order given (most important first); the one that crosses the
    budget is truncated mid-sentence, which is the usual practice for budgeted ROUGE.
    """
    kept: list[str] = []
    left = budget
    for sentence in sentences:
        words = sentence.split()
        if not words:
            continue
        if left <= 0:
            break
        kept.append(" ".join(words[:left]))
        left -= len(words[:left])
    return kept


def word_count(sentences: Sequence[str]) -> int:
    return sum(len(s.split()) for s in sentences)


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def _command_line() -> str:
    """How this process was started, with the interpreter shown as ``python``."""
    argv = list(getattr(sys, "orig_argv", sys.argv))
    if argv and Path(argv[0]).name.startswith("python"):
        argv[0] = "python"
    return shlex.join(argv)


def load_average() -> float | None:
    """The 1-minute load average: other work on the same cores skews timings."""
    return round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None


def machine_info(*, load_at_start: float | None = None) -> dict[str, Any]:
    """Date, command line, CPU, load and library versions: what a reader needs to compare runs."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "command": _command_line(),
        "cpu": _cpu_model(),
        "cores": usable,
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
        "load_average_1m_at_start": load_at_start,
        "load_average_1m_at_end": load_average(),
        "torch": _version("torch"),
        "sentence_transformers": _version("sentence-transformers"),
        "sumy": _version("sumy"),
        "rouge_score": _version("rouge-score"),
    }


def machine_line(info: dict[str, Any]) -> str:
    """One line for a results table: when, on what, and how busy the machine was."""
    start, end = info.get("load_average_1m_at_start"), info.get("load_average_1m_at_end")
    load = f"load average {end} at end" if start is None else f"load average {start} at start, {end} at end"
    return (
        f"{info['date']} · {info['cpu']} · {info['cores']} cores · Python {info['python']} · "
        f"torch {info['torch']} · {load}"
    )


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A GitHub-flavoured Markdown table; numbers are expected already formatted."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def write_results(stem: Path, payload: dict[str, Any], markdown: str) -> tuple[Path, Path]:
    """Write ``stem.json`` and ``stem.md``, creating the folder; return both paths."""
    stem.parent.mkdir(parents=True, exist_ok=True)
    json_path, md_path = Path(f"{stem}.json"), Path(f"{stem}.md")
    json_path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    md_path.write_text(markdown.rstrip() + "\n", encoding="utf-8")
    return json_path, md_path
