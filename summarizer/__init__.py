"""summarizer: multi-document news digests with exact, per-source citations.

from summarizer import Article, summarize
digest = summarize([Article(id="a", text="..."), ...], max_words=120)
"""

from importlib import metadata as _metadata

from summarizer.errors import (
    BudgetExceededError,
    ConfigurationError,
    InputError,
    ModelUnavailableError,
    NoArticlesError,
    NoContentError,
    SummarizerError,
)
from summarizer.pipeline import Summarizer, summarize
from summarizer.stories import group_stories
from summarizer.types import (
    Article,
    ArticleReport,
    Citation,
    Claim,
    Conflict,
    Digest,
    Point,
    Sentence,
    Stories,
    Story,
)

try:
    __version__ = _metadata.version("summarizer")
except _metadata.PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0.0.0"

__all__ = [
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
]
