"""Speed and scale benchmark, on CPU.

    python -m benchmarks.speed [--sizes 5,50,200,500] [--skip warm,cold,throughput,scaling] [--out STEM]

Measures (``time.perf_counter``):

- warm: digest of the five seed articles with the model loaded (median of ``--repeats``), next to
  sumy's LexRank on the same texts and to the embedding model alone on the same sentences (the floor);
- cold: ``python -m summarizer digest examples/seeds`` from process start to printed digest;
- throughput: sentences per second of the embedding model alone, on dev-set sentences;
- scaling: digest time and peak memory at each size, each size in a fresh process
  (see ``benchmarks/scaling.py``).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a file: make the repo's ``benchmarks`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import (
    DEFAULT_DATA,
    REPO_ROOT,
    RESULTS_DIR,
    SEEDS_DIR,
    load_average,
    machine_info,
    machine_line,
    markdown_table,
    split_paragraph,
    split_sentences,
    write_results,
)
from benchmarks.scaling import DEFAULT_MAX_WORDS, dev_documents, measure_scaling

DEFAULT_SIZES = (5, 50, 200, 500)
DEFAULT_REPEATS = 10
DEFAULT_COLD_RUNS = 3
DEFAULT_THROUGHPUT_SENTENCES = 1000
DEFAULT_BATCH_SIZE = 64  # sentences in the throughput warm-up call
PARTS = ("warm", "cold", "throughput", "scaling")
# The goals on a 2-core CPU.
GOAL_WARM_SECONDS = 0.5
GOAL_SCALE_ARTICLES, GOAL_SCALE_SECONDS, GOAL_SCALE_MB = 500, 120.0, 2048


def median_seconds(
    run: Callable[[], object], *, repeats: int, before: Callable[[], None] | None = None
) -> dict[str, float]:
    """Median and min wall time of ``run`` over ``repeats`` calls, after one untimed warm-up."""
    run()
    times = []
    for _ in range(repeats):
        if before is not None:
            before()
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return {"median_s": round(statistics.median(times), 4), "min_s": round(min(times), 4), "runs": repeats}


def seed_articles() -> list[Any]:
    from summarizer import Article

    return [Article(id=p.stem, text=p.read_text(encoding="utf-8")) for p in sorted(SEEDS_DIR.glob("*.txt"))]


@lru_cache(maxsize=2)
def uncached_summarizer(device: str, backend: str = "torch") -> Any:
    """A loaded Summarizer whose every digest embeds all of its sentences.

    The library may keep embeddings across calls (re-digesting a growing story); timing the same
    seeds again and again would then time cache hits. Its knob to turn that off is used when the
    installed version has it.
    """
    from summarizer import Summarizer

    summarizer = Summarizer(device=device, backend=backend, cache_entries=0)
    summarizer.load()
    return summarizer


def _timed_digests(summarizer: Any, articles: Sequence[Any], *, repeats: int, max_words: int) -> dict[str, Any]:
    stages: list[dict[str, float]] = []

    def digest() -> None:
        stages.append(summarizer.summarize(articles, max_words=max_words).meta.get("timings_ms", {}))

    timing = median_seconds(digest, repeats=repeats)
    timing["stages_ms"] = {k: round(statistics.median(s.get(k, 0.0) for s in stages[1:]), 1) for k in stages[-1]}
    return timing


def measure_warm(*, repeats: int, device: str, max_words: int, backend: str = "torch") -> dict[str, Any]:
    """Warm digest of the seeds, next to sumy LexRank on the same texts and the embedding floor."""
    from benchmarks.peers import lexrank
    from summarizer import Summarizer
    from summarizer.segment import segment_articles

    articles = seed_articles()
    summarizer = uncached_summarizer(device, backend)
    ours = _timed_digests(summarizer, articles, repeats=repeats, max_words=max_words)

    # The floor: the pipeline's own embedder, alone, on the distinct sentences it embeds.
    sentences = sorted({s.text for s in segment_articles(articles)[0]})
    floor = median_seconds(lambda: summarizer.embedder.encode(sentences), repeats=repeats)

    texts = [a.text for a in articles]
    peer = lexrank()
    # Clear the sentence-splitting cache so that every LexRank run pays for its own splitting.
    lex = median_seconds(lambda: peer.rank(texts), repeats=repeats, before=split_paragraph.cache_clear)

    # The library's defaults, the same articles again: what a service re-digesting a story sees.
    default = Summarizer(device=device, backend=backend)
    default.load()
    again = _timed_digests(default, articles, repeats=repeats, max_words=max_words)
    return {
        "articles": len(articles),
        "sentences_embedded": len(sentences),
        "max_words": max_words,
        "model": summarizer.model_name,
        "embedder": type(summarizer.embedder).__name__,
        "digest": ours,
        "digest_same_articles_again": again,
        "lexrank": lex,
        "embedding_floor": floor,
        "overhead_above_floor_s": round(ours["median_s"] - floor["median_s"], 4),
    }


def measure_cold(*, runs: int, device: str) -> dict[str, Any]:
    """``python -m summarizer digest examples/seeds`` as a fresh process, start to printed digest."""
    command = [sys.executable, "-m", "summarizer", "digest", str(SEEDS_DIR), "--device", device, "--quiet"]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True)
        times.append(time.perf_counter() - started)
        if done.returncode != 0 or not done.stdout.strip():
            raise RuntimeError(f"cold CLI run failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    return {
        "command": "python -m summarizer digest examples/seeds --device " + device + " --quiet",
        "median_s": round(statistics.median(times), 3),
        "min_s": round(min(times), 3),
        "runs": runs,
    }


def measure_throughput(*, data: Path, count: int, device: str, backend: str = "torch") -> dict[str, Any]:
    """Sentences per second of the pipeline's embedder alone (one call, batched, after a warm-up)."""
    pool: dict[str, None] = {}
    for document in dev_documents(data):
        pool.update(dict.fromkeys(split_sentences(document)))
        if len(pool) >= count:
            break
    sentences = list(pool)[:count]
    embedder = uncached_summarizer(device, backend).embedder
    embedder.encode(sentences[:DEFAULT_BATCH_SIZE])
    started = time.perf_counter()
    embedder.encode(sentences)
    seconds = time.perf_counter() - started
    return {
        "sentences": len(sentences),
        "mean_words": round(sum(len(x.split()) for x in sentences) / max(len(sentences), 1), 1),
        "seconds": round(seconds, 3),
        "sentences_per_s": round(len(sentences) / seconds, 1),
        "batch_size": getattr(embedder, "batch_size", None),
    }


