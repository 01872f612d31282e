"""Quality benchmark: ROUGE of our digest against Lead and sumy's peers, in every regime at once.

    python -m benchmarks.quality [--regimes multinews,multinews-4plus,t17-10,t17-25] [--limit N]
                                 [--data FILE.jsonl --budget N [--min-articles K]]
                                 [--systems digest,lead,lexrank,textrank,sumbasic] [--oracle]
                                 [--cache DIR] [--out STEM]

In every regime (``benchmarks/regimes.py``: which clusters, which word budget) every system ranks
sentences; each output is cut to the regime's word budget (hard cut) and scored with
rouge-score's ROUGE-1, ROUGE-2 and ROUGE-Lsum F1 (Porter stemming), averaged over the references
of a cluster, then over clusters. Every line a system shows is also checked by
``summarizer.readability`` (fragments, lower-case starts, unbalanced quotes, openings that point
back to an unseen sentence): the share that does not stand on its own. A system that raises on a
cluster is scored as an empty summary and counted. ``--data`` scores one file of clusters instead
of the default regimes. Prints the tables and writes ``STEM.json`` (with per-cluster scores) and
``STEM.md``.
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
from benchmarks.regimes import Regime, default_regimes, from_file
from summarizer.readability import stands_alone

DEFAULT_BUDGET = 260  # words; the usual budget for Multi-News (for --data)
DEFAULT_REGIMES = ("multinews", "multinews-4plus", "t17-10", "t17-25")
DEFAULT_SYSTEMS = ("digest", *PEERS)
ROUGE_TYPES = ("rouge1", "rouge2", "rougeLsum")
DIGEST_NAME = "Digest (ours)"
# The goal: this far above the best peer in every regime, and this share of lines at most.
GOAL_MARGIN = {"rouge1": 1.5, "rouge2": 1.0}
GOAL_NOT_STANDALONE = 3.0


class DigestSystem:
    """Our pipeline behind the harness's interface: one loaded Summarizer for every cluster."""

    name = DIGEST_NAME

    def __init__(
        self,
        *,
        model: str | None = None,
        device: str | None = None,
        cache: Path | None = None,
        backend: str = "auto",
    ) -> None:
        from summarizer import Summarizer
        from summarizer.embed import make_embedder

        self.budget = DEFAULT_BUDGET
        self._disk_cache = None
        if cache is not None:
            from benchmarks.cache import DiskCachedEmbedder

            self._disk_cache = DiskCachedEmbedder(make_embedder(backend, model=model, device=device), cache)
            self._summarizer = Summarizer(embedder=self._disk_cache)
        else:
            self._summarizer = Summarizer(model=model, device=device, backend=backend)
        started = time.perf_counter()
        self._summarizer.load()
        self.load_seconds = time.perf_counter() - started

    def rank(self, documents: Sequence[str], published: Sequence[str] = ()) -> list[str]:
        from summarizer import Article

        dates = list(published) if len(published) == len(documents) else [None] * len(documents)
        articles = [
            Article(id=str(i), text=t, published=d) for i, (t, d) in enumerate(zip(documents, dates, strict=True))
        ]
        digest = self._summarizer.summarize(articles, max_words=self.budget)
        return [point.text for point in digest.points]

    def save(self) -> None:
        if self._disk_cache is not None:
            self._disk_cache.save()


