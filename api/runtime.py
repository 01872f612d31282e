"""What the service needs of a summariser, and loading it once in the background.

The model loads in a daemon thread started by the app's lifespan: ``/healthz``
answers at once (the process is up) while ``/readyz`` and ``/v1/digest``
answer 503 with Retry-After until the model is in memory.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from typing import Protocol

from summarizer import Article, Digest
from summarizer.errors import ModelUnavailableError

log = logging.getLogger("api.model")


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


class ModelLoader:
    """Loads the summariser's model once, off the event loop, and tells whether it is ready."""

    def __init__(self, summarizer: SummarizerLike, *, on_ready: Callable[[], None] | None = None) -> None:
        self.summarizer = summarizer
        self.error: str | None = None
        self._ready = threading.Event()
        self._on_ready = on_ready
        self._thread: threading.Thread | None = None

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
            self.error = str(exc)
            log.error("model unavailable: %s", exc)
            return
        except Exception as exc:
            self.error = f"the model failed to load ({type(exc).__name__}: {exc}); see the service log"
            log.exception("model failed to load")
            return
        log.info(
            "model loaded",
            extra={
                "model": self.summarizer.model_name,
                "device": self.summarizer.device,
                "duration_ms": round((time.perf_counter() - began) * 1000, 1),
            },
        )
        self._mark_ready()

    def _mark_ready(self) -> None:
        self._ready.set()
        if self._on_ready is not None:
            self._on_ready()
