"""The scaling curve of the speed benchmark: one digest per size, each in a fresh process.

    python -m benchmarks.scaling N [--articles DIR_OR_JSONL] [--device cpu]   # one point, one JSON line

A fresh process per size keeps sizes from sharing memory or caches, so the peak memory of
each (model included) is its own. Peak memory is ``VmHWM`` from ``/proc/self/status``, not
``ru_maxrss``: Linux carries ``ru_maxrss`` over from the parent across fork and exec, so the
child of a process that had loaded a model would report the parent's peak.

Articles are distinct real ones: the dated articles of ``../shared/data/t17_dev`` (547, from
four long-running stories, as JSONL lines ``{"id", "published", "text"}``) in order of
publication, ids prefixed with their file's name. A size above their number is refused.
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

from benchmarks.common import REPO_ROOT

DEFAULT_MAX_WORDS = 120  # the library's default budget
DEFAULT_ARTICLES = REPO_ROOT.parent / "shared" / "data" / "t17_dev"
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


def dated_articles(source: Path) -> list[dict[str, str]]:
    """The distinct articles of a JSONL file or of every ``*.jsonl`` in a folder, oldest first.

    Each line is ``{"id", "published"?, "text"}``; ids are prefixed with the file's stem, and an
    article whose text was already seen (syndicated copy) is kept once.
    """
    files = [source]
    if source.is_dir():
        files = sorted(source.glob("*.articles.jsonl")) or sorted(source.glob("*.jsonl"))
    if not files:
        raise SystemExit(f"{source}: no .jsonl files of articles")
    rows: list[dict[str, str]] = []
    for path in files:
        stem = path.name.removesuffix(".jsonl").removesuffix(".articles")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip():
                row = json.loads(line)
                text = str(row.get("text", ""))
                if text.strip():
                    ident = f"{stem}/{row.get('id', number)}"
                    rows.append({"id": ident, "published": str(row.get("published", "")), "text": text})
    rows.sort(key=lambda r: (r["published"], r["id"]))
    first: dict[str, dict[str, str]] = {}
    for row in rows:
        first.setdefault(row["text"], row)
    return list(first.values())


def scaling_point(size: int, *, source: Path, device: str, max_words: int) -> dict[str, Any]:
    """One size, in this process: load the model, then one digest of ``size`` distinct articles."""
    from summarizer import Article, Summarizer
    from summarizer.embed import resolve_backend

    rows = dated_articles(source)
    if size > len(rows):
        raise SystemExit(f"{source}: {len(rows)} distinct articles, fewer than the {size} asked for")
    articles = [Article(id=r["id"], text=r["text"]) for r in rows[:size]]
    started = time.perf_counter()
    # The backend the CLI picks for this input (auto: a large input is worth torch's longer start).
    backend = resolve_backend(device=device, input_chars=sum(len(a.text) for a in articles))
    summarizer = Summarizer(device=device, backend=backend)
    summarizer.load()
    loaded, cpu_loaded, peak_after_load = time.perf_counter(), cpu_seconds(), peak_rss_mb()
    digest = summarizer.summarize(articles, max_words=max_words)
    finished, cpu_finished = time.perf_counter(), cpu_seconds()
    stages = dict(digest.meta.get("timings_ms", {}))
    return {
        "articles": size,
        "input_words": sum(len(a.text.split()) for a in articles),
        "sentences": sum(r.sentences for r in digest.articles),
        "backend": backend,
        "dtype": getattr(getattr(summarizer.embedder, "inner", summarizer.embedder), "dtype", None),
        "load_s": round(loaded - started, 2),
        "digest_s": round(finished - loaded, 2),
        "digest_cpu_s": round(cpu_finished - cpu_loaded, 2),
        "stages_ms": stages,
        "peak_rss_after_load_mb": peak_after_load,
        "peak_rss_mb": peak_rss_mb(),
    }


def measure_scaling(sizes: Sequence[int], *, source: Path, device: str, max_words: int) -> dict[str, Any]:
    """Every size in its own ``python -m benchmarks.scaling N`` process, smallest first."""
    available = len(dated_articles(source))
    points = []
    for size in sorted({s for s in sizes if s <= available}):
        print(f"  scaling: {size} articles...", file=sys.stderr, flush=True)
        command = [sys.executable, "-m", "benchmarks.scaling", str(size), "--articles", str(source)]
        command += ["--device", device, "--max-words", str(max_words)]
        started = time.perf_counter()
        done = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"scaling run at {size} articles failed: {done.stderr.strip()[-800:]}")
        point = json.loads(done.stdout.strip().splitlines()[-1])
        point["process_s"] = round(time.perf_counter() - started, 2)
        embed_s = point["stages_ms"].get("embed", 0.0) / 1000
        others_s = sum(v for k, v in point["stages_ms"].items() if k not in ("embed", "total")) / 1000
        point["embed_s"], point["other_stages_s"] = round(embed_s, 2), round(others_s, 2)
        point["ms_per_sentence"] = round(1000 * point["digest_s"] / max(point["sentences"], 1), 2)
        points.append(point)
    skipped = sorted(s for s in sizes if s > available)
    return {"source": str(source), "distinct_articles_available": available, "points": points, "skipped": skipped}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scaling", description=__doc__.split("\n")[0])
    parser.add_argument("size", type=int, help="number of articles")
    parser.add_argument("--articles", type=Path, default=DEFAULT_ARTICLES, help="JSONL file or folder of articles")
    parser.add_argument("--device", default="cpu", help="device for the model (default: cpu)")
    parser.add_argument("--max-words", type=int, default=DEFAULT_MAX_WORDS, help="digest budget")
    args = parser.parse_args(argv)
    print(json.dumps(scaling_point(args.size, source=args.articles, device=args.device, max_words=args.max_words)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
