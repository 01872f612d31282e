"""What the service needs of a summariser, and loading it once in the background.

The model loads in a daemon thread started by the app's lifespan: ``/healthz``
answers at once (the process is up) while ``/readyz`` and ``/v1/digest``
answer 503 with Retry-After until the model is in memory. A model that cannot
load is final: ``on_failure`` runs (``python -m api`` stops the server and exits
3) and ``/healthz`` turns 503, so an orchestrator restarts or reports it.

Answers never show the operator's file system: the loading error stays in the
log, and a model named by its folder is shown by the folder's name.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from summarizer import Article, Digest, Stories
from summarizer.errors import ModelUnavailableError

log = logging.getLogger("api.model")

# Two short reports of one event, with a figure they disagree on: a digest of them runs every stage
# once (imports, parser, kernels), so the first caller's digest is not charged for that.
WARM_UP_ARTICLES = (
    Article(
        id="warm-up-1",
        text="The city council approved a budget of 12 million dollars on Monday after a long debate. "
        "The vote was seven to two, officials said.",
    ),
    Article(
        id="warm-up-2",
        text="On Monday the city council passed an 11 million dollar budget by seven votes to two. "
        "Critics said the plan cut library funding.",
    ),
)
WARM_UP_MAX_WORDS = 60

PUBLIC_LOAD_ERROR = (
    "the embedding model could not be loaded, so this service cannot digest; "
    "the operator must fix SUMMARIZER_MODEL / SUMMARIZER_DEVICE (the service log says why)"
)


class SummarizerLike(Protocol):
    """The part of ``summarizer.Summarizer`` the service uses (tests pass cheap fakes)."""

    @property
    def is_loaded(self) -> bool: ...

    @property
    def model_name(self) -> str: ...

    @property
    def device(self) -> str: ...

    def load(self) -> None: ...

    def summarize(self, articles: Sequence[Article], *, max_words: int) -> Digest: ...

    def stories(self, articles: Sequence[Article], *, max_words: int) -> Stories: ...


class ModelLoader:
    """Loads the summariser's model once, off the event loop, and tells whether it is ready."""

    def __init__(
        self,
        summarizer: SummarizerLike,
        *,
        on_ready: Callable[[], None] | None = None,
        on_failure: Callable[[], None] | None = None,
        warm_up: bool = False,
    ) -> None:
        self.summarizer = summarizer
        self.warm_up = warm_up
        self.error: str | None = None  # why loading failed, for the log and the operator; never sent to callers
        self.on_failure = on_failure
        self._ready = threading.Event()
        self._on_ready = on_ready
        self._thread: threading.Thread | None = None

    @property
    def public_error(self) -> str:
        """What callers are told while the model is not in: no paths, no library internals."""
        return PUBLIC_LOAD_ERROR if self.error is not None else "the model is still loading; retry shortly"

    @property
    def ready(self) -> bool:
        return self._ready.is_set()

    def start(self) -> None:
        """Begin loading (idempotent); returns at once."""
        if self._thread is not None or self.ready:
            return
        if self.summarizer.is_loaded:
            self._mark_ready()
            return
        # A daemon thread: a shutdown during a slow load does not wait for it.
        self._thread = threading.Thread(target=self._load, name="model-loader", daemon=True)
        self._thread.start()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until ready or ``timeout``; True when ready."""
        return self._ready.wait(timeout)

    def _load(self) -> None:
        began = time.perf_counter()
        try:
            self.summarizer.load()
        except ModelUnavailableError as exc:
            self._failed(str(exc))
            return
        except Exception as exc:
            log.exception("model failed to load")
            self._failed(f"the model failed to load ({type(exc).__name__}: {exc})")
            return
        if self.warm_up:
            self._warm_up()
        log.info(
            "model loaded",
            extra={
                "model": self.summarizer.model_name,
                "device": self.summarizer.device,
                "duration_ms": round((time.perf_counter() - began) * 1000, 1),
            },
        )
        self._mark_ready()

    def _warm_up(self) -> None:
        try:
            self.summarizer.summarize(WARM_UP_ARTICLES, max_words=WARM_UP_MAX_WORDS)
        except Exception:  # the model is in; a failed warm-up only means the first digest pays for it
            log.warning("warm-up digest failed", exc_info=True)

    def _failed(self, error: str) -> None:
        self.error = error
        log.error("model unavailable: %s", error)
        if self.on_failure is not None:
            self.on_failure()

    def _mark_ready(self) -> None:
        self._ready.set()
        if self._on_ready is not None:
            self._on_ready()


def public_model_name(name: str) -> str:
    """The model's name as callers see it: a local folder by its last part, never its full path."""
    looks_like_path = os.path.isabs(name) or name.startswith((".", "~")) or os.sep in name and Path(name).exists()
    return (Path(name).name or name) if looks_like_path else name


def public_digest(digest: dict[str, Any]) -> dict[str, Any]:
    """``Digest.to_dict()`` with the model named as callers may see it."""
    meta = digest.get("meta")
    if isinstance(meta, dict) and isinstance(meta.get("model"), str):
        digest = {**digest, "meta": {**meta, "model": public_model_name(meta["model"])}}
    return digest
