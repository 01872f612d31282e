"""The Ray runner: one actor per worker holds a loaded model; the driver streams the jobs.

The driver reads the input line by line and keeps at most ``max_pending`` stories in flight
or waiting to be written, so memory stays flat however long the input; each idle actor gets
the next story (a slow story does not hold up the others), and lines are written in input
order. Locally Ray starts on this machine only (loopback, no dashboard, no usage stats);
``address`` joins an existing cluster instead, where every node needs this package installed
(``pip install 'summarizer[ray]'``). A worker that dies costs its story an error line, and Ray
restarts it.
"""

from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Callable, Iterable
from typing import Any

from summarizer.batch._jobs import Job, digest_line, error_line
from summarizer.errors import ConfigurationError, ModelUnavailableError

log = logging.getLogger(__name__)

DEFAULT_PENDING_PER_WORKER = 4
DEFAULT_START_TIMEOUT_S = 600
# Ray's own switch (meant for macOS and Windows) to keep a local Ray on 127.0.0.1.
LOCAL_ONLY_VARIABLE = "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"


def ray_available() -> bool:
    try:
        import ray  # noqa: F401
    except ImportError:
        return False
    return True


def _import_ray(*, local: bool) -> Any:
    # Before the first import: Ray reads these when it is imported.
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    if local:  # a one-machine Ray: its node address is the loopback one, not the machine's network address
        os.environ.setdefault(LOCAL_ONLY_VARIABLE, "0")
    try:
        import ray
    except ImportError as exc:
        raise ConfigurationError(
            "Ray is not installed: pip install 'summarizer[ray]', or run the batch in-process (drop --ray-address)."
        ) from exc
    return ray


class _Worker:
    """A Ray actor: builds and loads its summarizer once, then digests story after story."""

    def __init__(self, make_summarizer: Callable[[], Any], max_words: int):
        logging.getLogger("summarizer").setLevel(logging.WARNING)  # per-stage lines would flood the driver
        self.summarizer = make_summarizer()
        self.summarizer.load()
        self.max_words = max_words

    def ready(self) -> bool:
        return True

    def digest(self, job: Job) -> dict[str, Any]:
        return digest_line(self.summarizer, job, self.max_words)


def run_on_ray(
    jobs: Iterable[Job],
    write: Callable[[dict[str, Any]], None],
    *,
    make_summarizer: Callable[[], Any],
    max_words: int,
    address: str | None = None,
    workers: int | None = None,
    cpus_per_worker: float = 1.0,
    gpus_per_worker: float = 0.0,
    max_pending: int | None = None,
) -> int:
    """Digest ``jobs`` on Ray actors and ``write`` each line in input order; returns the worker count."""
    ray = _import_ray(local=not address)
    started_here = not ray.is_initialized()
    if started_here:
        _start(ray, address, workers, cpus_per_worker)
    try:
        count = workers or max(1, int(ray.cluster_resources().get("CPU", 1) // cpus_per_worker))
        actor = ray.remote(num_cpus=cpus_per_worker, num_gpus=gpus_per_worker, max_restarts=1)(_Worker)
        actors = [actor.remote(make_summarizer, max_words) for _ in range(count)]
        try:
            ray.get([a.ready.remote() for a in actors], timeout=DEFAULT_START_TIMEOUT_S)
        except ray.exceptions.GetTimeoutError as exc:  # the cluster cannot place them all
            cpus = ray.cluster_resources().get("CPU", 0)
            raise ConfigurationError(
                f"{count} Ray workers of {cpus_per_worker:g} CPU did not all start within {DEFAULT_START_TIMEOUT_S} s "
                f"on a cluster of {cpus:g} CPUs: ask for fewer --workers."
            ) from exc
        except ray.exceptions.RayError as exc:  # every story would fail alike: stop here
            raise ModelUnavailableError(f"The Ray workers could not load the model: {exc}") from exc
        log.info("ray       %d workers, each loading its own model", count)
        _stream(ray, jobs, write, actors, max_pending or DEFAULT_PENDING_PER_WORKER * count)
        return count
    finally:
        if started_here:
            ray.shutdown()


def _start(ray: Any, address: str | None, workers: int | None, cpus_per_worker: float) -> None:
    if address:
        ray.init(address=address, logging_level=logging.WARNING)
        return
    cpus = int(workers * cpus_per_worker) if workers else (os.cpu_count() or 1)
    ray.init(
        num_cpus=max(1, cpus),
        include_dashboard=False,
        logging_level=logging.WARNING,
    )


def _stream(
    ray: Any, jobs: Iterable[Job], write: Callable[[dict[str, Any]], None], actors: list[Any], limit: int
) -> None:
    idle = deque(actors)
    in_flight: dict[Any, tuple[int, Job, Any]] = {}
    finished: dict[int, dict[str, Any]] = {}  # lines done but waiting for an earlier one
    source = iter(jobs)
    exhausted = False
    submitted = written = 0
    while True:
        while idle and not exhausted and len(in_flight) + len(finished) < limit:
            job = next(source, None)
            if job is None:
                exhausted = True
                break
            if job.error is not None:
                finished[submitted] = digest_line(None, job, 0)
            else:
                worker = idle.popleft()
                in_flight[worker.digest.remote(job)] = (submitted, job, worker)
            submitted += 1
        while written in finished:
            write(finished.pop(written))
            written += 1
        if not in_flight:
            if exhausted:
                return
            continue
        ready, _ = ray.wait(list(in_flight), num_returns=1)
        for ref in ready:
            number, job, worker = in_flight.pop(ref)
            try:
                finished[number] = ray.get(ref)
            except ray.exceptions.RayError as exc:  # the worker died or could not start
                log.warning("story %s: worker failed: %s", job.id, exc)
                finished[number] = error_line(job.id, "WorkerError", f"the worker running this story failed: {exc}")
            idle.append(worker)
