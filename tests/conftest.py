"""Shared fixtures: the seed articles and one real Summarizer per test session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from summarizer import Article, Summarizer
from tests.page_server import PageServer

ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = ROOT / "examples" / "seeds"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS_DIR


@pytest.fixture(scope="session")
def seed_articles() -> list[Article]:
    """The five example articles, ids as the CLI gives them (file name without extension)."""
    return [Article(id=p.stem, text=p.read_text(encoding="utf-8")) for p in sorted(SEEDS_DIR.glob("*.txt"))]


@pytest.fixture(scope="session")
def real_summarizer() -> Summarizer:
    """The packaged embedding model, loaded once for the whole test session (offline)."""
    summarizer = Summarizer(device="cpu")
    summarizer.load()
    return summarizer


@pytest.fixture
def page_server() -> Iterator[PageServer]:
    """A loopback HTTP server serving the pages a test adds (``page_server.add(path, html)``)."""
    with PageServer() as server:
        yield server
