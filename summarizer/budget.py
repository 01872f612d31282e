"""A time budget for one digest, checked between the stages and inside their long loops.

``Summarizer(time_budget_s=...)`` opens a budget around each digest; the pipeline
names the stage it enters (``stage``) and the stages call ``checkpoint()`` where
they loop over articles, blocks or batches. Once the budget is spent the next
check raises ``BudgetExceededError``, so a request that would take minutes stops
within about one loop step of its budget instead of computing on. Without an open
budget every check is a no-op.

The budget lives in a context variable: digests running at once on different
threads each see their own, and no stage needs an extra argument for it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

import numpy as np

from summarizer.errors import BudgetExceededError

# Tokens (estimated) embedded per call while a budget is open: the budget is checked between
# slices, so a large input is stopped while it embeds (a slice takes ~1-2 s on 2 CPU cores).
DEFAULT_EMBED_SLICE_TOKENS = 4_096
_CHARS_PER_TOKEN = 4  # English news, word-piece tokens
_MAX_TOKENS = 512  # a sentence costs no more than the longest input a sentence model takes


@dataclass(slots=True)
class _Budget:
    seconds: float
    deadline: float
    stage: str = "start"


_current: ContextVar[_Budget | None] = ContextVar("summarizer_budget", default=None)


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Open a budget of ``seconds`` for the code inside (``None``: no budget)."""
    if seconds is None:
        yield
        return
    token = _current.set(_Budget(seconds, time.monotonic() + seconds))
    try:
        yield
    finally:
        _current.reset(token)


def active() -> bool:
    """Whether a budget is open here."""
    return _current.get() is not None


def stage(name: str) -> None:
    """Record that the digest enters stage ``name``, and check the budget."""
    budget = _current.get()
    if budget is not None:
        budget.stage = name
        checkpoint()


def checkpoint() -> None:
    """Raise ``BudgetExceededError`` if the open budget is spent; a no-op without one."""
    budget = _current.get()
    if budget is not None and time.monotonic() > budget.deadline:
        raise BudgetExceededError(
            f"The digest ran past its time budget of {budget.seconds:g} s (stopped in the {budget.stage} stage): "
            "send fewer or shorter articles, or raise the time budget.",
            seconds=budget.seconds,
            stage=budget.stage,
        )


def encode_in_slices(
    encode: Callable[[Sequence[str]], np.ndarray],
    texts: Sequence[str],
    *,
    slice_tokens: int = DEFAULT_EMBED_SLICE_TOKENS,
) -> np.ndarray:
    """``encode(texts)``, in slices of about ``slice_tokens`` tokens with a checkpoint between them
    while a budget is open.

    Without a budget, or when the distinct texts fit one slice, this is one plain call.
    Slices are cut from the distinct texts sorted longest first, the order in which the
    backends batch them, so most batches stay as they would be in one call.
    """
    distinct = list(dict.fromkeys(texts))
    cost = [min(len(text) // _CHARS_PER_TOKEN + 1, _MAX_TOKENS) for text in distinct]
    if not active() or sum(cost) <= slice_tokens:
        return encode(texts)
    order = sorted(range(len(distinct)), key=lambda i: len(distinct[i]), reverse=True)
    rows: dict[str, np.ndarray] = {}
    part: list[str] = []
    tokens = 0
    for i in order:
        part.append(distinct[i])
        tokens += cost[i]
        if tokens >= slice_tokens or i == order[-1]:
            checkpoint()
            rows.update(zip(part, encode(part), strict=True))
            part, tokens = [], 0
    checkpoint()
    return np.stack([rows[text] for text in texts])
