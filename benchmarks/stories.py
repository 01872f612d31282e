"""Story grouping benchmark: quality on labelled mixed feeds, next to a TF-IDF baseline; the
time and memory of grouping 100 to 5,000 articles; batch throughput in-process and on Ray.

    python benchmarks/stories.py                 # everything (~30 min on 2 busy cores)
    python benchmarks/stories.py --skip-scale --skip-batch
    python -m benchmarks.stories --scale-point 1000   # one size in this process, one JSON line

Feeds, built from ../shared/data at run time (never copied):

- ``newswcl50``: NewsWCL50, 10 US-politics events of spring 2018 x 5 outlets: one feed of
  events of the same kind (Trump, the White House, North Korea in most of them).
- ``multinews``: the 100 Multi-News dev clusters mixed into one feed. Documents that appear
  verbatim in two clusters (Twitter and Wayback Machine placeholders) and documents with
  fewer than 3 content sentences (video players, crawl notices) are left out of the labelled
  feed: their cluster label says nothing about the event they report.
- ``mixed``: both together (110 events).
- ``similar pairs``: every event next to the event most similar to it by TF-IDF (the pair a
  topical method confuses most), one feed per pair: 83 Multi-News and 7 NewsWCL50 pairs.

Scores are B-cubed precision, recall and F1 (per article, averaged; for the pairs averaged
over the pair feeds) and the adjusted Rand index. The baseline (TF-IDF on the full text,
English stop words, sublinear counts, average-linkage agglomerative clustering) is given the
best distance threshold in hindsight for each row, swept from 0.05 to 0.95; ours runs with
its one default setting everywhere.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a file: make the repo's ``benchmarks`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np

from benchmarks.common import (
    REPO_ROOT,
    RESULTS_DIR,
    load_average,
    machine_info,
    machine_line,
    markdown_table,
    write_results,
)
from benchmarks.scaling import cpu_seconds, peak_rss_mb

DATA_DIR = REPO_ROOT.parent / "shared" / "data"
MIN_CONTENT_SENTENCES = 3
BASELINE_THRESHOLDS = tuple(round(t, 3) for t in np.arange(0.05, 0.951, 0.025))
DEFAULT_SIZES = (100, 1000, 5000)
DEFAULT_BATCH_STORIES = 16


@dataclass(frozen=True, slots=True)
class Labelled:
    """A feed with the event each article reports."""

    name: str
    articles: tuple[Any, ...]  # summarizer.Article
    labels: tuple[str, ...]


# --- feeds -------------------------------------------------------------------------------


def newswcl(data_dir: Path = DATA_DIR) -> Labelled:
    from summarizer import Article

    rows = [json.loads(line) for line in (data_dir / "newswcl50_pile.jsonl").open(encoding="utf-8") if line.strip()]
    return Labelled(
        "newswcl50",
        tuple(Article(id=f"wcl-{r['id']}", text=r["text"]) for r in rows),
        tuple(f"wcl-{r['event']}" for r in rows),
    )


def multinews(data_dir: Path = DATA_DIR) -> Labelled:
    """The Multi-News dev clusters as one feed, placeholders left out (see the module docstring)."""
    from summarizer import Article
    from summarizer.segment import segment_article

    clusters = [json.loads(line) for line in (data_dir / "multinews_dev.jsonl").open(encoding="utf-8") if line.strip()]
    seen = Counter(" ".join(d.split()) for c in clusters for d in c["documents"])
    articles, labels = [], []
    for cluster in clusters:
        for number, text in enumerate(cluster["documents"]):
            if seen[" ".join(text.split())] > 1:
                continue
            article = Article(id=f"{cluster['id']}#{number}", text=text)
            if len(segment_article(article, 0)[0]) < MIN_CONTENT_SENTENCES:
                continue
            articles.append(article)
            labels.append(str(cluster["id"]))
    return Labelled("multinews", tuple(articles), tuple(labels))


def mixed(*feeds: Labelled) -> Labelled:
    return Labelled(
        "mixed", tuple(a for f in feeds for a in f.articles), tuple(label for f in feeds for label in f.labels)
    )


def tfidf_similarity(texts: Sequence[str]) -> np.ndarray:
    from sklearn.feature_extraction.text import TfidfVectorizer

    matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    return (matrix @ matrix.T).toarray()


def similar_pairs(feed: Labelled) -> list[Labelled]:
    """Each event with its most similar other event (mean TF-IDF cosine), one feed per distinct pair."""
    by_event: dict[str, list[int]] = defaultdict(list)
    for i, label in enumerate(feed.labels):
        by_event[label].append(i)
    events = sorted(by_event)
    similar = tfidf_similarity([a.text for a in feed.articles])
    pairs = set()
    for a in events:
        b = max((e for e in events if e != a), key=lambda e: similar[np.ix_(by_event[a], by_event[e])].mean())
        pairs.add(tuple(sorted((a, b))))
    out = []
    for a, b in sorted(pairs):
        members = by_event[a] + by_event[b]
        out.append(
            Labelled(f"{a}+{b}", tuple(feed.articles[i] for i in members), tuple(feed.labels[i] for i in members))
        )
    return out


# --- scores ------------------------------------------------------------------------------


def bcubed(predicted: Sequence[object], gold: Sequence[object]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a flat clustering against gold labels."""
    n = len(gold)
    pairs = Counter(zip(predicted, gold, strict=True))
    size_pred, size_gold = Counter(predicted), Counter(gold)
    precision = sum(pairs[p, g] / size_pred[p] for p, g in zip(predicted, gold, strict=True)) / n
    recall = sum(pairs[p, g] / size_gold[g] for p, g in zip(predicted, gold, strict=True)) / n
    return precision, recall, 2 * precision * recall / (precision + recall)


