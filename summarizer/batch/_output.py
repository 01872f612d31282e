"""The output file: one JSON line per story, appended and flushed as each story ends.

Re-running with the same file resumes: ids that already have a digest line are skipped.
Error lines, and a last line cut short by a killed run, are dropped from the file first
(so the retried stories do not appear twice); the rest is kept byte for byte.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from types import TracebackType
from typing import IO, Any

log = logging.getLogger(__name__)


def _done_id(raw: str) -> str | None:
    try:
        line = json.loads(raw)
    except json.JSONDecodeError:
        return None
    if isinstance(line, dict) and isinstance(line.get("id"), str) and isinstance(line.get("digest"), dict):
        return str(line["id"])
    return None


class Output:
    """Appends output lines to ``path``; ``done`` holds the ids already digested there."""

    def __init__(self, path: Path):
        self.path = path
        self.done: set[str] = set()
        self.written = 0
        self._handle: IO[str] | None = None
        if path.exists():
            self._resume()

    def _resume(self) -> None:
        dropped = 0
        kept = self.path.with_name(self.path.name + ".resume")
        with self.path.open(encoding="utf-8") as old, kept.open("w", encoding="utf-8") as new:
            for raw in old:
                story_id = _done_id(raw) if raw.endswith("\n") else None
                if story_id is None or story_id in self.done:
                    dropped += bool(raw.strip())
                    continue
                self.done.add(story_id)
                new.write(raw)
        if dropped:
            os.replace(kept, self.path)
            log.info("resume    %s: %d lines dropped (errors, cut short or repeated): retried", self.path, dropped)
        else:
            kept.unlink()
        log.info("resume    %d stories already done in %s: skipped", len(self.done), self.path)

    def __enter__(self) -> Output:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._handle = self.path.open("a", encoding="utf-8")
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def write(self, line: dict[str, Any]) -> None:
        assert self._handle is not None, "use Output as a context manager"
        self._handle.write(json.dumps(line, ensure_ascii=False) + "\n")
        self._handle.flush()
        self.written += 1
        if "digest" in line:
            self.done.add(str(line["id"]))
