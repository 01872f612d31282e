"""The one place that knows the order of the stages.

articles -> segment (sentences, boilerplate and repeats out)
         -> embed (one vector per sentence)
         -> copies (syndicated passages: one report, however many sites carry it)
         -> cluster (sentences that make the same claim across articles)
         -> extract (cited lines that cover what the sources share, within budget)
         -> rewrite (optional: an abstractive model rephrases, citations kept)
         -> conflicts (sources that disagree on a figure)
         -> Digest
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any

import numpy as np

from summarizer import budget
from summarizer.cluster import Clusterer, StarClusterer
from summarizer.conflicts import ConflictFinder, mark_disputed
from summarizer.copies import CopyFinder, MinHashCopyFinder
from summarizer.embed import DEFAULT_BACKEND, DEFAULT_CACHE_BYTES, CachedEmbedder, Embedder, make_embedder
from summarizer.errors import ConfigurationError, InputError, NoArticlesError, NoContentError
from summarizer.extract import DEFAULT_MAX_WORDS, CoverageSelector, Selector
from summarizer.languages import english_only, leave_out_unreadable, model_languages
from summarizer.rewrite import Rewriter, TransformersRewriter
from summarizer.segment import segment_articles, why_no_content
from summarizer.stories import StoryGrouper, looks_like_several
from summarizer.types import Article, ArticleReport, Digest, Sentence, Stories

log = logging.getLogger(__name__)


def as_articles(items: Sequence[Article | str]) -> list[Article]:
    """Accept Articles or plain strings (ids "1", "2", ...); reject what cannot be summarised.

    An article with empty text is not an error: segmentation reports it (``skipped_reason``)
    and the others are digested.
    """
    if isinstance(items, (str, Article)):
        raise InputError("Pass a list of articles, not a single one: summarize([text, ...]).")
    if not items:
        raise NoArticlesError("No articles given: pass at least one article text.")
    articles = [Article(id=str(i), text=item) if isinstance(item, str) else item for i, item in enumerate(items, 1)]
    seen: set[str] = set()
    for article in articles:
        if not isinstance(article, Article) or not isinstance(article.text, str):
            raise InputError(f"Expected Article objects or strings, got {type(article).__name__}.")
        if article.id in seen:
            raise InputError(f"Two articles share the id {article.id!r}: give each article its own id.")
        seen.add(article.id)
    return articles


class Summarizer:
    """Turns a set of articles about one event into a cited digest.

    Components are swappable (anything with the stage's interface); the model
    loads once, on ``load()`` or on the first digest, and is then reused.
    """

    def __init__(
        self,
        *,
        model: str | None = None,
        device: str | None = None,
        batch_size: int | None = None,
        backend: str = DEFAULT_BACKEND,
        dtype: str | None = None,
        cache_bytes: int = DEFAULT_CACHE_BYTES,
        embedder: Embedder | None = None,
        copy_finder: CopyFinder | None = None,
        clusterer: Clusterer | None = None,
        selector: Selector | None = None,
        conflict_finder: ConflictFinder | None = None,
        rewrite_model: str | None = None,
        rewriter: Rewriter | None = None,
        time_budget_s: float | None = None,
        grouper: StoryGrouper | None = None,
    ):
        if embedder is None:
            # dtype None: the device's fastest (bf16 on a CPU with AMX/AVX512-BF16); "float32" forces full precision.
            embedder = make_embedder(backend, model=model, device=device, batch_size=batch_size, dtype=dtype)
        elif model is not None or device is not None or batch_size is not None or dtype is not None:
            raise ConfigurationError(
                "model, device, batch_size and dtype configure the default embedder: set them on the embedder "
                "you pass instead, or drop embedder=."
            )
        # Re-digesting a growing story embeds only its new sentences; at most cache_bytes, 0 turns it off.
        self.embedder = CachedEmbedder(embedder, max_bytes=cache_bytes) if cache_bytes > 0 else embedder
        self.copy_finder = copy_finder or MinHashCopyFinder()
        self.clusterer = clusterer or StarClusterer()
        self.selector = selector or CoverageSelector()
        self.conflict_finder = conflict_finder or _default_conflict_finder(self.embedder)
        # Rewriting is off unless a model is named: none good enough ships offline.
        self.rewriter = rewriter or (TransformersRewriter(rewrite_model, device=device) if rewrite_model else None)
        # Each digest stops with BudgetExceededError once it has run this long; None = no limit.
        if time_budget_s is not None and not time_budget_s > 0:
            raise ConfigurationError(f"time_budget_s must be a positive number of seconds, got {time_budget_s!r}.")
        self.time_budget_s = time_budget_s
        self.grouper = grouper or StoryGrouper()
        self._load_lock = threading.Lock()
        self._loaded = False

    @property
    def model_name(self) -> str:
        return self.embedder.name

    @property
    def device(self) -> str:
        return getattr(self.embedder, "device", "cpu")

    @property
    def is_loaded(self) -> bool:
        return self._loaded

    def load(self, *, wait: bool = True) -> None:
        """Load the models now (idempotent, thread-safe); raises ModelUnavailableError.

        Components that can load in the background (the conflict stage's parser) start first.
        ``wait=False``, as the first digest of a process that never called ``load`` does,
        loads the others first and leaves those loading: their stage waits for them, so they
        load while the model embeds. (Begun earlier, a background import holds the
        interpreter's lock against the foreground's own imports; the model computes without
        it, so that is the time to load beside it: 0.3-0.5 s of a 2-core cold start.)
        """
        with self._load_lock:
            if self._loaded:
                return
            components = (self.embedder, self.grouper, self.copy_finder, self.conflict_finder, self.rewriter)
            in_background = [c for c in components if callable(getattr(c, "start_loading", None))]
            if wait:
                for component in in_background:
                    component.start_loading()  # type: ignore[union-attr]
            for component in components:
                load = getattr(component, "load", None)
                if callable(load) and (wait or component not in in_background):
                    load()
            if not wait:
                for component in in_background:
                    component.start_loading()  # type: ignore[union-attr]
            self._loaded = wait

    def summarize(self, articles: Sequence[Article | str], *, max_words: int = DEFAULT_MAX_WORDS) -> Digest:
        """Digest of ``articles`` in at most ``max_words`` words, every point cited.

        Raises InputError for input that cannot be digested (NoContentError when every
        sentence is too long to be a point) and BudgetExceededError once ``time_budget_s`` is spent.
        """
        if not isinstance(max_words, int) or isinstance(max_words, bool) or max_words < 1:
            raise InputError(f"max_words must be a positive whole number, got {max_words!r}.")
        articles = as_articles(articles)
        self.load(wait=False)
        with budget.time_budget(self.time_budget_s):
            return self._digest(articles, max_words)

    def stories(self, articles: Sequence[Article | str], *, max_words: int = DEFAULT_MAX_WORDS) -> Stories:
        """A mixed feed as stories (``summarizer.stories``), each digested on its own in at most
        ``max_words`` words, so a conflict is only ever found within one story. Every article is
        in exactly one story; a story with nothing to digest gets an empty digest whose article
        reports say why, never dropped."""
        if not isinstance(max_words, int) or isinstance(max_words, bool) or max_words < 1:
            raise InputError(f"max_words must be a positive whole number, got {max_words!r}.")
        articles = as_articles(articles)
        self.load()
        started = time.perf_counter()
        with budget.time_budget(self.time_budget_s):
            budget.stage("stories")
            grouped = self.grouper.group(articles, self.embedder.encode)
            grouped_at = time.perf_counter()
            by_id = {article.id: article for article in articles}
            digested = [
                replace(story, digest=self._story_digest([by_id[i] for i in story.articles], max_words))
                for story in grouped
            ]
        done = time.perf_counter()
        meta = {
            "articles": len(articles),
            "stories": len(digested),
            "model": self.model_name,
            "device": self.device,
            "max_words": max_words,
            "timings_ms": {
                "group": round((grouped_at - started) * 1000, 1),
                "digests": round((done - grouped_at) * 1000, 1),
                "total": round((done - started) * 1000, 1),
            },
        }
        return Stories(tuple(digested), meta)

    def _story_digest(self, articles: list[Article], max_words: int) -> Digest:
        try:
            return self._digest(articles, max_words, warn_stories=False)
        except NoContentError as exc:
            log.warning("story of %s: nothing to digest: %s", ", ".join(a.id for a in articles), exc)
            _, reports = segment_articles(articles)
            meta: dict[str, Any] = {
                "model": self.model_name,
                "device": self.device,
                "rewrite_model": self.rewriter.name if self.rewriter else None,
                "max_words": max_words,
                "timings_ms": {},
            }
            return Digest((), (), tuple(_with_reason(r, str(exc)) for r in reports), meta)

    def _warn_if_several_stories(
        self,
        articles: list[Article],
        sentences: list[Sentence],
        embeddings: np.ndarray,
        reports: Sequence[ArticleReport],
        encode: Callable[[list[str]], np.ndarray],
    ) -> int:
        """A digest of several stories mixes events (and pairs figures across them): say so.
        Returns how many stories the articles look like."""
        if len(articles) < 2:
            return len(articles)
        groups = self.grouper.partition_digest_input(articles, sentences, embeddings, reports, encode)
        if looks_like_several(groups, len(articles)):
            sizes = ", ".join(str(len(g)) for g in sorted(groups, key=len, reverse=True)[:8])
            log.warning(
                "these %d articles look like %d separate stories (%s articles): a digest mixes their events; "
                "use `summarizer stories` (Summarizer.stories, POST /v1/stories) for one digest per story",
                len(articles),
                len(groups),
                sizes + (", ..." if len(groups) > 8 else ""),
            )
        return len(groups)

    def _digest(self, articles: list[Article], max_words: int, *, warn_stories: bool = True) -> Digest:
        timings: dict[str, float] = {}
        started = clock = time.perf_counter()

        def lap(stage: str, detail: str) -> None:
            nonlocal clock
            now = time.perf_counter()
            timings[stage] = round((now - clock) * 1000, 1)
            clock = now
            log.info("%-9s %s (%.0f ms)", stage, detail, timings[stage])

        budget.stage("segment")
        sentences, reports = segment_articles(articles)
        languages = model_languages(self.embedder)
        sentences, reports = leave_out_unreadable(sentences, reports, languages=languages, model=self.model_name)
        skipped = [r for r in reports if r.skipped_reason]
        for report in skipped:  # nothing is left out in silence
            log.warning("left out article %s: %s", report.id, report.skipped_reason)
        lap("segment", f"{len(sentences)} sentences from {len(articles)} articles, {len(skipped)} left out")
        if not sentences:
            raise NoContentError(why_no_content(reports))
        budget.stage("embed")
        # The several-stories check also embeds titles: in the same call, not a second one.
        extra = self.grouper.digest_input_texts(articles, sentences, reports) if warn_stories else []
        vectors = budget.encode_in_slices(self.embedder.encode, [s.text for s in sentences] + extra)
        embeddings, extra_vectors = vectors[: len(sentences)], vectors[len(sentences) :]
        lap("embed", f"{len(sentences)} sentences with {self.model_name}")
        if warn_stories:
            encoded = _Encoded(extra, extra_vectors, self.embedder.encode)
            stories = self._warn_if_several_stories(articles, sentences, embeddings, reports, encoded)
            lap("stories", f"the articles look like {stories} {'story' if stories == 1 else 'stories'}")
        budget.stage("copies")
        copies = self.copy_finder.find(sentences, articles)
        lap("copies", f"{len(copies.linked)} pairs of articles share copied passages")
        budget.stage("cluster")
        clusters = self.clusterer.cluster(sentences, embeddings, copies=copies)
        lap("cluster", f"{len(clusters)} clusters, {sum(c.support > 1 for c in clusters)} shared by 2+ articles")
        budget.stage("extract")
        points = self.selector.select(
            sentences, embeddings, clusters, max_words=max_words, copies=copies, articles=articles
        )
        lap("extract", f"{len(points)} points within {max_words} words")
        too_long = _all_too_long(sentences, max_words, self.selector) if not points else None
        if too_long is not None:
            raise NoContentError(too_long)
        if self.rewriter is not None:
            budget.stage("rewrite")
            extracted = points
            points = self.rewriter.rewrite(points, max_words=max_words)
            changed = sum(a.text != b.text for a, b in zip(points, extracted, strict=True))
            lap("rewrite", f"{changed} of {len(points)} points rephrased by {self.rewriter.name}")
        budget.stage("conflicts")
        conflicts = self.conflict_finder.find(*english_only(sentences, embeddings, reports))
        points = mark_disputed(points, conflicts)
        lap("conflicts", f"{len(conflicts)} disagreements between sources")
        timings["total"] = round((time.perf_counter() - started) * 1000, 1)
        meta = {
            "model": self.model_name,
            "device": self.device,
            "rewrite_model": self.rewriter.name if self.rewriter else None,
            "max_words": max_words,
            "timings_ms": timings,
        }
        digest = Digest(tuple(points), tuple(conflicts), tuple(reports), meta)
        # Text the caller never had (extracted from HTML, fetched, decoded) goes out with the offsets into it.
        return digest.with_article_texts(a for a in articles if a.derived_from)


class _Encoded:
    """``encode`` that answers ``texts`` with the rows already embedded for them (else asks ``fallback``)."""

    def __init__(self, texts: list[str], vectors: np.ndarray, fallback: Callable[[list[str]], np.ndarray]):
        self.texts, self.vectors, self.fallback = texts, vectors, fallback

    def __call__(self, texts: list[str]) -> np.ndarray:
        return self.vectors if list(texts) == self.texts else self.fallback(texts)


def _with_reason(report: ArticleReport, reason: str) -> ArticleReport:
    return report if report.skipped_reason else replace(report, skipped_reason=reason)


def _all_too_long(sentences: Sequence[Sentence], max_words: int, selector: Selector) -> str | None:
    """What to tell a caller whose every sentence is longer than a point may be (else None: the
    digest is empty for other reasons, such as sentences too short or off the set's topic)."""
    longest_point = min(max_words, getattr(selector, "max_point_words", max_words))
    shortest = min(s.words for s in sentences)
    if shortest <= longest_point:
        return None
    return (
        f"No sentence can be a digest point: the shortest of the {len(sentences)} sentences has {shortest} words "
        f"and a point holds at most {longest_point} (max_words={max_words}). Send articles with ordinary "
        "sentences (ended by full stops), or raise max_words."
    )


def _default_conflict_finder(embedder: Embedder) -> ConflictFinder:
    from summarizer.conflicts import NumericConflictFinder

    return NumericConflictFinder(encode=embedder.encode)


@lru_cache(maxsize=1)
def default_summarizer() -> Summarizer:
    """The process-wide Summarizer behind ``summarize()``: the model loads once."""
    return Summarizer()


def summarize(articles: Sequence[Article | str], *, max_words: int = DEFAULT_MAX_WORDS) -> Digest:
    """Digest of ``articles`` with the default model; see ``Summarizer.summarize``."""
    return default_summarizer().summarize(articles, max_words=max_words)