def scores(feeds: Sequence[Labelled], predictions: Sequence[Sequence[object]]) -> dict[str, float]:
    """B-cubed P/R/F1 and ARI, averaged over ``feeds``."""
    from sklearn.metrics import adjusted_rand_score

    rows = [bcubed(p, f.labels) for f, p in zip(feeds, predictions, strict=True)]
    aris = [adjusted_rand_score(f.labels, p) for f, p in zip(feeds, predictions, strict=True)]
    p, r, f1 = (float(np.mean([row[k] for row in rows])) for k in range(3))
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4), "ari": round(float(np.mean(aris)), 4)}


def ours(feed: Labelled, group: Callable[[Sequence[Any]], list[Any]]) -> list[str]:
    label_of = {}
    for story in group(feed.articles):
        for article_id in story.articles:
            label_of[article_id] = story.id
    return [label_of[a.id] for a in feed.articles]


def baseline(similar: np.ndarray, threshold: float) -> list[int]:
    from sklearn.cluster import AgglomerativeClustering

    if len(similar) < 2:
        return [0] * len(similar)
    distance = np.clip(1.0 - similar, 0.0, None)
    np.fill_diagonal(distance, 0.0)
    clustering = AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="average", distance_threshold=threshold
    )
    return [int(label) for label in clustering.fit_predict(distance)]


def tuned_baseline(feeds: Sequence[Labelled]) -> dict[str, Any]:
    """The TF-IDF baseline at the one threshold that is best for these feeds, in hindsight."""
    similar = [tfidf_similarity([a.text for a in f.articles]) for f in feeds]
    best: dict[str, Any] | None = None
    for threshold in BASELINE_THRESHOLDS:
        result = scores(feeds, [baseline(s, threshold) for s in similar])
        if best is None or result["f1"] > best["f1"]:
            best = {**result, "threshold": threshold}
    assert best is not None
    return best


def measure_quality(summarizer: Any, data_dir: Path) -> dict[str, Any]:
    wcl, mn = newswcl(data_dir), multinews(data_dir)
    rows: dict[str, list[Labelled]] = {
        "mixed": [mixed(wcl, mn)],  # first: it embeds every article once, the rest hit the cache
        "newswcl50": [wcl],
        "multinews": [mn],
        "similar pairs (Multi-News)": similar_pairs(mn),
        "similar pairs (NewsWCL50)": similar_pairs(wcl),
    }
    out: dict[str, Any] = {}
    for name, feeds in rows.items():
        started = time.perf_counter()
        predictions = [ours(f, lambda a: summarizer.grouper.group(a, summarizer.embedder.encode)) for f in feeds]
        seconds = time.perf_counter() - started
        out[name] = {
            "feeds": len(feeds),
            "articles": sum(len(f.articles) for f in feeds),
            "events": sum(len(set(f.labels)) for f in feeds),
            "ours": scores(feeds, predictions),
            "tfidf_tuned": tuned_baseline(feeds),
            "ours_seconds": round(seconds, 1),
        }
        print(f"{name}: ours {out[name]['ours']} baseline {out[name]['tfidf_tuned']}", file=sys.stderr, flush=True)
    return out


