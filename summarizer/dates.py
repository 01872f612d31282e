"""Publication dates as given by callers (``Article.published``), read into comparable datetimes."""

from __future__ import annotations

from datetime import datetime, timezone
from email.utils import parsedate_to_datetime


def published_at(text: str | None) -> datetime | None:
    """``text`` as a UTC datetime: ISO 8601 ("2009-04-25", "2009-04-25T18:00:00+01:00") or an
    e-mail/RSS date ("Sat, 25 Apr 2009 18:00:00 GMT"); None when it is neither."""
    if not text or not text.strip():
        return None
    value = text.strip()
    parsed: datetime | None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc)
