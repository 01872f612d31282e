"""Fixtures for the benchmark smoke tests: a tiny made-up cluster file and a script runner."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.benchmarks.tiny import CLUSTERS

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def tiny_data(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.jsonl"
    path.write_text("\n".join(json.dumps(c) for c in CLUSTERS) + "\n", encoding="utf-8")
    return path


@pytest.fixture()
def run_benchmark() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run ``python -m benchmarks.<name> ARGS`` from the repo root, as the README says."""

    def run(name: str, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", f"benchmarks.{name}", *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    return run
