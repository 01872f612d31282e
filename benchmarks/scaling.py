"""The scaling curve of the speed benchmark: one digest per size, each in a fresh process.

    python -m benchmarks.scaling N [--data FILE.jsonl]     # one point, printed as one JSON line

A fresh process per size keeps sizes from sharing memory or caches, so the peak memory of
each (model included) is its own. Peak memory is ``VmHWM`` from ``/proc/self/status``, not
``ru_maxrss``: Linux carries ``ru_maxrss`` over from the parent across fork and exec, so the
child of a process that had loaded a model would report the parent's peak.

Articles are the dev set's distinct documents in file order; a size above their number repeats
them under new ids and says so (``unique_articles``).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a file: make the repo's ``benchmarks`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import DEFAULT_DATA, REPO_ROOT, load_clusters

DEFAULT_MAX_WORDS = 120  # the library's default budget
_STATUS = Path("/proc/self/status")


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MiB (``VmHWM``; ``ru_maxrss`` off Linux)."""
    if _STATUS.exists():
        for line in _STATUS.read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)  # reported in kB
    divisor = 1024 * 1024 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB elsewhere
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / divisor, 1)


def cpu_seconds() -> float:
    """User plus system CPU time of this process: less swayed than wall time by other work."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def dev_documents(data: Path) -> list[str]:
    """The dev set's distinct, non-blank documents, in file order."""
    texts = [d for c in load_clusters(data) for d in c.documents if d.strip()]
    return list(dict.fromkeys(texts))


def scaling_point(size: int, *, data: Path, device: str, max_words: int) -> dict[str, Any]:
    """One size, in this process: load the model, then one digest of ``size`` articles."""
    from summarizer import Article, Summarizer

    documents = dev_documents(data)
    if not documents:
        raise SystemExit(f"{data}: no documents")
    articles = [Article(id=f"{i:04d}", text=documents[i % len(documents)]) for i in range(size)]
    started = time.perf_counter()
    summarizer = Summarizer(device=device)
    summarizer.load()
    loaded, cpu_loaded, peak_after_load = time.perf_counter(), cpu_seconds(), peak_rss_mb()
    digest = summarizer.summarize(articles, max_words=max_words)
    finished, cpu_finished = time.perf_counter(), cpu_seconds()
    return {
        "articles": size,
        "unique_articles": min(size, len(documents)),
        "input_words": sum(len(a.text.split()) for a in articles),
        "sentences": sum(r.sentences for r in digest.articles),
        "load_s": round(loaded - started, 2),
        "digest_s": round(finished - loaded, 2),
        "digest_cpu_s": round(cpu_finished - cpu_loaded, 2),
        "stages_ms": digest.meta.get("timings_ms", {}),
        "peak_rss_after_load_mb": peak_after_load,
        "peak_rss_mb": peak_rss_mb(),
    }


def measure_scaling(sizes: Sequence[int], *, data: Path, device: str, max_words: int) -> dict[str, Any]:
    """Every size in its own ``python -m benchmarks.scaling N`` process, smallest first."""
    unique = len(dev_documents(data))
    points = []
    for size in sorted(set(sizes)):
        print(f"  scaling: {size} articles...", file=sys.stderr, flush=True)
        command = [
            sys.executable,
            "-m",
            "benchmarks.scaling",
            str(size),
            "--data",
            str(data),
            "--device",
            device,
            "--max-words",
            str(max_words),
        ]
        started = time.perf_counter()
        done = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"scaling run at {size} articles failed: {done.stderr.strip()[-800:]}")
        point = json.loads(done.stdout.strip().splitlines()[-1])
        point["process_s"] = round(time.perf_counter() - started, 2)
        point["ms_per_sentence"] = round(1000 * point["digest_s"] / max(point["sentences"], 1), 2)
        points.append(point)
    return {"unique_documents_available": unique, "points": points, "estimate": estimate(points)}


def estimate(points: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    """Linear estimate for the largest size as if all its articles were distinct (not measured).

    Repeated articles share their sentences' embeddings, so the measured point undercounts the
    work of truly distinct articles; the estimate scales the largest all-distinct point's sentences
    per article and cost per sentence. Add the number of distinct documents to ``--sizes`` for the
    largest such point.
    """
    distinct = [p for p in points if p["unique_articles"] == p["articles"]]
    repeated = [p for p in points if p["unique_articles"] < p["articles"]]
    if not distinct or not repeated:
        return None
    base, target = max(distinct, key=lambda p: p["articles"]), max(repeated, key=lambda p: p["articles"])
    sentences = round(base["sentences"] / base["articles"] * target["articles"])
    return {
        "articles": target["articles"],
        "from_articles": base["articles"],
        "sentences": sentences,
        "digest_s": round(base["digest_s"] / max(base["sentences"], 1) * sentences, 1),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scaling", description=__doc__.split("\n")[0])
    parser.add_argument("size", type=int, help="number of articles")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="JSONL of clusters (default: %(default)s)")
    parser.add_argument("--device", default="cpu", help="device for the model (default: cpu)")
    parser.add_argument("--max-words", type=int, default=DEFAULT_MAX_WORDS, help="digest budget")
    args = parser.parse_args(argv)
    print(json.dumps(scaling_point(args.size, data=args.data, device=args.device, max_words=args.max_words)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
