"""The editors' desk: the page at ``/`` and its static files, every one served by the service.

The page is plain HTML, CSS and ES modules in ``static/``, with no build step and
nothing fetched from another origin, so it works on a machine with no network.
Each file gets a route of its own (no directory mount), so nothing outside the
folder can be asked for and every path has its own metrics label.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse

from api.deps import SettingsDep
from summarizer.ingest import FIELD_ALIASES

STATIC_DIR = Path(__file__).resolve().parent / "static"
PAGE = "index.html"
ASSET_PREFIX = "/desk/"
MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
}
# Same origin only: no CDN, no inline script or style, no framing. The page talks to this service alone.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
# Revalidate on every load (the ETag makes that cheap), so a new release is never hidden behind a cache.
CACHE_CONTROL = "no-cache"
STORIES_PATH = "/v1/stories"

desk = APIRouter(tags=["desk"], include_in_schema=False)


def _response(path: Path) -> FileResponse:
    headers = {
        "Cache-Control": CACHE_CONTROL,
        "Content-Security-Policy": CONTENT_SECURITY_POLICY,
        "X-Content-Type-Options": "nosniff",
    }
    return FileResponse(path, media_type=MEDIA_TYPES[path.suffix], headers=headers)


def _add_route(url: str, path: Path) -> None:
    async def serve_file() -> FileResponse:
        return _response(path)

    desk.add_api_route(url, serve_file, methods=["GET", "HEAD"], name=f"desk:{path.name}")


def asset_paths() -> list[Path]:
    """The files the page needs besides itself."""
    return sorted(p for p in STATIC_DIR.iterdir() if p.suffix in MEDIA_TYPES and p.name != PAGE)


@desk.get(f"{ASSET_PREFIX}config.json")
async def desk_config(request: Request, settings: SettingsDep) -> dict[str, Any]:
    """What the page needs to know of this service: its word budget, whether it groups stories, field names."""
    # The service's own description of its paths (routers nest; the OpenAPI document lists them all).
    paths = request.app.openapi().get("paths", {})
    return {
        "default_max_words": settings.default_max_words,
        "min_max_words": settings.min_max_words,
        "max_max_words": settings.max_max_words,
        "max_articles": settings.max_articles,
        "stories": STORIES_PATH in paths,
        # JSON files are read in the page: under the same field names as the service reads them.
        "article_fields": {name: list(aliases) for name, aliases in FIELD_ALIASES.items()},
    }


_add_route("/", STATIC_DIR / PAGE)
for _asset in asset_paths():
    _add_route(f"{ASSET_PREFIX}{_asset.name}", _asset)
