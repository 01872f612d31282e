"""The in-process runner: one model in this process, stories one after the other."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from summarizer.batch._jobs import Job, digest_line


def run_in_process(
    jobs: Iterable[Job], write: Callable[[dict[str, Any]], None], *, summarizer: Any, max_words: int
) -> None:
    """Digest each job in turn and ``write`` its line, in input order."""
    for job in jobs:
        write(digest_line(summarizer, job, max_words))
