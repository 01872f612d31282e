"""Work a digest will not do: past its time budget, or when no sentence can be a point (fake embedder)."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence

import numpy as np
import pytest

from summarizer import BudgetExceededError, ConfigurationError, NoContentError, Summarizer
from summarizer.budget import checkpoint, encode_in_slices, time_budget
from summarizer.embed import HashingEmbedder
from tests.builders import FLOOD_ARTICLES, NoConflicts, article


class SlowEmbedder(HashingEmbedder):
    """The fake, taking ``seconds`` per call: a stand-in for a large input on a slow machine."""

    def __init__(self, seconds: float) -> None:
        super().__init__()
        self.seconds = seconds
        self.calls: list[int] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(len(texts))
        time.sleep(self.seconds)
        return super().encode(texts)


def summarizer(embedder: HashingEmbedder, **knobs: float) -> Summarizer:
    return Summarizer(embedder=embedder, conflict_finder=NoConflicts(), **knobs)


def test_without_a_budget_a_slow_digest_runs_to_the_end() -> None:
    digest = summarizer(SlowEmbedder(0.2)).summarize(FLOOD_ARTICLES)
    assert digest.points


def test_a_digest_past_its_budget_stops_at_the_next_stage_and_says_what_to_do() -> None:
    embedder = SlowEmbedder(0.3)
    slow = summarizer(embedder, time_budget_s=0.1)
    with pytest.raises(BudgetExceededError, match="send fewer or shorter articles") as caught:
        slow.summarize(FLOOD_ARTICLES)
    # The embed stage ran over; the digest stopped as the next stage began, not at the end.
    assert caught.value.stage not in ("segment", "embed")
    assert len(embedder.calls) == 1 and caught.value.seconds == 0.1


def test_a_digest_within_its_budget_is_the_digest_without_one() -> None:
    fast = summarizer(HashingEmbedder(), time_budget_s=60).summarize(FLOOD_ARTICLES).to_dict()
    plain = summarizer(HashingEmbedder()).summarize(FLOOD_ARTICLES).to_dict()
    assert fast["points"] == plain["points"] and fast["articles"] == plain["articles"]


@pytest.mark.parametrize("seconds", [0, -1.0])
def test_a_budget_must_be_positive(seconds: float) -> None:
    with pytest.raises(ConfigurationError, match="time_budget_s"):
        summarizer(HashingEmbedder(), time_budget_s=seconds)


def test_a_large_input_is_stopped_while_it_embeds_not_after() -> None:
    slow = SlowEmbedder(0.2)
    texts = [f"sentence number {i} about the flood, told at length. " * 20 for i in range(100)]  # ~250 tokens each
    with time_budget(0.1), pytest.raises(BudgetExceededError):
        encode_in_slices(slow.encode, texts, slice_tokens=2_000)
    assert len(slow.calls) == 1 and slow.calls[0] < len(texts)  # stopped after the first slice


def test_slices_give_the_rows_one_call_gives() -> None:
    texts = [f"sentence {i % 700} of the story" for i in range(3_000)]  # repeats across slices
    embedder = HashingEmbedder()
    with time_budget(60):
        sliced = encode_in_slices(embedder.encode, texts, slice_tokens=500)
    np.testing.assert_array_equal(sliced, embedder.encode(texts))


def test_each_thread_sees_only_its_own_budget() -> None:
    outcomes: dict[str, str] = {}

    def digest(name: str, budget: float | None) -> None:
        with time_budget(budget):
            time.sleep(0.05)
            try:
                checkpoint()
                outcomes[name] = "ran"
            except BudgetExceededError:
                outcomes[name] = "stopped"

    threads = [
        threading.Thread(target=digest, args=("tight", 0.01)),
        threading.Thread(target=digest, args=("free", None)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(5)
    assert outcomes == {"tight": "stopped", "free": "ran"}
    checkpoint()  # and none leaked to this thread


def test_articles_whose_every_sentence_is_too_long_for_a_point_are_refused_saying_so() -> None:
    # One full stop at the end: each article is one run-on sentence of ~90 words, longer than any point.
    runs = [article(a.id, " ".join(a.text.replace(".", ",").split() * 2).rstrip(",") + ".") for a in FLOOD_ARTICLES]
    with pytest.raises(NoContentError, match=r"shortest of the \d+ sentences has \d+ words") as caught:
        summarizer(HashingEmbedder()).summarize(runs)
    assert "full stops" in str(caught.value)
