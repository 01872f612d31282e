"""The public surface is pinned: a rename or a new export is a deliberate change to this list."""

from __future__ import annotations

import re
from pathlib import Path

import summarizer

PUBLIC = {
    "Article",
    "ArticleReport",
    "BudgetExceededError",
    "Citation",
    "Claim",
    "ConfigurationError",
    "Conflict",
    "Digest",
    "InputError",
    "ModelUnavailableError",
    "NoArticlesError",
    "NoContentError",
    "Point",
    "Sentence",
    "Stories",
    "Story",
    "Summarizer",
    "SummarizerError",
    "__version__",
    "group_stories",
    "summarize",
}


def test_all_is_the_pinned_surface():
    assert set(summarizer.__all__) == PUBLIC
    assert len(summarizer.__all__) == len(PUBLIC), "a name is listed twice in __all__"


def test_every_public_name_is_exported_and_nothing_else_leaks():
    exported = {name for name in vars(summarizer) if not name.startswith("_")}
    modules = {name for name, value in vars(summarizer).items() if type(value).__name__ == "module"}
    assert exported - modules == PUBLIC - {"__version__"}
    for name in summarizer.__all__:
        assert hasattr(summarizer, name), name


def test_version_is_the_installed_distributions():
    pyproject = (Path(__file__).resolve().parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    declared = re.search(r'^version = "([^"]+)"', pyproject, re.MULTILINE)
    assert declared and summarizer.__version__ == declared.group(1)


def test_the_package_ships_type_information():
    assert (Path(summarizer.__file__).parent / "py.typed").is_file()
