"""Real articles nobody here wrote (tests/fixtures/segment, sources and licences in SOURCE.md)."""

from __future__ import annotations

from pathlib import Path

from summarizer.types import Article

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "segment"


def fixture_text(name: str) -> str:
    """A fixture's text exactly as stored (UTF-8, line ends untranslated)."""
    with open(FIXTURES / name, encoding="utf-8", newline="") as handle:
        return handle.read()


def fixture_article(name: str) -> Article:
    return Article(id=Path(name).stem, text=fixture_text(name))


def fixture_articles() -> list[Article]:
    return [fixture_article(path.name) for path in sorted(FIXTURES.glob("*.txt"))]
