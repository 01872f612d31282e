"""``--stories``: a whole mixed feed grouped into stories first, then each story is one job."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from summarizer.batch._jobs import Job, feed_articles, story_key
from summarizer.errors import NoArticlesError

log = logging.getLogger(__name__)


def grouped_jobs(path: Path, summarizer: Any) -> tuple[list[Job], list[Job]]:
    """The feed's stories as jobs (ids from their articles, see ``story_key``), and an error job
    per unreadable line. Grouping runs here, on the whole feed in memory, with ``summarizer``'s model."""
    articles, errors = feed_articles(path)
    for error in errors:
        log.warning("%s: %s", path, error.error[1] if error.error else "")
    if not articles:
        raise NoArticlesError(f"{path} holds no readable article: each line must be one article with a text.")
    summarizer.load()
    stories = summarizer.grouper.group(articles, summarizer.embedder.encode)
    by_id = {a.id: a for a in articles}
    jobs = [
        Job(story_key(story.articles), tuple(by_id[i] for i in story.articles), title=story.title) for story in stories
    ]
    log.info("stories   %d articles of %s in %d stories", len(articles), path, len(jobs))
    return jobs, errors