# --- scale ---------------------------------------------------------------------------------


def dev_articles(data_dir: Path) -> list[Any]:
    """Every distinct development article: Timeline17, Multi-News (placeholders out), NewsWCL50."""
    from summarizer import Article

    articles = list(newswcl(data_dir).articles) + list(multinews(data_dir).articles)
    for path in sorted((data_dir / "t17_dev").glob("*.articles.jsonl")):
        for line in path.open(encoding="utf-8"):
            if line.strip():
                row = json.loads(line)
                articles.append(
                    Article(id=f"{path.stem}-{row['id']}", text=row["text"], published=row.get("published"))
                )
    return articles


def scale_point(size: int, data_dir: Path) -> dict[str, Any]:
    """Group ``size`` articles in this process; repeats of the dev articles under new ids past their number."""
    from dataclasses import replace

    from summarizer import Summarizer

    distinct = dev_articles(data_dir)
    articles = [
        replace(distinct[i % len(distinct)], id=f"{distinct[i % len(distinct)].id}~{i // len(distinct)}")
        for i in range(size)
    ]
    summarizer = Summarizer(device="cpu")
    summarizer.load()
    before_mb = peak_rss_mb()
    cpu, wall = cpu_seconds(), time.perf_counter()
    stories = summarizer.grouper.group(articles, summarizer.embedder.encode)
    return {
        "articles": size,
        "distinct_articles": min(size, len(distinct)),
        "stories": len(stories),
        "seconds": round(time.perf_counter() - wall, 1),
        "cpu_seconds": round(cpu_seconds() - cpu, 1),
        "peak_rss_mb_before": before_mb,
        "peak_rss_mb": peak_rss_mb(),
    }


def measure_scale(sizes: Sequence[int], data_dir: Path) -> list[dict[str, Any]]:
    points = []
    for size in sizes:
        command = [sys.executable, "-m", "benchmarks.stories", "--scale-point", str(size), "--data-dir", str(data_dir)]
        done = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, check=True)
        points.append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(f"scale: {points[-1]}", file=sys.stderr, flush=True)
    return points


# --- batch ---------------------------------------------------------------------------------


def batch_input(path: Path, data_dir: Path, count: int) -> int:
    """``count`` Multi-News dev clusters as batch story lines; returns the number written."""
    clusters = [json.loads(line) for line in (data_dir / "multinews_dev.jsonl").open(encoding="utf-8") if line.strip()]
    with path.open("w", encoding="utf-8") as handle:
        for cluster in clusters[:count]:
            articles = [{"id": str(n), "text": text} for n, text in enumerate(cluster["documents"], start=1)]
            handle.write(json.dumps({"id": cluster["id"], "articles": articles}) + "\n")
    return min(count, len(clusters))


def measure_batch(count: int, data_dir: Path, *, workers: int, with_ray: bool) -> dict[str, Any]:
    from functools import partial

    from summarizer import Summarizer
    from summarizer.batch import ray_available, run_batch

    factory = partial(Summarizer, device="cpu")
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.jsonl"
        stories = batch_input(source, data_dir, count)
        runs = {"in-process": {}}
        if with_ray and ray_available():
            runs[f"local Ray, {workers} workers"] = {"use_ray": True, "workers": workers}
        for name, options in runs.items():
            report = run_batch(source, Path(folder) / f"{len(out)}.jsonl", make_summarizer=factory, **options)
            out[name] = {
                "stories": stories,
                "errors": report.errors,
                "seconds": round(report.seconds, 1),
                "stories_per_minute": round(report.stories_per_minute, 1),
            }
            print(f"batch {name}: {out[name]}", file=sys.stderr, flush=True)
    return out


# --- report --------------------------------------------------------------------------------


