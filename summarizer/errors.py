"""The one error hierarchy of the library.

    SummarizerError                 anything this library raises on purpose
    ├── InputError                  the caller's input cannot be summarised   (CLI exit 2, HTTP 4xx)
    │   ├── NoArticlesError         nothing usable was given or left after skipping
    │   ├── NoContentError          articles hold nothing but boilerplate
    │   └── UnreadableInputError    one file, record or page yields no article (skipped, the reason given)
    ├── ConfigurationError          settings that cannot work together          (CLI exit 2, service exit 2)
    ├── ModelUnavailableError       the embedding model cannot be loaded        (CLI exit 3, HTTP 503)
    └── BudgetExceededError         a digest ran past its time budget           (HTTP 422, or 503 when busy)

Each message says what to do about it. The CLI maps these to exit codes and
the service to problem+json statuses, each in one place.
"""

from __future__ import annotations


class SummarizerError(Exception):
    """Base of every error this library raises on purpose."""


class InputError(SummarizerError):
    """The input cannot be summarised as given; the message says how to fix it."""


class NoArticlesError(InputError):
    """No usable article was given, or none was left after skipping bad ones."""


class NoContentError(InputError):
    """The articles hold no sentence that could go into a digest."""


class UnreadableInputError(InputError):
    """One file, record or web page yields no article (empty, binary, no text, fetch failed).

    Ingest skips such an input with a warning naming it; only when nothing is left
    is it a NoArticlesError.
    """


class ConfigurationError(SummarizerError, ValueError):
    """Settings that cannot work together (a backend given a knob it cannot honour, a bad level)."""


class ModelUnavailableError(SummarizerError):
    """The embedding model could not be loaded."""


class BudgetExceededError(SummarizerError):
    """A digest ran past its time budget (``Summarizer(time_budget_s=...)``) and was stopped."""

    def __init__(self, message: str, *, seconds: float, stage: str) -> None:
        super().__init__(message)
        self.seconds = seconds
        self.stage = stage
