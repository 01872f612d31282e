"""HTTP service over the summarizer library: ``create_app`` builds it, ``python -m api`` serves it."""

from api.main import create_app
from api.settings import Settings

__all__ = ["Settings", "create_app"]
