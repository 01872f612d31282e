"""Speed and scale benchmark, on the machine it runs on (CPU unless --device says otherwise).

    python -m benchmarks.speed [--sizes 5,50,200,500] [--skip floors,warm,cold,throughput,scaling] [--out STEM]

Measures (``time.perf_counter``), in one run:

- floors: the embedding model alone on the distinct sentences of the five seed articles, for each
  dtype this CPU computes natively (float32 everywhere, bfloat16 where it has AMX or AVX512-BF16),
  and the ONNX backend (float32 on onnxruntime's fused kernels); each with its lowest cosine to float32;
- warm: digest of the seeds with the model loaded and the embedding cache off (first sight), on the
  backend a long-lived process gets by default (``auto``), its ratio to that backend's own floor,
  next to sumy's LexRank on the same texts, and the same seeds again with the library's defaults
  (cache on);
- cold: ``python -m summarizer digest examples/seeds`` from process start to printed digest, per
  backend (``auto``, the default, is onnx for an input this small), with the imports that cost the
  most in one ``-X importtime`` run;
- throughput: sentences per second of each backend's embedder alone on 1,000 distinct sentences;
- scaling: digest time, the model's share, the other stages together and peak memory at each size
  of distinct real articles, each size in a fresh process (``benchmarks/scaling.py``).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a file: make the repo's ``benchmarks`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import (
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
from benchmarks.scaling import DEFAULT_ARTICLES, DEFAULT_MAX_WORDS, dated_articles, measure_scaling

DEFAULT_SIZES = (5, 50, 200, 500)
DEFAULT_REPEATS = 10
DEFAULT_COLD_RUNS = 3
DEFAULT_COLD_BACKENDS = ("auto", "torch")
DEFAULT_THROUGHPUT_BACKENDS = ("torch", "onnx")
DEFAULT_THROUGHPUT_SENTENCES = 1000
PARTS = ("floors", "warm", "cold", "throughput", "scaling")
# The goals.
GOAL_WARM_RATIO = 1.2  # warm first-sight digest / the model's own time
GOAL_WARM_BF16_S = 0.3  # on a CPU with native bf16
GOAL_COLD_S = 2.0
GOAL_SCALE_ARTICLES, GOAL_SCALE_S, GOAL_SCALE_MB = 500, 45.0, 1024


def timed(run: Callable[[], object], *, repeats: int, before: Callable[[], None] | None = None) -> dict[str, float]:
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


def seed_sentences() -> list[str]:
    """The distinct sentences the pipeline embeds for the seeds."""
    from summarizer.segment import segment_articles

    return sorted({s.text for s in segment_articles(seed_articles())[0]})


def cpu_line() -> dict[str, Any]:
    """The CPU by name, with the flags that decide the model's speed and the dtype chosen for it."""
    from summarizer.device import resolve_dtype
    from summarizer.hardware import cpu_info

    info = cpu_info()
    return {
        "name": info.name,
        "logical_cores": info.cores,
        "flags": list(info.notable_flags),
        "native_bf16": info.has_bf16,
        "default_dtype": resolve_dtype(None, "cpu"),
    }


def floor_dtypes(device: str) -> list[str]:
    """float32, and the half-precision formats this device computes natively."""
    from summarizer.hardware import cpu_info

    if device.startswith("cuda"):
        return ["float32", "float16", "bfloat16"]
    return ["float32", "bfloat16"] if cpu_info().has_bf16 else ["float32"]


def measure_floors(*, repeats: int, device: str) -> dict[str, Any]:
    """The embedding model alone on the seeds' sentences, per dtype and for the ONNX backend."""
    import numpy as np

    from summarizer.embed import make_embedder

    sentences = seed_sentences()
    floors: dict[str, Any] = {}
    reference = None
    for dtype in floor_dtypes(device):
        embedder = make_embedder("torch", device=device, dtype=dtype)
        vectors = embedder.encode(sentences)
        reference = vectors if reference is None else reference
        floors[f"torch {dtype}"] = timed(lambda e=embedder: e.encode(sentences), repeats=repeats)
        floors[f"torch {dtype}"]["min_cosine_to_float32"] = round(float(np.min(np.sum(reference * vectors, 1))), 5)
    if not device.startswith("cuda"):
        onnx = make_embedder("onnx")
        vectors = onnx.encode(sentences)
        floors["onnx float32"] = timed(lambda: onnx.encode(sentences), repeats=repeats)
        floors["onnx float32"]["min_cosine_to_float32"] = round(float(np.min(np.sum(reference * vectors, 1))), 5)
    return {"sentences": len(sentences), "floors": floors}