def goals(results: dict[str, Any]) -> list[str]:
    """One line per goal of the issue that this run measured."""
    lines = []
    if "warm" in results:
        warm = results["warm"]["digest"]["median_s"]
        verdict = "yes" if warm < GOAL_WARM_SECONDS else "NO"
        lines.append(f"warm digest of the seeds under {GOAL_WARM_SECONDS} s: {verdict} ({warm:.3f} s)")
    for p in results.get("scaling", {}).get("points", []):
        if p["articles"] == GOAL_SCALE_ARTICLES:
            verdict = "yes" if p["digest_s"] < GOAL_SCALE_SECONDS and p["peak_rss_mb"] < GOAL_SCALE_MB else "NO"
            lines.append(
                f"{GOAL_SCALE_ARTICLES} articles under {GOAL_SCALE_SECONDS:.0f} s and {GOAL_SCALE_MB} MB: {verdict} "
                f"({p['digest_s']:.1f} s digest, {p['process_s']:.1f} s whole process, {p['peak_rss_mb']:.0f} MB "
                f"peak; {p['unique_articles']} distinct articles)"
            )
    return lines


def _summary_rows(results: dict[str, Any]) -> list[list[object]]:
    rows: list[list[object]] = []
    if warm := results.get("warm"):
        rows += [
            [
                f"warm digest, {warm['articles']} seed articles (median of {warm['digest']['runs']})",
                f"{warm['digest']['median_s']:.3f} s",
            ],
            ["sumy LexRank, same texts", f"{warm['lexrank']['median_s']:.3f} s"],
            [
                f"embedding model alone, same {warm['sentences_embedded']} sentences (floor)",
                f"{warm['embedding_floor']['median_s']:.3f} s",
            ],
            ["our overhead above the floor", f"{warm['overhead_above_floor_s']:.3f} s"],
            [
                "same seeds again, library defaults (embedding cache, if any)",
                f"{warm['digest_same_articles_again']['median_s']:.3f} s",
            ],
        ]
    if cold := results.get("cold"):
        rows.append([f"cold CLI, seeds (median of {cold['runs']})", f"{cold['median_s']:.2f} s"])
    if tp := results.get("throughput"):
        rows.append(
            [
                f"embedding throughput ({tp['sentences']} dev sentences of {tp['mean_words']:.0f} words on average)",
                f"{tp['sentences_per_s']:.0f} sentences/s",
            ]
        )
    return rows


