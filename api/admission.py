"""Admission control: a bound on digests in flight and a short queue in front of it.

A digest is CPU-bound. ``Admission.run()`` lets at most ``max_in_flight``
digests run; up to ``max_queue`` more wait, each for at most
``queue_timeout_s``. Past that the request is refused at once with
``Overloaded`` (the service answers 503 with Retry-After), so that a burst
sheds load instead of piling up threads, memory and latency.

Admitted digests run on ``max_in_flight`` long-lived threads of their own,
not on whichever pool thread took the request: the model's memory then stays
with a fixed set of threads (glibc keeps a malloc arena per thread) instead of
spreading over the whole pool.
"""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

from prometheus_client import Gauge

T = TypeVar("T")


class Overloaded(Exception):
    """No slot is free and the queue is full, or the wait for a slot timed out."""


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

    @property
    def capacity(self) -> int:
        """Requests held at once, running or waiting."""
        return self.max_in_flight + self.max_queue

    def run(self, work: Callable[[], T]) -> T:
        """Run ``work`` on a digest thread once admitted; raises ``Overloaded`` or what ``work`` raises."""
        with self.slot():
            # The slot guarantees a free worker, so this never queues inside the executor; the
            # context (the request id for log lines) goes along to the worker thread.
            return self._executor().submit(contextvars.copy_context().run, work).result()

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
    def slot(self) -> Iterator[None]:
        """Hold a slot for one digest; raises ``Overloaded`` instead of waiting without bound."""
        if not self._admitted.acquire(blocking=False):
            raise Overloaded(f"{self.max_in_flight} digests running and {self.max_queue} waiting")
        try:
            with self._track("queued"):
                got_slot = self._running.acquire(timeout=self.queue_timeout_s)
            if not got_slot:
                raise Overloaded(f"no digest slot came free within {self.queue_timeout_s:g} s")
            try:
                with self._track("in_flight"):
                    yield
            finally:
                self._running.release()
        finally:
            self._admitted.release()

    @contextmanager
    def _track(self, which: str) -> Iterator[None]:
        if self._gauges is None:
            yield
            return
        with getattr(self._gauges, which).track_inprogress():
            yield
