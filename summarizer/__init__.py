"""summarizer: multi-document news digests with exact, per-source citations.

    from summarizer import Article, summarize
    digest = summarize([Article(id="a", text="..."), ...], max_words=120)
"""

from summarizer.errors import (
    InputError,
    ModelUnavailableError,
    NoArticlesError,
    NoContentError,
    SummarizerError,
)
from summarizer.pipeline import Summarizer, summarize
from summarizer.types import Article, ArticleReport, Citation, Claim, Conflict, Digest, Point, Sentence

__all__ = [
    "Article",
    "ArticleReport",
    "Citation",
    "Claim",
    "Conflict",
    "Digest",
    "InputError",
    "ModelUnavailableError",
    "NoArticlesError",
    "NoContentError",
    "Point",
    "Sentence",
    "Summarizer",
    "SummarizerError",
    "summarize",
]
