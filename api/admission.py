"""Admission control: a bound on digests in flight and a short queue in front of it.

A digest is CPU-bound. ``Admission.run()`` lets at most ``max_in_flight``
digests run; up to ``max_queue`` more wait, each for at most
``queue_timeout_s``. Past that the request is refused at once with
``Overloaded`` (the service answers 503 with Retry-After), so that a burst
sheds load instead of piling up threads, memory and latency.

A waiting digest leaves the queue as soon as its client has hung up
(``Abandoned``: nothing is computed for nobody) or the service begins to shut
down (``drain()``: ``ShuttingDown``, answered at once instead of at the end of
the grace period).

Admitted digests run on ``max_in_flight`` long-lived threads of their own,
not on whichever pool thread took the request: the model's memory then stays
with a fixed set of threads (glibc keeps a malloc arena per thread) instead of
spreading over the whole pool.
"""

from __future__ import annotations

import contextvars
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

from prometheus_client import Gauge

T = TypeVar("T")

# How often a waiting digest looks whether its client left or the service is stopping.
WAIT_POLL_S = 0.05


class Overloaded(Exception):
    """No slot is free and the queue is full, or the wait for a slot timed out."""


class ShuttingDown(Overloaded):
    """The service is stopping: digests not yet started are refused."""


class Abandoned(Exception):
    """The client hung up before its digest started; it was dropped, not computed."""


def _never() -> bool:
    return False


class Run:
    """One admitted digest; ``shared`` turns true when another digest ran at the same time."""

    __slots__ = ("shared",)

    def __init__(self) -> None:
        self.shared = False


@dataclass(frozen=True, slots=True)
class AdmissionGauges:
    """Where admission reports how many digests run and wait."""

    in_flight: Gauge
    queued: Gauge


class Admission:
    """Semaphore-style admission, safe to use from many threads."""

    def __init__(
        self,
        *,
        max_in_flight: int,
        max_queue: int,
        queue_timeout_s: float,
        gauges: AdmissionGauges | None = None,
    ) -> None:
        if max_in_flight < 1 or max_queue < 0 or queue_timeout_s <= 0:
            raise ValueError("need max_in_flight >= 1, max_queue >= 0 and queue_timeout_s > 0")
        self.max_in_flight = max_in_flight
        self.max_queue = max_queue
        self.queue_timeout_s = queue_timeout_s
        self._admitted = threading.BoundedSemaphore(max_in_flight + max_queue)
        self._running = threading.BoundedSemaphore(max_in_flight)
        self._gauges = gauges
        self._workers: ThreadPoolExecutor | None = None
        self._workers_lock = threading.Lock()
        self._draining = threading.Event()
        self._runs: set[Run] = set()
        self._runs_lock = threading.Lock()

    @property
    def capacity(self) -> int:
        """Requests held at once, running or waiting."""
        return self.max_in_flight + self.max_queue

    @property
    def draining(self) -> bool:
        """True once ``drain()`` was called: nothing new starts."""
        return self._draining.is_set()

    def run(self, work: Callable[[], T], *, abandoned: Callable[[], bool] = _never, run: Run | None = None) -> T:
        """Run ``work`` on a digest thread once admitted.

        Raises ``Overloaded`` (``ShuttingDown`` while draining), ``Abandoned`` when
        ``abandoned()`` turned true before the work started, or what ``work`` raises.
        ``run`` records whether other digests ran alongside this one.
        """
        with self.slot(abandoned=abandoned), self._tracked(run or Run()):
            # The slot guarantees a free worker, so this never queues inside the executor; the
            # context (the request id for log lines) goes along to the worker thread.
            return self._executor().submit(contextvars.copy_context().run, work).result()

    def drain(self) -> None:
        """Refuse every digest that has not started yet, waiting ones included (for shutdown)."""
        self._draining.set()

    def close(self) -> None:
        """Stop the digest threads once the running digests are done (they restart on the next ``run``)."""
        with self._workers_lock:
            workers, self._workers = self._workers, None
        if workers is not None:
            workers.shutdown(wait=True)

    def _executor(self) -> ThreadPoolExecutor:
        with self._workers_lock:
            if self._workers is None:
                self._workers = ThreadPoolExecutor(max_workers=self.max_in_flight, thread_name_prefix="digest")
            return self._workers

    @contextmanager
    def slot(self, *, abandoned: Callable[[], bool] = _never) -> Iterator[None]:
        """Hold a slot for one digest; raises ``Overloaded`` instead of waiting without bound,
        ``ShuttingDown`` once draining and ``Abandoned`` when ``abandoned()`` turns true first."""
        if self.draining:
            raise ShuttingDown("the service is shutting down")
        if not self._admitted.acquire(blocking=False):
            raise Overloaded(f"{self.max_in_flight} digests running and {self.max_queue} waiting")
        try:
            with self._track("queued"):
                self._wait_for_slot(abandoned)
            try:
                if self.draining or abandoned():  # decided while the slot was being handed over
                    raise ShuttingDown("the service is shutting down") if self.draining else Abandoned()
                with self._track("in_flight"):
                    yield
            finally:
                self._running.release()
        finally:
            self._admitted.release()

    def _wait_for_slot(self, abandoned: Callable[[], bool]) -> None:
        deadline = time.monotonic() + self.queue_timeout_s
        while True:
            if self.draining:
                raise ShuttingDown("the service is shutting down")
            if abandoned():
                raise Abandoned()
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise Overloaded(f"no digest slot came free within {self.queue_timeout_s:g} s")
            if self._running.acquire(timeout=min(remaining, WAIT_POLL_S)):
                return

    @contextmanager
    def _tracked(self, run: Run) -> Iterator[None]:
        with self._runs_lock:
            if self._runs:
                run.shared = True
                for other in self._runs:
                    other.shared = True
            self._runs.add(run)
        try:
            yield
        finally:
            with self._runs_lock:
                self._runs.discard(run)

    @contextmanager
    def _track(self, which: str) -> Iterator[None]:
        if self._gauges is None:
            yield
            return
        with getattr(self._gauges, which).track_inprogress():
            yield
