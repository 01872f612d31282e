"""Quality benchmark: ROUGE of our digest against Lead and sumy's peers, at one word budget.

    python -m benchmarks.quality [--data FILE.jsonl] [--budget 260] [--limit N] [--out STEM]

For every cluster of the JSONL (see ``benchmarks/common.py`` for the shape), every system ranks
sentences; each output is cut to the same word budget (hard cut) and scored with rouge-score's
ROUGE-1, ROUGE-2 and ROUGE-Lsum F1 (Porter stemming), averaged over the references of a cluster,
then over clusters. A system that raises on a cluster is scored as an empty summary and counted.
Prints a table and writes ``STEM.json`` (with per-cluster scores) and ``STEM.md``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a file: make the repo's ``benchmarks`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import (
    DEFAULT_DATA,
    RESULTS_DIR,
    ClusterRecord,
    cut_to_budget,
    load_average,
    load_clusters,
    machine_info,
    machine_line,
    markdown_table,
    normalise_reference,
    split_sentences,
    word_count,
    write_results,
)
from benchmarks.oracle import GreedyOracle
from benchmarks.peers import PEERS, System

DEFAULT_BUDGET = 260  # words; the usual budget for Multi-News
DEFAULT_SYSTEMS = ("digest", *PEERS)
ROUGE_TYPES = ("rouge1", "rouge2", "rougeLsum")
DIGEST_NAME = "Digest (ours)"


class DigestSystem:
    """Our pipeline behind the harness's interface: one loaded Summarizer for every cluster."""

    name = DIGEST_NAME

    def __init__(self, *, budget: int, model: str | None = None, device: str | None = None) -> None:
        from summarizer import Summarizer

        self._budget = budget
        self._summarizer = Summarizer(model=model, device=device)
        started = time.perf_counter()
        self._summarizer.load()
        self.load_seconds = time.perf_counter() - started

    def rank(self, documents: Sequence[str]) -> list[str]:
        from summarizer import Article

        articles = [Article(id=str(i), text=text) for i, text in enumerate(documents)]
        digest = self._summarizer.summarize(articles, max_words=self._budget)
        return [point.text for point in digest.points]


@dataclass(slots=True)
class Tally:
    """Scores and costs of one system over the run."""

    name: str
    scores: dict[str, list[float]] = field(default_factory=lambda: {t: [] for t in ROUGE_TYPES})
    words: list[int] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    failures: list[dict[str, str]] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        return {
            "system": self.name,
            **{t: round(100 * statistics.fmean(v), 2) if v else 0.0 for t, v in self.scores.items()},
            "mean_words": round(statistics.fmean(self.words), 1) if self.words else 0.0,
            "mean_seconds": round(statistics.fmean(self.seconds), 4) if self.seconds else None,
            "failures": len(self.failures),
        }


class Rouge:
    """rouge-score F1 with Porter stemming, averaged over a cluster's references."""

    def __init__(self) -> None:
        from rouge_score.rouge_scorer import RougeScorer

        self._scorer = RougeScorer(list(ROUGE_TYPES), use_stemmer=True)

    def score(self, sentences: Sequence[str], references: Sequence[str]) -> dict[str, float]:
        prediction = "\n".join(sentences)  # ROUGE-Lsum reads one sentence per line
        per_reference = [self._scorer.score(ref, prediction) for ref in references]
        return {t: statistics.fmean(s[t].fmeasure for s in per_reference) for t in ROUGE_TYPES}


def build_systems(names: Sequence[str], *, budget: int, model: str | None, device: str | None) -> list[System]:
    systems: list[System] = []
    for name in names:
        if name == "digest":
            systems.append(DigestSystem(budget=budget, model=model, device=device))
        elif name in PEERS:
            systems.append(PEERS[name]())
        else:
            raise SystemExit(f"unknown system {name!r}; choose from {', '.join(DEFAULT_SYSTEMS)}")
    return systems


def evaluate(
    clusters: Sequence[ClusterRecord],
    systems: Sequence[System],
    *,
    budget: int,
    oracle: bool = False,
    strict: bool = False,
) -> tuple[list[Tally], list[dict[str, Any]]]:
    """Score every system on every cluster; returns the tallies and per-cluster rows."""
    rouge = Rouge()
    tallies = [Tally(s.name) for s in systems]
    oracle_system = GreedyOracle(budget=budget) if oracle else None
    if oracle_system is not None:
        tallies.append(Tally(oracle_system.name))
    rows: list[dict[str, Any]] = []
    for number, cluster in enumerate(clusters, start=1):
        # A blank document is no article: every system gets the same non-blank ones.
        documents = [d for d in cluster.documents if d.strip()]
        references = [normalise_reference(r) for r in cluster.summaries]
        # The references as ROUGE-Lsum wants them: one sentence per line.
        references = ["\n".join(split_sentences(r)) for r in references]
        row: dict[str, Any] = {"id": cluster.id, "documents": len(documents), "systems": {}}
        for system, tally in zip(systems, tallies[: len(systems)], strict=True):
            started = time.perf_counter()
            try:
                ranked = system.rank(documents)
                error = None
            except Exception as exc:  # any failure counts as an empty summary, never a skip
                if strict:
                    raise
                ranked, error = [], f"{type(exc).__name__}: {exc}"
                tally.failures.append({"cluster": cluster.id, "error": error})
            tally.seconds.append(time.perf_counter() - started)
            _record(tally, row, cut_to_budget(ranked, budget), references, rouge, error)
        if oracle_system is not None:
            picked = oracle_system.select(documents, [normalise_reference(r) for r in cluster.summaries])
            _record(tallies[-1], row, cut_to_budget(picked, budget), references, rouge, None)
        rows.append(row)
        if number % 10 == 0 or number == len(clusters):
            print(f"  {number}/{len(clusters)} clusters", file=sys.stderr, flush=True)
    return tallies, rows


