"""The app factory and its lifespan.

Run with ``python -m api`` (settings from ``SUMMARIZER_*``), or
``uvicorn --factory api.main:create_app``. Nothing heavy happens at import:
the model loads in the lifespan, in the background, once per process.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial

from anyio import to_thread
from fastapi import FastAPI
from fastapi_offline import FastAPIOffline

from api.admission import Admission
from api.desk import desk
from api.metrics import Metrics
from api.middleware import BodySizeLimitMiddleware, RequestContextMiddleware
from api.openapi import build_openapi
from api.problems import install_problem_handlers
from api.routes import health, protected
from api.runtime import ModelLoader, SummarizerLike
from api.settings import Settings
from summarizer import Summarizer, __version__

# Threads beyond the digests' own (running + queued), for anything else FastAPI runs in the pool.
DEFAULT_THREAD_HEADROOM = 8
DOCS_ASSETS_URL = "/docs-assets"

DESCRIPTION = """\
Multi-document news digests: every point cites all the articles that carry it with exact
character spans, and cross-source disagreements on figures are reported as conflicts.
Errors are `application/problem+json` (RFC 9457).
"""


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Size the thread pool for the admission bounds and start loading the model; stop the digest threads."""
    limiter = to_thread.current_default_thread_limiter()
    # Waiting digests hold a worker thread: the pool must fit all of them, or a full
    # pool (not the admission queue) would decide who waits.
    limiter.total_tokens = max(limiter.total_tokens, app.state.admission.capacity + DEFAULT_THREAD_HEADROOM)
    app.state.loader.start()
    yield
    app.state.admission.close()


def create_app(settings: Settings | None = None, summarizer: SummarizerLike | None = None) -> FastAPI:
    """Build the service; ``summarizer`` defaults to the library's, configured from ``settings``."""
    settings = settings if settings is not None else Settings()
    built_here = summarizer is None
    if summarizer is None:
        summarizer = Summarizer(
            model=settings.model,
            device=settings.library_device,
            batch_size=settings.batch_size,
            backend=settings.backend,
            dtype=settings.dtype,
            time_budget_s=settings.time_budget_s,
        )
    metrics = Metrics()

    # FastAPIOffline serves the Swagger UI and ReDoc assets itself (no CDN: /docs works offline).
    # No slash redirects: they are built from the Host header a caller sends.
    app = FastAPIOffline(
        title="summarizer",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        redirect_slashes=False,
        static_url=DOCS_ASSETS_URL,
    )
    app.state.settings = settings
    app.state.metrics = metrics
    # A summariser built here warms up before it is ready; one passed in is the caller's to warm.
    app.state.loader = ModelLoader(summarizer, on_ready=partial(metrics.model_ready.set, 1), warm_up=built_here)
    app.state.admission = Admission(
        max_in_flight=settings.max_in_flight,
        max_queue=settings.queue_size,
        queue_timeout_s=settings.queue_timeout_s,
        gauges=metrics.admission_gauges,
    )
    install_problem_handlers(app)
    app.include_router(health)
    app.include_router(protected)
    app.include_router(desk)  # the editors' desk at /, with its static files
    # Added last = outermost: the request context sees every answer, the size limit's included.
    app.add_middleware(
        BodySizeLimitMiddleware, max_body_bytes=settings.max_body_bytes, body_timeout_s=settings.body_timeout_s
    )
    app.add_middleware(RequestContextMiddleware, metrics=metrics, known_paths=_known_paths(app))
    app.openapi = partial(build_openapi, app, settings)  # type: ignore[method-assign]
    return app


def _known_paths(app: FastAPI) -> set[str]:
    """Paths the app serves: metrics label these, and everything else as one ``other``."""
    docs = {app.openapi_url, app.docs_url, app.redoc_url, app.swagger_ui_oauth2_redirect_url}
    routes = {getattr(route, "path", "") for router in (health, protected, desk) for route in router.routes}
    return {path for path in routes | docs if path}