def measure_warm(*, repeats: int, device: str, max_words: int, backend: str) -> dict[str, Any]:
    """Warm first-sight digest of the seeds (cache off), its floor, LexRank, and the seeds again (cache on)."""
    from benchmarks.peers import lexrank
    from summarizer import Summarizer
    from summarizer.embed import resolve_backend

    articles = seed_articles()
    summarizer = Summarizer(device=device, backend=backend, cache_bytes=0)
    summarizer.load()
    stages: list[dict[str, float]] = []

    def digest(on: Any) -> None:
        stages.append(on.summarize(articles, max_words=max_words).meta.get("timings_ms", {}))

    ours = timed(lambda: digest(summarizer), repeats=repeats)
    ours["stages_ms"] = {k: round(statistics.median(s.get(k, 0.0) for s in stages[1:]), 1) for k in stages[-1]}
    sentences = seed_sentences()
    floor = timed(lambda: summarizer.embedder.encode(sentences), repeats=repeats)

    texts = [a.text for a in articles]
    peer = lexrank()
    # Every LexRank run pays for its own sentence splitting.
    lex = timed(lambda: peer.rank(texts), repeats=repeats, before=split_paragraph.cache_clear)

    cached = Summarizer(device=device, backend=backend)
    cached.load()
    again = timed(lambda: cached.summarize(articles, max_words=max_words), repeats=repeats)
    inner = getattr(summarizer.embedder, "inner", summarizer.embedder)
    return {
        "backend": resolve_backend(backend, device=device),
        "dtype": getattr(inner, "dtype", "float32"),
        "articles": len(articles),
        "sentences_embedded": len(sentences),
        "digest": ours,
        "floor": floor,
        "ratio_to_floor": round(ours["median_s"] / floor["median_s"], 2),
        "lexrank": lex,
        "digest_same_articles_again": again,
    }


def _importtime(stderr: str, top: int = 8) -> list[list[object]]:
    """The packages whose modules cost the most to import, from ``python -X importtime`` output
    (seconds): each module's own time, summed by top-level package. Nesting is not used, since
    imports in a background thread (the conflict stage's parser) interleave with the main thread's."""
    costs: dict[str, int] = {}
    for line in stderr.splitlines():
        parts = line.split("|")
        if not line.startswith("import time:") or len(parts) != 3:
            continue
        own = parts[0].removeprefix("import time:").strip()
        if own.isdigit():
            package = parts[2].strip().split(".")[0]
            costs[package] = costs.get(package, 0) + int(own)
    ranked = sorted(costs.items(), key=lambda item: -item[1])[:top]
    return [[name, round(micros / 1e6, 2)] for name, micros in ranked]


def measure_cold(*, runs: int, device: str, backends: Sequence[str]) -> dict[str, Any]:
    """``python -m summarizer digest examples/seeds`` as a fresh process, start to printed digest."""
    results: dict[str, Any] = {}
    for backend in backends:
        command = [sys.executable, "-m", "summarizer", "digest", str(SEEDS_DIR), "--device", device, "--quiet"]
        command += ["--backend", backend]
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            done = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True)
            times.append(time.perf_counter() - started)
            if done.returncode != 0 or not done.stdout.strip():
                raise RuntimeError(f"cold CLI run failed ({done.returncode}): {done.stderr.strip()[-500:]}")
        profiled = subprocess.run(
            [sys.executable, "-X", "importtime", *command[1:]], cwd=REPO_ROOT, capture_output=True, text=True
        )
        results[backend] = {
            "command": f"python -m summarizer digest examples/seeds --device {device} --quiet --backend {backend}",
            "median_s": round(statistics.median(times), 3),
            "min_s": round(min(times), 3),
            "runs": runs,
            "costliest_imports_s": _importtime(profiled.stderr),
        }
    return results


def measure_throughput(*, source: Path, count: int, device: str, backend: str) -> dict[str, Any]:
    """Sentences per second of the default embedder alone (one call, batched, after a warm-up)."""
    from summarizer.embed import make_embedder

    pool: dict[str, None] = {}
    for row in dated_articles(source):
        pool.update(dict.fromkeys(split_sentences(row["text"])))
        if len(pool) >= count:
            break
    sentences = list(pool)[:count]
    embedder = make_embedder(backend, device=device)
    embedder.encode(sentences[:64])
    started = time.perf_counter()
    embedder.encode(sentences)
    seconds = time.perf_counter() - started
    return {
        "sentences": len(sentences),
        "mean_words": round(sum(len(x.split()) for x in sentences) / max(len(sentences), 1), 1),
        "seconds": round(seconds, 3),
        "sentences_per_s": round(len(sentences) / seconds, 1),
        "dtype": getattr(embedder, "dtype", None),
        "batch_size": getattr(embedder, "batch_size", None),
    }