def _record(
    tally: Tally,
    row: dict[str, Any],
    sentences: list[str],
    references: Sequence[str],
    rouge: Rouge,
    error: str | None,
) -> None:
    scores = rouge.score(sentences, references)
    for rouge_type, value in scores.items():
        tally.scores[rouge_type].append(value)
    tally.words.append(word_count(sentences))
    row["systems"][tally.name] = {
        **{t: round(100 * v, 2) for t, v in scores.items()},
        "words": word_count(sentences),
        **({"error": error} if error else {}),
    }


def verdict(summaries: Sequence[dict[str, Any]]) -> str | None:
    """Whether our digest beats every other real system on ROUGE-1 and ROUGE-2."""
    ours = next((s for s in summaries if s["system"] == DIGEST_NAME), None)
    peers = [s for s in summaries if s["system"] not in (DIGEST_NAME, GreedyOracle.name)]
    if ours is None or not peers:
        return None
    best1 = max(peers, key=lambda s: s["rouge1"])
    best2 = max(peers, key=lambda s: s["rouge2"])
    wins = ours["rouge1"] > best1["rouge1"] and ours["rouge2"] > best2["rouge2"]
    return (
        f"Digest above every peer on ROUGE-1 and ROUGE-2: {'yes' if wins else 'NO'} "
        f"(ours {ours['rouge1']:.2f} / {ours['rouge2']:.2f}; best peer ROUGE-1 {best1['system']} "
        f"{best1['rouge1']:.2f}, ROUGE-2 {best2['system']} {best2['rouge2']:.2f})"
    )


def render(summaries: Sequence[dict[str, Any]], meta: dict[str, Any]) -> str:
    header = ["System", "ROUGE-1", "ROUGE-2", "ROUGE-Lsum", "Words", "s / cluster", "Failures"]
    rows = [
        [
            s["system"],
            f"{s['rouge1']:.2f}",
            f"{s['rouge2']:.2f}",
            f"{s['rougeLsum']:.2f}",
            f"{s['mean_words']:.0f}",
            "—" if s["mean_seconds"] is None else f"{s['mean_seconds']:.3f}",
            s["failures"],
        ]
        for s in summaries
    ]
    lines = [
        f"# Quality: {meta['clusters']} clusters of {meta['data']}, {meta['budget']}-word budget",
        "",
        markdown_table(header, rows),
        "",
        "F1 x 100, rouge-score with Porter stemming, mean over references then clusters. Every",
        "output cut to the same budget (hard cut at N words); references without their leading '– '.",
    ]
    if meta.get("verdict"):
        lines += ["", meta["verdict"]]
    lines += ["", f"{machine_line(meta['machine'])}  ", f"`{meta['machine']['command']}`"]
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.quality", description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="JSONL of clusters (default: %(default)s)")
    parser.add_argument("--budget", type=int, default=DEFAULT_BUDGET, help="word budget for every system")
    parser.add_argument("--limit", type=int, default=None, help="only the first N clusters")
    parser.add_argument("--systems", default=",".join(DEFAULT_SYSTEMS), help="comma-separated subset")
    parser.add_argument("--oracle", action="store_true", help="add a greedy oracle that reads the references")
    parser.add_argument("--model", default=None, help="embedding model for our digest (default: packaged)")
    parser.add_argument("--device", default=None, help="device for our digest (default: auto)")
    parser.add_argument("--strict", action="store_true", help="stop at the first system failure")
    parser.add_argument("--out", type=Path, default=RESULTS_DIR / "quality", help="results stem (.json, .md)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    load_at_start = load_average()
    if args.budget <= 0:
        raise SystemExit("--budget must be a positive number of words")
    clusters = load_clusters(args.data, limit=args.limit)
    if not clusters:
        raise SystemExit(f"{args.data}: no clusters")
    names = [n.strip() for n in args.systems.split(",") if n.strip()]
    systems = build_systems(names, budget=args.budget, model=args.model, device=args.device)
    print(f"Scoring {len(systems)} systems on {len(clusters)} clusters...", file=sys.stderr)
    tallies, rows = evaluate(clusters, systems, budget=args.budget, oracle=args.oracle, strict=args.strict)
    summaries = [t.summary() for t in tallies]
    digest = next((s for s in systems if isinstance(s, DigestSystem)), None)
    meta: dict[str, Any] = {
        "data": str(args.data),
        "clusters": len(clusters),
        "budget": args.budget,
        "cut": "hard cut at N whitespace words, sentences in each system's rank order",
        "reference_normalisation": "leading '– ' stripped; sentences split with pysbd for ROUGE-Lsum",
        "model_load_seconds": round(digest.load_seconds, 2) if digest else None,
        "machine": machine_info(load_at_start=load_at_start),
    }
    meta["verdict"] = verdict(summaries)
    markdown = render(summaries, meta)
    json_path, md_path = write_results(
        args.out,
        {"meta": meta, "results": summaries, "failures": {t.name: t.failures for t in tallies}, "clusters": rows},
        markdown,
    )
    print(markdown)
    for tally in tallies:
        if tally.failures:
            print(f"{tally.name}: {len(tally.failures)} cluster(s) failed, scored as empty", file=sys.stderr)
    print(f"Wrote {json_path} and {md_path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
