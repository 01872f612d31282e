"""The real pages under tests/fixtures/pages and what people who read them expect of an extraction."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

PAGES_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "pages"
EXPECTED: dict[str, dict[str, Any]] = json.loads((PAGES_DIR / "expected.json").read_text(encoding="utf-8"))


def page_bytes(name: str) -> bytes:
    return gzip.decompress((PAGES_DIR / name).read_bytes())
