"""Request articles -> library Articles: ``text`` as sent, ``html`` through the main-text extractor,
``url`` fetched when the operator allows it (SUMMARIZER_FETCH_URLS), and never from a private, loopback
or link-local address unless SUMMARIZER_FETCH_PRIVATE_URLS says so (every resolved address and every
redirect hop is checked).

An html or url article that yields no text, or whose page cannot be fetched, is left out and reported in
the answer's ``articles[]`` with its ``skipped_reason``; only when nothing is left is it a 422.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial

from api.problems import ProblemError
from api.schemas import ArticleIn, DigestRequest
from api.settings import Settings, env_name
from summarizer import Article, ArticleReport, Digest
from summarizer.errors import NoArticlesError, UnreadableInputError
from summarizer.ingest import FetchError, FetchPolicy, article_from_html, article_from_url, fetch_concurrently


@dataclass(frozen=True, slots=True)
class RequestArticles:
    """The articles to digest, and the ones left out (reports with a ``skipped_reason``), in request order."""

    articles: list[Article]
    skipped: list[ArticleReport]
    order: list[str]

    def complete(self, digest: Digest, *, include_text: bool) -> Digest:
        """``digest`` reporting every article sent, in request order, with texts when asked for."""
        # Derived text goes out whatever the summariser did: the caller has no other copy of it.
        digest = digest.with_article_texts(a for a in self.articles if include_text or a.derived_from)
        reports = {report.id: report for report in (*digest.articles, *self.skipped)}
        ordered = tuple(reports[article_id] for article_id in self.order if article_id in reports)
        return replace(digest, articles=ordered)


def request_articles(body: DigestRequest, settings: Settings) -> RequestArticles:
    """Library articles for ``body`` (fetching and extracting as needed); raises a 422 problem or NoArticlesError."""
    fetching = [index for index, article in enumerate(body.articles) if article.text is None and article.html is None]
    if fetching and not settings.fetch_urls:
        index = fetching[0]
        raise ProblemError(
            422,
            f"articles[{index}] has only a url, and this server does not fetch pages "
            f"({env_name('fetch_urls')} is off): send the article's text or html",
            kind="fetch-disabled",
            loc=f"articles[{index}]",
        )
    policy = FetchPolicy(
        timeout_s=settings.fetch_timeout_s,
        max_bytes=settings.fetch_max_bytes,
        allow_private=settings.fetch_private_urls,
    )
    calls = [partial(_to_article, article, policy) for article in body.articles]
    results = fetch_concurrently(calls, workers=8 if fetching else 1)
    articles: list[Article] = []
    skipped: list[ArticleReport] = []
    for index, (sent, result) in enumerate(zip(body.articles, results, strict=True)):
        article_id = sent.id or str(index + 1)
        if isinstance(result, UnreadableInputError):
            skipped.append(ArticleReport(article_id, sent.title, 0, 0, skipped_reason=_reason(sent, result)))
            continue
        _check_length(result, index, settings)
        articles.append(result)
    if not articles:
        reasons = "; ".join(f"{report.id!r}: {report.skipped_reason}" for report in skipped)
        raise NoArticlesError(f"No article could be used ({reasons}). Send the articles' text or html.")
    return RequestArticles(articles, skipped, [a.id or str(i + 1) for i, a in enumerate(body.articles)])


def _to_article(sent: ArticleIn, policy: FetchPolicy) -> Article:
    article_id, title, source, published = sent.id or "", sent.title, sent.source, sent.published
    if sent.text is not None:
        return Article(article_id, sent.text, title, source, sent.url, published)
    if sent.html is not None:
        return article_from_html(
            sent.html, id=article_id, title=title, source=source, url=sent.url, published=published
        )
    assert sent.url is not None  # the schema requires text, html or url
    return article_from_url(sent.url, policy=policy, id=article_id, title=title, source=source, published=published)


def _reason(sent: ArticleIn, error: UnreadableInputError) -> str:
    if isinstance(error, FetchError):
        reason = f"could not fetch {sent.url}: {error}"
        if error.kind == "address":
            reason += f" (set {env_name('fetch_private_urls')}=true to allow it)"
        return reason
    return str(error)


def _check_length(article: Article, index: int, settings: Settings) -> None:
    chars = len(article.text)
    if article.derived_from and chars > settings.max_article_chars:
        raise ProblemError(
            422,
            f"articles[{index}] (id {article.id!r}) yields {chars} characters of text from its "
            f"{article.derived_from} and at most {settings.max_article_chars} are accepted "
            f"(limit {env_name('max_article_chars')}={settings.max_article_chars})",
            kind="limit-exceeded",
            limit=env_name("max_article_chars"),
            maximum=settings.max_article_chars,
            actual=chars,
            loc=f"articles[{index}]",
        )