@dataclass(slots=True)
class Tally:
    """Scores and costs of one system over one regime."""

    name: str
    scores: dict[str, list[float]] = field(default_factory=lambda: {t: [] for t in ROUGE_TYPES})
    words: list[int] = field(default_factory=list)
    lines: int = 0
    not_standalone: int = 0
    seconds: list[float] = field(default_factory=list)
    failures: list[dict[str, str]] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        return {
            "system": self.name,
            **{t: round(100 * statistics.fmean(v), 2) if v else 0.0 for t, v in self.scores.items()},
            "not_standalone_pct": round(100 * self.not_standalone / self.lines, 1) if self.lines else 0.0,
            "lines": self.lines,
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


def shown_lines(ranked: Sequence[str], budget: int) -> list[str]:
    """The whole lines of which the budget shows at least a word: what the reader gets to judge.

    The hard cut truncates the last one; it is judged whole, as the system wrote it.
    """
    shown = cut_to_budget(ranked, budget)
    return [line for line in ranked if line.split()][: len(shown)]


def build_systems(
    names: Sequence[str], *, model: str | None, device: str | None, cache: Path | None, backend: str = "auto"
) -> list[System | DigestSystem]:
    systems: list[System | DigestSystem] = []
    for name in names:
        if name == "digest":
            systems.append(DigestSystem(model=model, device=device, cache=cache, backend=backend))
        elif name in PEERS:
            systems.append(PEERS[name]())
        else:
            raise SystemExit(f"unknown system {name!r}; choose from {', '.join(DEFAULT_SYSTEMS)}")
    return systems


def evaluate(
    clusters: Sequence[ClusterRecord],
    systems: Sequence[System | DigestSystem],
    *,
    budget: int,
    oracle: bool = False,
    strict: bool = False,
    rankings: Any = None,
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
        kept = [i for i, d in enumerate(cluster.documents) if d.strip()]
        documents = [cluster.documents[i] for i in kept]
        published = [cluster.published[i] for i in kept] if cluster.published else []
        references = [normalise_reference(r) for r in cluster.summaries]
        # The references as ROUGE-Lsum wants them: one sentence per line.
        references = ["\n".join(split_sentences(r)) for r in references]
        row: dict[str, Any] = {"id": cluster.id, "documents": len(documents), "systems": {}}
        for system, tally in zip(systems, tallies[: len(systems)], strict=True):
            started = time.perf_counter()
            try:
                if isinstance(system, DigestSystem):
                    system.budget = budget
                    ranked = system.rank(documents, published)
                elif rankings is not None:
                    ranked = rankings.rank(system.name, documents, lambda s=system, d=documents: s.rank(d))
                else:
                    ranked = system.rank(documents)
                error = None
            except Exception as exc:  # any failure counts as an empty summary, never a skip
                if strict:
                    raise
                ranked, error = [], f"{type(exc).__name__}: {exc}"
                tally.failures.append({"cluster": cluster.id, "error": error})
            tally.seconds.append(time.perf_counter() - started)
            _record(tally, row, ranked, budget, references, rouge, error)
        if oracle_system is not None:
            picked = oracle_system.select(documents, [normalise_reference(r) for r in cluster.summaries])
            _record(tallies[-1], row, picked, budget, references, rouge, None)
        rows.append(row)
        if number % 10 == 0 or number == len(clusters):
            print(f"  {number}/{len(clusters)} clusters", file=sys.stderr, flush=True)
    return tallies, rows


def _record(
    tally: Tally,
    row: dict[str, Any],
    ranked: Sequence[str],
    budget: int,
    references: Sequence[str],
    rouge: Rouge,
    error: str | None,
) -> None:
    sentences = cut_to_budget(ranked, budget)
    scores = rouge.score(sentences, references)
    for rouge_type, value in scores.items():
        tally.scores[rouge_type].append(value)
    tally.words.append(word_count(sentences))
    lines = shown_lines(ranked, budget)
    failing = [line for line in lines if not stands_alone(line)]
    tally.lines += len(lines)
    tally.not_standalone += len(failing)
    row["systems"][tally.name] = {
        **{t: round(100 * v, 2) for t, v in scores.items()},
        "words": word_count(sentences),
        "lines": len(lines),
        "not_standalone": failing,
        **({"error": error} if error else {}),
    }


def verdict(summaries: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    """Our margins over the best peer on ROUGE-1 and ROUGE-2, and whether the goal is met."""
    ours = next((s for s in summaries if s["system"] == DIGEST_NAME), None)
    peers = [s for s in summaries if s["system"] not in (DIGEST_NAME, GreedyOracle.name)]
    if ours is None or not peers:
        return None
    out: dict[str, Any] = {}
    for rouge_type in GOAL_MARGIN:
        best = max(peers, key=lambda s: s[rouge_type])
        out[rouge_type] = {"best_peer": best["system"], "margin": round(ours[rouge_type] - best[rouge_type], 2)}
    out["above_every_peer"] = all(out[t]["margin"] > 0 for t in GOAL_MARGIN)
    out["goal_met"] = (
        all(out[t]["margin"] >= GOAL_MARGIN[t] for t in GOAL_MARGIN)
        and ours["not_standalone_pct"] <= GOAL_NOT_STANDALONE
    )
    return out


def _verdict_line(result: dict[str, Any]) -> str:
    v = result.get("verdict")
    if not v:
        return ""
    ours = next(s for s in result["results"] if s["system"] == DIGEST_NAME)
    margins = ", ".join(f"ROUGE-{t[-1]} {v[t]['margin']:+.2f} (best peer {v[t]['best_peer']})" for t in GOAL_MARGIN)
    return (
        f"Ours against the best peer: {margins}; {ours['not_standalone_pct']:.1f}% of our lines do not stand alone. "
        f"Goal (+{GOAL_MARGIN['rouge1']} / +{GOAL_MARGIN['rouge2']}, ≤{GOAL_NOT_STANDALONE:.0f}%): "
        f"{'met' if v['goal_met'] else 'NOT met'}."
    )


def render(results: Sequence[dict[str, Any]], meta: dict[str, Any]) -> str:
    header = ["System", "ROUGE-1", "ROUGE-2", "ROUGE-Lsum", "Not alone %", "Words", "s / cluster", "Failures"]
    lines = ["# Quality: our digest against Lead, LexRank, TextRank and SumBasic", ""]
    for result in results:
        rows = [
            [
                s["system"],
                f"{s['rouge1']:.2f}",
                f"{s['rouge2']:.2f}",
                f"{s['rougeLsum']:.2f}",
                f"{s['not_standalone_pct']:.1f}",
                f"{s['mean_words']:.0f}",
                "—" if s["mean_seconds"] is None else f"{s['mean_seconds']:.3f}",
                s["failures"],
            ]
            for s in result["results"]
        ]
        lines += [
            f"## {result['title']}: {result['clusters']} clusters, {result['budget']} words",
            "",
            markdown_table(header, rows),
            "",
        ]
        if result.get("verdict"):
            lines += [_verdict_line(result), ""]
    lines += [
        "F1 x 100, rouge-score with Porter stemming, mean over references then clusters. Every output cut",
        "to the regime's budget (hard cut at N words); Multi-News references without their leading '– '.",
        "*Not alone %*: the share of shown lines that fail `summarizer.readability` (fragment, lower-case",
        "start, unbalanced quotes, question, an opening that points back to an unseen sentence).",
    ]
    if meta.get("cache"):
        lines += ["Run with an on-disk cache of embeddings and peers' rankings: times are not comparable."]
    lines += ["", f"{machine_line(meta['machine'])}  ", f"`{meta['machine']['command']}`"]
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.quality", description=__doc__.split("\n")[0])
    parser.add_argument("--regimes", default=",".join(DEFAULT_REGIMES), help="comma-separated (default: all)")
    parser.add_argument("--data", type=Path, default=None, help="score this JSONL of clusters instead of the regimes")
    parser.add_argument("--budget", type=int, default=DEFAULT_BUDGET, help="word budget with --data")
    parser.add_argument("--min-articles", type=int, default=0, help="with --data: only clusters this large")
    parser.add_argument("--multinews", type=Path, default=DEFAULT_DATA, help="Multi-News dev JSONL of the regimes")
    parser.add_argument("--limit", type=int, default=None, help="only the first N clusters of each regime")
    parser.add_argument("--systems", default=",".join(DEFAULT_SYSTEMS), help="comma-separated subset")
    parser.add_argument("--oracle", action="store_true", help="add a greedy oracle that reads the references")
    parser.add_argument("--model", default=None, help="embedding model for our digest (default: packaged)")
    parser.add_argument("--device", default=None, help="device for our digest (default: auto)")
    parser.add_argument(
        "--backend", default="auto", choices=("auto", "torch", "onnx"), help="embedding backend of our digest"
    )
    parser.add_argument("--strict", action="store_true", help="stop at the first system failure")
    parser.add_argument("--cache", type=Path, default=None, help="keep embeddings and peers' rankings here")
    parser.add_argument("--out", type=Path, default=RESULTS_DIR / "quality", help="results stem (.json, .md)")
    return parser.parse_args(argv)


def chosen_regimes(args: argparse.Namespace) -> list[Regime]:
    if args.budget <= 0:
        raise SystemExit("--budget must be a positive number of words")
    if args.data is not None:
        title = f"{args.data.name}" + (f", clusters of {args.min_articles}+ articles" if args.min_articles else "")
        return [Regime("custom", title, args.budget, from_file(args.data, min_articles=args.min_articles))]
    known = default_regimes(data=args.multinews)
    names = [n.strip() for n in args.regimes.split(",") if n.strip()]
    unknown = [n for n in names if n not in known]
    if unknown:
        raise SystemExit(f"unknown regime {unknown[0]!r}; choose from {', '.join(known)}")
    return [known[n] for n in names]


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    load_at_start = load_average()
    regimes = chosen_regimes(args)
    names = [n.strip() for n in args.systems.split(",") if n.strip()]
    systems = build_systems(names, model=args.model, device=args.device, cache=args.cache, backend=args.backend)
    rankings = None
    if args.cache is not None:
        from benchmarks.cache import RankingCache

        rankings = RankingCache(args.cache)
    results: list[dict[str, Any]] = []
    failures: dict[str, dict[str, list[dict[str, str]]]] = {}
    for regime in regimes:
        clusters = regime.load()[: args.limit]
        if not clusters:
            raise SystemExit(f"regime {regime.name}: no clusters")
        print(f"{regime.title}: {len(systems)} systems on {len(clusters)} clusters...", file=sys.stderr)
        tallies, rows = evaluate(
            clusters, systems, budget=regime.budget, oracle=args.oracle, strict=args.strict, rankings=rankings
        )
        summaries = [t.summary() for t in tallies]
        result = {
            "regime": regime.name,
            "title": regime.title,
            "budget": regime.budget,
            "clusters": len(clusters),
            "results": summaries,
            "verdict": verdict(summaries),
            "rows": rows,
        }
        results.append(result)
        failures[regime.name] = {t.name: t.failures for t in tallies if t.failures}
        for system in systems:
            if isinstance(system, DigestSystem):
                system.save()
        if rankings is not None:
            rankings.save()
    digest = next((s for s in systems if isinstance(s, DigestSystem)), None)
    meta: dict[str, Any] = {
        "cut": "hard cut at N whitespace words, sentences in each system's rank order",
        "reference_normalisation": "leading '– ' stripped; sentences split with pysbd for ROUGE-Lsum",
        "readability": "summarizer.readability.stands_alone on every whole line of which the budget shows a word",
        "cache": str(args.cache) if args.cache else None,
        "model_load_seconds": round(digest.load_seconds, 2) if digest else None,
        "machine": machine_info(load_at_start=load_at_start),
    }
    markdown = render(results, meta)
    json_path, md_path = write_results(args.out, {"meta": meta, "regimes": results, "failures": failures}, markdown)
    print(markdown)
    for regime_name, by_system in failures.items():
        for name, failed in by_system.items():
            print(f"{regime_name}: {name}: {len(failed)} cluster(s) failed, scored as empty", file=sys.stderr)
    print(f"Wrote {json_path} and {md_path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
