"""Records that flow between the pipeline stages.

Article -> Sentence -> Cluster -> Point (with Citation) -> Digest.

All are frozen and slotted: a stage never edits what an earlier stage made.
Attribution travels as article id plus character offsets into ``Article.text``;
``article.text[c.start:c.end] == c.text`` holds for every citation and claim.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from summarizer.words import count_words


@dataclass(frozen=True, slots=True)
class Article:
    """One news article; citation offsets index ``text``.

    ``derived_from`` says how ``text`` was made when it is not the caller's own
    text: ``"html"`` (the main text extracted from a page), ``"url"`` (a page
    fetched, then extracted) or the legacy encoding a file was decoded from
    (``"cp1252"``). The digest JSON then carries the text (``articles[].text``),
    since the caller has no other copy of what the offsets index.
    """

    id: str
    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None
    derived_from: str | None = None


@dataclass(frozen=True, slots=True)
class Sentence:
    """A content sentence: ``text == article.text[start:end]``.

    ``position`` is the sentence's rank among the article's content sentences
    (0 = lead); ``article_index`` is the article's place in the input.
    """

    article_id: str
    article_index: int
    start: int
    end: int
    text: str
    position: int

    @property
    def words(self) -> int:
        """Words for the budget; Chinese, Japanese and Thai, written without spaces, counted by letters."""
        return count_words(self.text)


@dataclass(frozen=True, slots=True)
class Cluster:
    """Sentences from one or more articles that say the same thing.

    ``members`` and ``representative`` are indices into the run's sentence list.
    ``support`` is the number of independent reports among the members (copies count once).
    """

    members: tuple[int, ...]
    representative: int
    support: int
    score: float


@dataclass(frozen=True, slots=True)
class Citation:
    """One article's sentence for a point. ``copy_of`` names the cited article whose report this
    one copies (syndicated or lifted text): it is cited, but it is not an independent source."""

    article_id: str
    start: int
    end: int
    text: str
    copy_of: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "copy_of": self.copy_of,
        }


@dataclass(frozen=True, slots=True)
class Point:
    """One digest line and the articles that carry it, one citation per article.

    ``disputed`` holds the indices into ``Digest.conflicts`` of disagreements
    that involve a cited sentence: the sources behind this line differ on a figure.
    """

    text: str
    citations: tuple[Citation, ...]
    disputed: tuple[int, ...] = ()

    @property
    def support(self) -> int:
        """Independent reports that carry the point: cited articles that are not copies."""
        return len({c.article_id for c in self.citations if c.copy_of is None})

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "support": self.support,
            "citations": [c.to_dict() for c in self.citations],
            "disputed": list(self.disputed),
        }


@dataclass(frozen=True, slots=True)
class Claim:
    """One source's value for a disputed quantity, with the sentence stating it."""

    article_id: str
    value: str
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "value": self.value,
            "start": self.start,
            "end": self.end,
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class Conflict:
    """Sources that give incompatible values for the same quantity."""

    about: str
    claims: tuple[Claim, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"about": self.about, "claims": [c.to_dict() for c in self.claims]}


@dataclass(frozen=True, slots=True)
class ArticleReport:
    """What the pipeline made of one input article.

    ``text`` is the article's text, the one citation offsets index, when the
    JSON carries it (derived text, or asked for); ``None`` leaves it out.
    ``language`` is a BCP 47 tag ("en", "de", or "und-Arab" when only the script is
    sure); ``skipped_reason`` says why an article with no sentence in the digest
    was left out (None when it took part).
    """

    id: str
    title: str | None
    sentences: int
    duplicates_removed: int
    boilerplate_removed: int = 0
    text: str | None = None
    language: str | None = None
    skipped_reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "sentences": self.sentences,
            "duplicates_removed": self.duplicates_removed,
            "boilerplate_removed": self.boilerplate_removed,
            "language": self.language,
            "skipped_reason": self.skipped_reason,
        }
        if self.text is not None:
            data["text"] = self.text
        return data


@dataclass(frozen=True, slots=True)
class Digest:
    """The result of a run; ``to_dict()`` is the contract's JSON."""

    points: tuple[Point, ...]
    conflicts: tuple[Conflict, ...]
    articles: tuple[ArticleReport, ...]
    meta: dict[str, Any] = field(default_factory=dict)

    def with_article_texts(self, articles: Iterable[Article]) -> Digest:
        """This digest with each of ``articles`` carrying its text in the report (``articles[].text``)."""
        texts = {article.id: article.text for article in articles}
        reports = tuple(
            replace(report, text=texts[report.id]) if report.id in texts else report for report in self.articles
        )
        return replace(self, articles=reports)

    def to_dict(self) -> dict[str, Any]:
        return {
            "points": [p.to_dict() for p in self.points],
            "conflicts": [c.to_dict() for c in self.conflicts],
            "articles": [a.to_dict() for a in self.articles],
            "meta": self.meta,
        }


@dataclass(frozen=True, slots=True)
class Story:
    """Articles of a mixed feed that report the same event, and (once digested) their digest.

    ``articles`` holds article ids in input order; ``sources`` counts the independent
    sources among them (outlets, copies of one report folded into one): stories are
    ordered by it. ``digest`` is None until the story is digested on its own.
    """

    id: str
    title: str
    articles: tuple[str, ...]
    sources: int
    digest: Digest | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "articles": list(self.articles),
            "sources": self.sources,
            "digest": self.digest.to_dict() if self.digest is not None else None,
        }


@dataclass(frozen=True, slots=True)
class Stories:
    """A mixed feed as stories, most independent sources first; ``to_dict()`` is the contract's JSON."""

    stories: tuple[Story, ...]
    meta: dict[str, Any] = field(default_factory=dict)

    def with_article_texts(self, articles: Iterable[Article]) -> Stories:
        """These stories with each digest's reports carrying the texts of ``articles`` (``articles[].text``)."""
        given = list(articles)
        return replace(
            self,
            stories=tuple(
                replace(s, digest=s.digest.with_article_texts(given)) if s.digest is not None else s
                for s in self.stories
            ),
        )

    def to_dict(self) -> dict[str, Any]:
        return {"stories": [s.to_dict() for s in self.stories], "meta": self.meta}
