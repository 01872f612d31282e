"""The regimes the quality benchmark scores in one run: which clusters, at which word budget.

| name | clusters | budget |
|---|---|---|
| ``multinews`` | every Multi-News dev cluster (2–6 full-length articles, mostly 2–3) | 260 |
| ``multinews-4plus`` | the dev clusters of 4 or more articles | 100 |
| ``t17-10`` | Timeline17 event sets of 10 dated articles, journalists' timelines as references | 100 |
| ``t17-25`` | the same with 25 articles per set | 250 |

The Timeline17 sets (``benchmarks/timelines.py``) stand in for many-article newswire clusters with
a tight budget, which the dev data lacks: few (about a dozen and eight), tokenised text, and
timeline entries as references, so read them as a direction, not a precise figure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks.common import DEFAULT_DATA, ClusterRecord, load_clusters
from benchmarks.timelines import DEFAULT_T17, event_sets, load_stories


@dataclass(frozen=True, slots=True)
class Regime:
    name: str
    title: str
    budget: int
    load: Callable[[], list[ClusterRecord]]


def from_file(path: Path, *, min_articles: int = 0, limit: int | None = None) -> Callable[[], list[ClusterRecord]]:
    def load() -> list[ClusterRecord]:
        clusters = load_clusters(path)
        kept = [c for c in clusters if sum(bool(d.strip()) for d in c.documents) >= min_articles]
        return kept[:limit] if limit is not None else kept

    return load


def from_timelines(folder: Path, *, articles_per_set: int) -> Callable[[], list[ClusterRecord]]:
    def load() -> list[ClusterRecord]:
        return event_sets(load_stories(folder), articles_per_set=articles_per_set)

    return load


def default_regimes(*, data: Path = DEFAULT_DATA, timelines: Path = DEFAULT_T17) -> dict[str, Regime]:
    return {
        "multinews": Regime("multinews", "Multi-News dev, every cluster", 260, from_file(data)),
        "multinews-4plus": Regime(
            "multinews-4plus", "Multi-News dev, clusters of 4+ articles", 100, from_file(data, min_articles=4)
        ),
        "t17-10": Regime(
            "t17-10", "Timeline17, 10 articles per event", 100, from_timelines(timelines, articles_per_set=10)
        ),
        "t17-25": Regime(
            "t17-25", "Timeline17, 25 articles per event", 250, from_timelines(timelines, articles_per_set=25)
        ),
    }