def render(results: dict[str, Any], meta: dict[str, Any]) -> str:
    lines = ["# Story grouping", "", machine_line(meta), ""]
    quality = results.get("quality")
    if quality:
        rows = []
        for name, row in quality.items():
            o, b = row["ours"], row["tfidf_tuned"]
            rows.append(
                [
                    name,
                    f"{row['events']} / {row['articles']}",
                    f"**{o['f1']:.3f}**",
                    f"{o['precision']:.3f} / {o['recall']:.3f}",
                    f"{o['ari']:.3f}",
                    f"{b['f1']:.3f}",
                    f"{b['precision']:.3f} / {b['recall']:.3f}",
                    f"{b['ari']:.3f}",
                    f"{b['threshold']:.3f}",
                ]
            )
        header = ["feed", "events / articles", "B³ F1 (ours)", "B³ P / R", "ARI", "B³ F1 (TF-IDF)", "B³ P / R", "ARI"]
        lines += [markdown_table([*header, "its threshold"], rows), ""]
        lines += [
            "Ours runs with its one default setting on every row; the TF-IDF + average-linkage baseline is given "
            "the best distance threshold in hindsight for each row. Pair rows average over the pair feeds.",
            "",
        ]
    scale = results.get("scale")
    if scale:
        rows = [
            [
                p["articles"],
                p["distinct_articles"],
                p["stories"],
                f"{p['seconds']:.1f}",
                f"{p['cpu_seconds']:.1f}",
                f"{p['peak_rss_mb_before']:.0f} → {p['peak_rss_mb']:.0f}",
            ]
            for p in scale
        ]
        header = ["articles", "distinct", "stories", "seconds", "CPU s", "peak MB (model loaded → after)"]
        lines += [markdown_table(header, rows), ""]
        lines += [
            "Past the dev set's distinct articles, articles repeat under new ids: a repeat's sentences are "
            "embedded once (identical texts are encoded once), so embedding time stops growing there while "
            "term vectors, similarities and clustering run on every article. Each size runs in a fresh process.",
            "",
        ]
    batch = results.get("batch")
    if batch:
        rows = [[name, r["stories"], r["errors"], f"{r['seconds']:.1f}", f"{r['stories_per_minute']:.1f}"]
                for name, r in batch.items()]  # fmt: skip
        lines += [markdown_table(["batch runner", "stories", "errors", "seconds", "stories/min"], rows), ""]
        lines += ["Each run includes starting (Ray, and loading the model in every worker).", ""]
    lines += ["Timings are indicative: the machine is shared with other work (load average above).", ""]
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR, help="the development data (../shared/data)")
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="feed sizes to time")
    parser.add_argument("--batch-stories", type=int, default=DEFAULT_BATCH_STORIES, help="stories in the batch run")
    parser.add_argument("--workers", type=int, default=2, help="Ray workers for the batch run")
    parser.add_argument("--skip-quality", action="store_true")
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument("--skip-batch", action="store_true")
    parser.add_argument("--skip-ray", action="store_true", help="batch in-process only")
    parser.add_argument("--scale-point", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, default=RESULTS_DIR / "stories", help="results stem (.json, .md)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.scale_point is not None:
        print(json.dumps(scale_point(args.scale_point, args.data_dir)))
        return 0
    if not args.data_dir.is_dir():
        print(f"error: no development data at {args.data_dir}: pass --data-dir", file=sys.stderr)
        return 2
    load_at_start = load_average()
    results: dict[str, Any] = {}

    def save() -> str:  # after every section: a long run that is stopped keeps what it measured
        meta = machine_info(load_at_start=load_at_start)
        markdown = render(results, meta)
        write_results(args.out, {"meta": meta, "results": results}, markdown)
        return markdown

    if not args.skip_quality:
        from summarizer import Summarizer

        summarizer = Summarizer(device="cpu")
        summarizer.load()
        results["quality"] = measure_quality(summarizer, args.data_dir)
        save()
    if not args.skip_scale:
        results["scale"] = measure_scale([int(s) for s in args.sizes.split(",") if s], args.data_dir)
        save()
    if not args.skip_batch:
        results["batch"] = measure_batch(
            args.batch_stories, args.data_dir, workers=args.workers, with_ray=not args.skip_ray
        )
    print(save())
    return 0


if __name__ == "__main__":
    sys.exit(main())
