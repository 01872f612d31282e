"""Wire types of the HTTP service (pydantic); the library's records stay framework-free.

Requests are validated strictly: ids and texts must be JSON strings (a number
is not silently turned into one), blank texts and repeated ids are refused,
and unknown top-level fields are named rather than ignored, so that a typo such
as ``maxwords`` fails loudly. Articles are read liberally: they come from CMSs
and crawlers with fields of their own, so unknown article fields are ignored and
the names other tools use for ours are read (trafilatura ``--json`` output is a
valid article). Limits that an operator sets (article count, text length,
``max_words`` range) are checked after parsing, against the settings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from summarizer.ingest import canonical_fields

MAX_ID_CHARS = 200
MAX_META_CHARS = 2_000


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("is empty or only whitespace; send the article's text")
    return value


def _html_not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("is empty or only whitespace; send the article's web page")
    return value


def _id_not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("is empty or only whitespace; give every article a distinct id")
    return value


MetaText = Annotated[StrictStr, Field(max_length=MAX_META_CHARS)]


class ArticleIn(BaseModel):
    """One article as a caller sends it: its ``text`` (kept exactly as given: offsets index it), or its page
    as ``html``, or only a ``url`` to fetch (when the server allows it). ``text`` wins over ``html``, and
    ``html`` over fetching ``url``; with either, ``url`` is just the article's address.

    Unknown fields are ignored. Fields other tools write are read under their names (first match wins):
    text: raw_text, maintext, body, content, article; html: raw_html; title: headline; url: link,
    canonical_url, or a ``source`` that is a URL (trafilatura); source: sitename, site_name,
    source-hostname, source_domain, hostname, publisher; published: date, date_publish, publish_date,
    pubDate, published_at, datePublished.
    """

    model_config = ConfigDict(extra="ignore")

    id: Annotated[StrictStr, Field(min_length=1, max_length=MAX_ID_CHARS), AfterValidator(_id_not_blank)] | None = (
        Field(None, description='Distinct id; when absent or null, the article\'s place in the list: "1", "2", ...')
    )
    html: Annotated[StrictStr, AfterValidator(_html_not_blank)] | None = Field(
        None, description="The article's web page; its main text is extracted, and the answer carries that text."
    )
    url: MetaText | None = Field(None, description="The article's address; fetched only when no text or html is sent.")
    title: MetaText | None = None
    source: MetaText | None = None
    published: MetaText | None = Field(None, description="Publication time as given, e.g. ISO 8601.")
    # Declared last: its check needs to know whether html or url came instead.
    text: Annotated[StrictStr, AfterValidator(_not_blank)] | None = Field(
        None, validate_default=True, description="The article's text, exactly as offsets will index it."
    )

    @model_validator(mode="before")
    @classmethod
    def _read_other_tools_names(cls, data: Any) -> Any:
        return canonical_fields(data, keep_blank=True) if isinstance(data, Mapping) else data

    @field_validator("text")
    @classmethod
    def _text_html_or_url(cls, text: str | None, info: ValidationInfo) -> str | None:
        if text is None and info.data.get("html") is None and info.data.get("url") is None:
            raise PydanticCustomError(
                "missing", "Field required: send the article's text (or its html, or a url to fetch)"
            )
        return text


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
    include_text: StrictBool = Field(
        False,
        description="Carry every article's text in the answer (articles[].text), the text offsets index; "
        "always carried for articles sent as html or url.",
    )

    @field_validator("articles")
    @classmethod
    def _unique_ids(cls, articles: list[ArticleIn]) -> list[ArticleIn]:
        for place, article in enumerate(articles, start=1):
            if article.id is None:
                article.id = str(place)
        repeated = [article_id for article_id, n in Counter(a.id for a in articles).items() if n > 1]
        if repeated:
            shown = ", ".join(repr(i) for i in repeated[:5])
            raise ValueError(f"article ids must be unique; repeated: {shown}. Rename or drop the repeats")
        return articles


class WireModel(BaseModel):
    """Base of the response models: one field for each key ``Digest.to_dict()`` writes, no more, no less.

    ``extra="forbid"`` makes a key that the library adds without the schema fail
    the route's response validation (and the contract test) instead of passing
    unseen; every field without a default is required, so a key the library
    drops fails as well.
    """

    model_config = ConfigDict(extra="forbid")


class CitationOut(WireModel):
    article_id: str
    start: int = Field(description="Offset into the article's text as sent: text == article.text[start:end].")
    end: int
    text: str
    copy_of: str | None = Field(
        description="Id of the cited article whose report this one copies (syndicated text): cited, not counted."
    )


class PointOut(WireModel):
    text: str
    support: int = Field(description="Independent reports that carry the point: cited articles, copies not counted.")
    citations: list[CitationOut]
    disputed: list[int] = Field(
        description="Indices into conflicts of disagreements that involve a cited sentence (empty when none)."
    )


class ClaimOut(WireModel):
    article_id: str
    value: str
    start: int
    end: int
    text: str


class ConflictOut(WireModel):
    about: str
    claims: list[ClaimOut]


class ArticleReportOut(WireModel):
    id: str
    title: str | None
    sentences: int = Field(description="Content sentences kept.")
    duplicates_removed: int = Field(description="Sentences dropped as repeats inside the article.")
    boilerplate_removed: int = Field(description="Lines and sentences dropped as boilerplate (datelines, links ...).")
    language: str | None = Field(description='BCP 47 tag of the article\'s language ("en", "de", "und-Arab").')
    skipped_reason: str | None = Field(
        description="Why the article was left out of the digest (null when it took part)."
    )
    text: str | None = Field(
        None,
        description="The article's text, the one offsets index: present when it was derived (sent as html or url) "
        "or include_text was asked for.",
    )


class MetaOut(WireModel):
    model: str
    device: str
    rewrite_model: str | None
    max_words: int
    timings_ms: dict[str, float] = Field(description="Milliseconds per stage, and the total.")


class DigestResponse(WireModel):
    """The contract's digest JSON, exactly ``Digest.to_dict()``."""

    points: list[PointOut]
    conflicts: list[ConflictOut]
    articles: list[ArticleReportOut]
    meta: MetaOut


class StoryOut(WireModel):
    """One story of a mixed feed: the articles that report one event, and their own digest."""

    id: str = Field(description="s1, s2, ... in the order of the stories.")
    title: str = Field(description="The title of the story's most central article, else its first sentence.")
    articles: list[str] = Field(description="Ids of the story's articles, in request order.")
    sources: int = Field(description="Independent sources: outlets, with copies of one report counted once.")
    digest: DigestResponse = Field(description="The story's digest: conflicts are only ever found within one story.")


class StoriesMetaOut(WireModel):
    articles: int = Field(description="Articles grouped (every one is in exactly one story).")
    stories: int
    model: str
    device: str
    max_words: int = Field(description="Word budget of each story's digest.")
    timings_ms: dict[str, float] = Field(description="Milliseconds to group, to digest the stories, and the total.")
    skipped: list[ArticleReportOut] = Field(
        description="Articles left out before grouping (html or url that gave no text), each with its skipped_reason."
    )


class StoriesResponse(WireModel):
    """The contract's stories JSON: ``Stories.to_dict()``, most independent sources first."""

    stories: list[StoryOut]
    meta: StoriesMetaOut


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