def goals(results: dict[str, Any]) -> list[str]:
    """One line per goal of the issue that this run measured."""
    lines = []
    if warm := results.get("warm"):
        ratio, seconds = warm["ratio_to_floor"], warm["digest"]["median_s"]
        lines.append(
            f"warm first-sight digest within {GOAL_WARM_RATIO} x the model's own time: "
            f"{'yes' if ratio <= GOAL_WARM_RATIO else 'NO'} ({ratio:.2f} x)"
        )
        if results.get("cpu", {}).get("native_bf16"):
            verdict = "yes" if seconds <= GOAL_WARM_BF16_S else "NO"
            lines.append(f"warm digest within {GOAL_WARM_BF16_S} s on this bf16 CPU: {verdict} ({seconds:.3f} s)")
    if cold := results.get("cold", {}).get("auto"):
        verdict = "yes" if cold["median_s"] <= GOAL_COLD_S else "NO"
        lines.append(f"cold CLI (default backend) within {GOAL_COLD_S} s: {verdict} ({cold['median_s']:.2f} s)")
    for p in results.get("scaling", {}).get("points", []):
        if p["articles"] == GOAL_SCALE_ARTICLES:
            ok = p["process_s"] <= GOAL_SCALE_S and p["peak_rss_mb"] <= GOAL_SCALE_MB
            lines.append(
                f"{GOAL_SCALE_ARTICLES} distinct articles within {GOAL_SCALE_S:.0f} s and {GOAL_SCALE_MB} MB: "
                f"{'yes' if ok else 'NO'} ({p['process_s']:.1f} s whole process, {p['digest_s']:.1f} s digest, "
                f"{p['peak_rss_mb']:.0f} MB peak)"
            )
    return lines


def _summary_rows(results: dict[str, Any]) -> list[list[object]]:
    rows: list[list[object]] = []
    if floors := results.get("floors"):
        for name, floor in floors["floors"].items():
            rows.append(
                [
                    f"embedding model alone, {name}, the seeds' {floors['sentences']} sentences "
                    f"(min cosine to float32 {floor['min_cosine_to_float32']:.4f})",
                    f"{floor['median_s']:.3f} s",
                ]
            )
    if warm := results.get("warm"):
        rows += [
            [
                f"warm first-sight digest of the seeds ({warm['backend']}, {warm['dtype']}; median of "
                f"{warm['digest']['runs']})",
                f"{warm['digest']['median_s']:.3f} s",
            ],
            [
                "of which the model alone (its floor) / ratio",
                f"{warm['floor']['median_s']:.3f} s / {warm['ratio_to_floor']:.2f} x",
            ],
            ["sumy LexRank, same texts", f"{warm['lexrank']['median_s']:.3f} s"],
            ["same seeds again, embedding cache on", f"{warm['digest_same_articles_again']['median_s']:.3f} s"],
        ]
    for backend, cold in results.get("cold", {}).items():
        rows.append(
            [
                f"cold CLI, process start to printed digest ({backend}, median of {cold['runs']})",
                f"{cold['median_s']:.2f} s",
            ]
        )
    for backend, tp in results.get("throughput", {}).items():
        rows.append(
            [
                f"embedding throughput, {backend} {tp['dtype']} ({tp['sentences']} sentences of "
                f"{tp['mean_words']:.0f} words)",
                f"{tp['sentences_per_s']:.0f} sentences/s",
            ]
        )
    return rows


def _scaling_lines(scaling: dict[str, Any]) -> list[str]:
    header = [
        "Articles",
        "Sentences",
        "Process s",
        "Digest s",
        "embed s",
        "other stages s",
        "Digest CPU s",
        "Peak MB (after load)",
    ]
    table = [
        [
            p["articles"],
            p["sentences"],
            f"{p['process_s']:.1f}",
            f"{p['digest_s']:.2f}",
            f"{p['embed_s']:.2f}",
            f"{p['other_stages_s']:.2f}",
            f"{p['digest_cpu_s']:.1f}",
            f"{p['peak_rss_mb']:.0f} ({p['peak_rss_after_load_mb']:.0f})",
        ]
        for p in scaling["points"]
    ]
    stages = [
        f"- {p['articles']} articles: "
        + ", ".join(f"{k} {v / 1000:.2f}" for k, v in p["stages_ms"].items() if k != "total")
        for p in scaling["points"]
    ]
    lines = [
        "## Scaling (distinct real articles)",
        "",
        markdown_table(header, table),
        "",
        "Each size in a fresh process: the whole process (start, model load, digest), the digest after the",
        "model is loaded, the model's part of it and every other stage together; CPU time of the digest (all",
        "cores count); peak RSS (VmHWM) of the process, and in brackets the peak by the end of model loading.",
        f"Articles: the first N of the {scaling['distinct_articles_available']} distinct dated articles in "
        f"{Path(scaling['source']).name}, oldest first.",
        "",
        "Stages (s):",
        "",
        *stages,
        "",
    ]
    if scaling.get("skipped"):
        lines += [f"Sizes above the articles available, not run: {scaling['skipped']}.", ""]
    return lines


