"""Wire types of the HTTP service (pydantic); the library's records stay framework-free.

Requests are validated strictly: ids and texts must be JSON strings (a number
is not silently turned into one), blank texts and repeated ids are refused,
and unknown fields are named rather than ignored, so that a typo such as
``maxwords`` fails loudly. Limits that an operator sets (article count, text
length, ``max_words`` range) are checked after parsing, against the settings.
"""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictInt, StrictStr, field_validator

MAX_ID_CHARS = 200
MAX_META_CHARS = 2_000


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("is empty or only whitespace; send the article's text")
    return value


def _id_not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("is empty or only whitespace; give every article a distinct id")
    return value


MetaText = Annotated[StrictStr, Field(max_length=MAX_META_CHARS)]


class ArticleIn(BaseModel):
    """One article as a caller sends it; ``text`` is kept exactly as given (offsets refer to it)."""

    model_config = ConfigDict(extra="forbid")

    id: Annotated[StrictStr, Field(min_length=1, max_length=MAX_ID_CHARS), AfterValidator(_id_not_blank)]
    text: Annotated[StrictStr, Field(min_length=1), AfterValidator(_not_blank)]
    title: MetaText | None = None
    source: MetaText | None = None
    url: MetaText | None = None
    published: MetaText | None = Field(None, description="Publication time as given, e.g. ISO 8601.")


class DigestRequest(BaseModel):
    """Body of ``POST /v1/digest``."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "articles": [
                        {"id": "a", "text": "The council approved the budget on Monday. It passed 7 to 2."},
                        {"id": "b", "text": "On Monday the council passed the budget by 7 votes to 2."},
                    ],
                    "max_words": 60,
                }
            ]
        },
    )

    articles: list[ArticleIn] = Field(min_length=1, description="Articles about one event, ids unique.")
    max_words: StrictInt | None = Field(None, description="Word budget of the digest; the server default when unset.")

    @field_validator("articles")
    @classmethod
    def _unique_ids(cls, articles: list[ArticleIn]) -> list[ArticleIn]:
        repeated = [article_id for article_id, n in Counter(a.id for a in articles).items() if n > 1]
        if repeated:
            shown = ", ".join(repr(i) for i in repeated[:5])
            raise ValueError(f"article ids must be unique; repeated: {shown}. Rename or drop the repeats")
        return articles


class CitationOut(BaseModel):
    article_id: str
    start: int = Field(description="Offset into the article's text as sent: text == article.text[start:end].")
    end: int
    text: str


class PointOut(BaseModel):
    text: str
    support: int = Field(description="Number of distinct articles that carry the point.")
    citations: list[CitationOut]


class ClaimOut(BaseModel):
    article_id: str
    value: str
    start: int
    end: int
    text: str


class ConflictOut(BaseModel):
    about: str
    claims: list[ClaimOut]


class ArticleReportOut(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str
    title: str | None
    sentences: int
    duplicates_removed: int


class DigestResponse(BaseModel):
    """The contract's digest JSON, exactly ``Digest.to_dict()``."""

    points: list[PointOut]
    conflicts: list[ConflictOut]
    articles: list[ArticleReportOut]
    meta: dict[str, Any]


class FieldProblem(BaseModel):
    loc: str = Field(description="Where in the body, e.g. articles[2].text.")
    type: str
    msg: str


class Problem(BaseModel):
    """An RFC 9457 problem document, sent as ``application/problem+json``."""

    model_config = ConfigDict(extra="allow")

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    instance: str | None = None
    request_id: str | None = None
    errors: list[FieldProblem] | None = None


class Health(BaseModel):
    status: Literal["ok"] = "ok"


class Readiness(BaseModel):
    status: Literal["ready"] = "ready"
    model: str
    device: str
