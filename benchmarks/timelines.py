"""Many-article event sets with references, built from Timeline17's dated articles and timelines.

    python -m benchmarks.timelines --articles 10 --out ../data/t17_10.jsonl   # optional: to look at them

The dev data has no many-article clusters with references (Multi-News clusters hold 2–6 articles),
so this builds them from ``t17_dev``: dated articles of long-running stories, and the journalists'
timelines of those stories (one dated entry per key day). For every date that a timeline of the
story marks, the ``k`` articles of the story published closest to it (within ``window_days`` either
side; ties: on or after the date first, then by id) form an event set; its references are each
timeline's entries dated within the span those articles cover (a timeline with no entry there is
no reference). A date whose set shares more than half its articles with an earlier set is skipped,
so the sets are distinct. Articles shorter than 150 or longer than 2,000 words (one-line stubs,
live blogs of 20,000 words) are left out: the sets should look like newswire clusters.

Stories are the part of a file name before ``_`` (``H1N1_bbc``, ``H1N1_guardian`` and
``H1N1_reuters`` are one story told by three outlets, and each of their timelines is a reference).
The result is the benchmark's cluster shape (see ``benchmarks/common.py``) with the articles'
``published`` dates. Timeline17 text is tokenised (``-LRB-``, spaced punctuation, ````...''``
quotes): real, but not as published.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from benchmarks.common import REPO_ROOT, ClusterRecord

DEFAULT_T17 = REPO_ROOT.parent / "shared" / "data" / "t17_dev"
DEFAULT_WINDOW_DAYS = 4
DEFAULT_MAX_OVERLAP = 0.5
MIN_ARTICLE_WORDS, MAX_ARTICLE_WORDS = 150, 2000


@dataclass(frozen=True, slots=True)
class Story:
    name: str
    articles: tuple[dict[str, str], ...]  # {"id", "published", "text"}
    timelines: tuple[tuple[dict[str, str], ...], ...]  # per timeline: [{"date", "text"}, ...]


def load_stories(folder: Path = DEFAULT_T17) -> list[Story]:
    """Every story of a Timeline17-style folder: ``<story>_<outlet>.articles.jsonl`` + ``.timelines.json``."""
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder}: no such folder. Pass the Timeline17 folder (see benchmarks/README.md).")
    articles: dict[str, list[dict[str, str]]] = defaultdict(list)
    timelines: dict[str, list[tuple[dict[str, str], ...]]] = defaultdict(list)
    for path in sorted(folder.glob("*.articles.jsonl")):
        story = path.name.split("_")[0]
        with path.open(encoding="utf-8") as handle:
            rows = [json.loads(line) for line in handle if line.strip()]
        outlet = path.name.removesuffix(".articles.jsonl")
        articles[story] += [{**r, "id": f"{outlet}-{r['id']}"} for r in rows]
        timeline_path = path.with_name(f"{outlet}.timelines.json")
        if timeline_path.is_file():
            timelines[story] += [tuple(t) for t in json.loads(timeline_path.read_text(encoding="utf-8"))]
    return [Story(name, tuple(articles[name]), tuple(timelines[name])) for name in sorted(articles)]


def _day(text: str) -> date:
    return date.fromisoformat(text[:10])


def event_sets(
    stories: Sequence[Story],
    *,
    articles_per_set: int,
    window_days: int = DEFAULT_WINDOW_DAYS,
    max_overlap: float = DEFAULT_MAX_OVERLAP,
) -> list[ClusterRecord]:
    """Event sets of ``articles_per_set`` articles with their references and dates."""
    out: list[ClusterRecord] = []
    for story in stories:
        usable = [a for a in story.articles if MIN_ARTICLE_WORDS <= len(a["text"].split()) <= MAX_ARTICLE_WORDS]
        marked = sorted({entry["date"] for timeline in story.timelines for entry in timeline})
        taken: list[set[str]] = []
        for marked_day in marked:
            day = _day(marked_day)
            near = [a for a in usable if abs((_day(a["published"]) - day).days) <= window_days]
            if len(near) < articles_per_set:
                continue
            near.sort(key=lambda a: (abs((_day(a["published"]) - day).days), _day(a["published"]) < day, a["id"]))
            chosen = sorted(near[:articles_per_set], key=lambda a: (a["published"], a["id"]))
            ids = {a["id"] for a in chosen}
            if any(len(ids & earlier) > max_overlap * articles_per_set for earlier in taken):
                continue
            first, last = _day(chosen[0]["published"]), _day(chosen[-1]["published"])
            references = [
                " ".join(e["text"].strip() for e in timeline if first <= _day(e["date"]) <= last)
                for timeline in story.timelines
            ]
            references = [r for r in references if r.strip()]
            if not references:
                continue
            taken.append(ids)
            out.append(
                ClusterRecord(
                    id=f"{story.name}-{marked_day}-{articles_per_set}",
                    documents=tuple(a["text"] for a in chosen),
                    summaries=tuple(references),
                    published=tuple(a["published"] for a in chosen),
                )
            )
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.timelines", description=__doc__.split("\n")[0])
    parser.add_argument("--folder", type=Path, default=DEFAULT_T17, help="Timeline17 folder (default: %(default)s)")
    parser.add_argument("--articles", type=int, default=10, help="articles per event set")
    parser.add_argument("--out", type=Path, required=True, help="JSONL to write (keep it out of the repository)")
    args = parser.parse_args(argv)
    sets = event_sets(load_stories(args.folder), articles_per_set=args.articles)
    with args.out.open("w", encoding="utf-8") as handle:
        for record in sets:
            row = {"id": record.id, "documents": record.documents, "summaries": record.summaries}
            handle.write(json.dumps({**row, "published": record.published}, ensure_ascii=False) + "\n")
    print(f"Wrote {len(sets)} event sets to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
