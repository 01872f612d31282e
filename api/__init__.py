"""HTTP service over the summarizer library: ``create_app`` builds it, ``python -m api`` serves it.

``create_app`` is imported on first use, so that ``python -m api`` can check its
settings (and refuse bad ones) before the web framework and the library load.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from api.settings import Settings

if TYPE_CHECKING:
    from api.main import create_app

__all__ = ["Settings", "create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from api.main import create_app

        return create_app
    raise AttributeError(f"module 'api' has no attribute {name!r}")