def _scaling_lines(scaling: dict[str, Any]) -> list[str]:
    header = [
        "Articles",
        "Distinct",
        "Sentences",
        "Digest s",
        "of which embed s",
        "ms / sentence",
        "Digest CPU s",
        "Process s",
        "Peak MB (after load)",
    ]
    table = [
        [
            p["articles"],
            p["unique_articles"],
            p["sentences"],
            f"{p['digest_s']:.2f}",
            f"{p['stages_ms'].get('embed', 0) / 1000:.2f}",
            f"{p['ms_per_sentence']:.2f}",
            f"{p['digest_cpu_s']:.1f}",
            f"{p['process_s']:.1f}",
            f"{p['peak_rss_mb']:.0f} ({p['peak_rss_after_load_mb']:.0f})",
        ]
        for p in scaling["points"]
    ]
    lines = [
        "## Scaling",
        "",
        markdown_table(header, table),
        "",
        "Each size in a fresh process: digest time after the model is loaded; CPU time of the digest",
        "(both cores count); peak RSS (VmHWM) of the whole process, and in brackets the peak reached",
        "by the end of model loading.",
        f"Articles are the dev set's distinct documents in order; sizes above {scaling['unique_documents_available']} "
        "repeat them under new ids.",
        "",
    ]
    if estimate := scaling.get("estimate"):
        lines += [
            f"Estimate, not measured: {estimate['articles']} distinct articles of the same mean length would be "
            f"~{estimate['sentences']} sentences, ~{estimate['digest_s']:.0f} s at the "
            f"{estimate['from_articles']}-article cost per sentence.",
            "",
        ]
    return lines


def render(results: dict[str, Any], meta: dict[str, Any]) -> str:
    lines = ["# Speed (CPU)", ""]
    if rows := _summary_rows(results):
        lines += [markdown_table(["Measure", "Result"], rows), ""]
    if "warm" in results:
        stages = ", ".join(f"{k} {v:.0f}" for k, v in results["warm"]["digest"]["stages_ms"].items())
        lines += [f"Warm digest stages (ms, median): {stages}.", ""]
    if "scaling" in results:
        lines += _scaling_lines(results["scaling"])
    lines += [f"- {g}" for g in goals(results)]
    lines += ["", f"{machine_line(meta['machine'])}  ", f"`{meta['machine']['command']}`"]
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.speed", description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="JSONL of clusters (default: %(default)s)")
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="article counts, scaling curve")
    parser.add_argument("--skip", default="", help=f"comma-separated parts to skip: {', '.join(PARTS)}")
    parser.add_argument("--repeats", type=int, default=DEFAULT_REPEATS, help="timed runs of the warm measures")
    parser.add_argument("--cold-runs", type=int, default=DEFAULT_COLD_RUNS, help="runs of the cold CLI")
    parser.add_argument("--throughput-sentences", type=int, default=DEFAULT_THROUGHPUT_SENTENCES)
    parser.add_argument("--max-words", type=int, default=DEFAULT_MAX_WORDS, help="digest budget")
    parser.add_argument("--device", default="cpu", help="device for the model (default: cpu)")
    parser.add_argument(
        "--backend", default="torch", choices=("torch", "onnx"), help="embedding backend (warm, throughput)"
    )
    parser.add_argument("--out", type=Path, default=RESULTS_DIR / "speed", help="results stem (.json, .md)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    load_at_start = load_average()
    skip = {p.strip() for p in args.skip.split(",") if p.strip()}
    if unknown := skip - set(PARTS):
        raise SystemExit(f"--skip: unknown part(s) {', '.join(sorted(unknown))}; choose from {', '.join(PARTS)}")
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    results: dict[str, Any] = {}
    if "warm" not in skip:
        print("warm digest of the seeds...", file=sys.stderr, flush=True)
        results["warm"] = measure_warm(
            repeats=args.repeats, device=args.device, max_words=args.max_words, backend=args.backend
        )
    if "cold" not in skip:
        print("cold CLI...", file=sys.stderr, flush=True)
        results["cold"] = measure_cold(runs=args.cold_runs, device=args.device)
    if "throughput" not in skip:
        print("embedding throughput...", file=sys.stderr, flush=True)
        results["throughput"] = measure_throughput(
            data=args.data, count=args.throughput_sentences, device=args.device, backend=args.backend
        )
    if "scaling" not in skip and sizes:
        print("scaling curve...", file=sys.stderr, flush=True)
        results["scaling"] = measure_scaling(sizes, data=args.data, device=args.device, max_words=args.max_words)
    meta = {
        "data": str(args.data),
        "device": args.device,
        "backend": args.backend,
        "machine": machine_info(load_at_start=load_at_start),
    }
    meta["goals"] = goals(results)
    markdown = render(results, meta)
    json_path, md_path = write_results(args.out, {"meta": meta, **results}, markdown)
    print(markdown)
    print(f"Wrote {json_path} and {md_path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
