"""Progress of a batch on stderr (the "summarizer" logger): a line every few seconds and at the end."""

from __future__ import annotations

import logging
import time
from typing import Any

log = logging.getLogger(__name__)

DEFAULT_EVERY_S = 10.0


class Progress:
    """Counts finished stories and logs how far the batch is and how fast it goes."""

    def __init__(self, total: int | None, *, every_s: float = DEFAULT_EVERY_S):
        self.total = total
        self.every_s = every_s
        self.done = 0
        self.errors = 0
        self.started = time.perf_counter()
        self._last = self.started

    def step(self, line: dict[str, Any]) -> None:
        self.done += 1
        self.errors += "error" in line
        now = time.perf_counter()
        if now - self._last >= self.every_s:
            self._last = now
            self.report()

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.started

    @property
    def per_minute(self) -> float:
        return 60.0 * self.done / self.seconds if self.seconds > 0 else 0.0

    def report(self) -> None:
        of = f"/{self.total}" if self.total is not None else ""
        log.info(
            "batch     %d%s stories (%d errors) in %.0f s, %.1f stories/min",
            self.done,
            of,
            self.errors,
            self.seconds,
            self.per_minute,
        )