def render(results: dict[str, Any], meta: dict[str, Any]) -> str:
    cpu = results.get("cpu", {})
    lines = ["# Speed", ""]
    if cpu:
        lines += [
            f"CPU: {cpu['name']}, {cpu['logical_cores']} logical cores; flags that matter: "
            f"{', '.join(cpu['flags']) or 'none'}; native bf16: {'yes' if cpu['native_bf16'] else 'no'}, "
            f"so the default dtype is {cpu['default_dtype']}.",
            "",
        ]
    if rows := _summary_rows(results):
        lines += [markdown_table(["Measure", "Result"], rows), ""]
    if "warm" in results:
        stages = ", ".join(f"{k} {v:.0f}" for k, v in results["warm"]["digest"]["stages_ms"].items())
        lines += [f"Warm digest stages (ms, median): {stages}.", ""]
    for backend, cold in results.get("cold", {}).items():
        imports = ", ".join(f"{name} {seconds:.2f}" for name, seconds in cold["costliest_imports_s"])
        lines += [
            f"Costliest imports of one cold {backend} run (s, own import time summed by package, "
            f"`-X importtime`): {imports}.",
            "",
        ]
    if "scaling" in results:
        lines += _scaling_lines(results["scaling"])
    lines += [f"- {g}" for g in goals(results)]
    lines += ["", f"{machine_line(meta['machine'])}  ", f"`{meta['machine']['command']}`"]
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.speed", description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=Path, default=DEFAULT_ARTICLES, help="JSONL file or folder of articles")
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="article counts, scaling curve")
    parser.add_argument("--skip", default="", help=f"comma-separated parts to skip: {', '.join(PARTS)}")
    parser.add_argument("--repeats", type=int, default=DEFAULT_REPEATS, help="timed runs of the warm measures")
    parser.add_argument("--cold-runs", type=int, default=DEFAULT_COLD_RUNS, help="runs of the cold CLI")
    parser.add_argument(
        "--cold-backends", default=",".join(DEFAULT_COLD_BACKENDS), help="backends of the cold CLI runs"
    )
    parser.add_argument("--throughput-sentences", type=int, default=DEFAULT_THROUGHPUT_SENTENCES)
    parser.add_argument(
        "--throughput-backends", default=",".join(DEFAULT_THROUGHPUT_BACKENDS), help="backends of the throughput runs"
    )
    parser.add_argument("--max-words", type=int, default=DEFAULT_MAX_WORDS, help="digest budget")
    parser.add_argument("--device", default="cpu", help="device for the model (default: cpu)")
    parser.add_argument(
        "--backend",
        default="auto",
        choices=("auto", "torch", "onnx"),
        help="backend of the warm digest (default: auto)",
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
    results: dict[str, Any] = {"cpu": cpu_line()}

    def part(name: str, measure: Callable[[], Any]) -> None:
        if name not in skip:
            print(f"{name}...", file=sys.stderr, flush=True)
            results[name] = measure()

    part("floors", lambda: measure_floors(repeats=args.repeats, device=args.device))
    part(
        "warm",
        lambda: measure_warm(repeats=args.repeats, device=args.device, max_words=args.max_words, backend=args.backend),
    )
    backends = [b.strip() for b in args.cold_backends.split(",") if b.strip()]
    part("cold", lambda: measure_cold(runs=args.cold_runs, device=args.device, backends=backends))
    throughput_backends = [b.strip() for b in args.throughput_backends.split(",") if b.strip()]
    part(
        "throughput",
        lambda: {
            backend: measure_throughput(
                source=args.articles, count=args.throughput_sentences, device=args.device, backend=backend
            )
            for backend in throughput_backends
        },
    )
    if sizes:
        part(
            "scaling",
            lambda: measure_scaling(sizes, source=args.articles, device=args.device, max_words=args.max_words),
        )
    meta = {"articles": str(args.articles), "device": args.device, "machine": machine_info(load_at_start=load_at_start)}
    meta["goals"] = goals(results)
    markdown = render(results, meta)
    json_path, md_path = write_results(args.out, {"meta": meta, **results}, markdown)
    print(markdown)
    print(f"Wrote {json_path} and {md_path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
