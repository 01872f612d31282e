"""The batch stage: many stories from a JSONL file to a JSONL file, in-process or on Ray.

    run_batch       IN.jsonl -> OUT.jsonl; resumes; Ray when asked for (or installed), else in-process
    BatchReport     what a run did: stories digested, errors, skipped as done, seconds, where it ran

Each input line is a story ``{"id", "articles": [...]}`` (``stories=True``: one article of a
mixed feed, grouped first); each output line is ``{"id", "digest": {...}}`` or ``{"id",
"error": {"type", "detail"}}``. Lines are read as a stream (``_jobs``), written and flushed as
each story ends, in input order (``_output``); re-running with the same output skips ids
already digested. ``_local`` digests in this process, ``_ray`` on Ray actors that each load
the model once; both write the same lines.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarizer.batch._grouped import grouped_jobs
from summarizer.batch._jobs import Job, count_lines, digest_line, error_line, story_jobs, story_key
from summarizer.batch._local import run_in_process
from summarizer.batch._output import Output
from summarizer.batch._progress import Progress
from summarizer.batch._ray import ray_available, run_on_ray
from summarizer.extract import DEFAULT_MAX_WORDS

__all__ = [
    "BatchReport",
    "Job",
    "digest_line",
    "error_line",
    "ray_available",
    "run_batch",
    "story_key",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class BatchReport:
    """What one run did. ``skipped`` stories were already done in the output file."""

    digested: int
    errors: int
    skipped: int
    seconds: float
    runner: str  # "in-process" or "ray (N workers)"

    @property
    def stories_per_minute(self) -> float:
        return 60.0 * (self.digested + self.errors) / self.seconds if self.seconds > 0 else 0.0


def run_batch(
    source: Path,
    out: Path,
    *,
    make_summarizer: Callable[[], Any],
    max_words: int = DEFAULT_MAX_WORDS,
    stories: bool = False,
    use_ray: bool = False,
    ray_address: str | None = None,
    workers: int | None = None,
    gpus_per_worker: float = 0.0,
) -> BatchReport:
    """Digest every story of ``source`` into ``out`` and say what was done.

    ``make_summarizer`` builds a Summarizer (called once in this process for the in-process
    runner and for ``stories`` grouping, once per worker on Ray; it must pickle for Ray, e.g.
    ``functools.partial(Summarizer, model=...)``). ``use_ray`` starts a local Ray on this
    machine, ``ray_address`` joins a cluster. Raises ModelUnavailableError, NoArticlesError
    (``stories`` with no readable article) or ConfigurationError (Ray asked for, not installed).
    """
    started = time.perf_counter()
    driver = None
    with Output(out) as output:
        done_before = set(output.done)
        skipped = 0

        def fresh(candidates: Any) -> Any:
            nonlocal skipped
            for job in candidates:
                if job.id in done_before:
                    skipped += 1
                    continue
                yield job

        if stories:
            driver = make_summarizer()
            grouped, errors = grouped_jobs(source, driver)
            jobs: Any = [*errors, *fresh(grouped)]
            total: int | None = len(jobs)
        else:
            jobs = fresh(story_jobs(source))
            total = max(0, count_lines(source) - len(done_before))
        progress = Progress(total)

        def write(line: dict[str, Any]) -> None:
            output.write(line)
            progress.step(line)

        if use_ray or ray_address:
            count = run_on_ray(
                jobs,
                write,
                make_summarizer=make_summarizer,
                max_words=max_words,
                address=ray_address,
                workers=workers,
                gpus_per_worker=gpus_per_worker,
            )
            runner = f"ray ({count} workers)"
        else:
            summarizer = driver or make_summarizer()
            run_in_process(jobs, write, summarizer=summarizer, max_words=max_words)
            runner = "in-process"
        progress.report()
    digested = progress.done - progress.errors
    report = BatchReport(digested, progress.errors, skipped, time.perf_counter() - started, runner)
    log.info(
        "batch     %d digested, %d errors, %d already done, %.0f s (%s) -> %s",
        report.digested,
        report.errors,
        report.skipped,
        report.seconds,
        runner,
        out,
    )
    return report
