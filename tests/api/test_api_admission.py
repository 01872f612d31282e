"""Admission: a bound on digests in flight, a short queue, immediate refusal past both."""

from __future__ import annotations

import contextvars
import threading
import time

import pytest

from api.admission import Admission, Overloaded


def hold(admission: Admission, started: threading.Event, release: threading.Event, errors: list[str]) -> None:
    try:
        with admission.slot():
            started.set()
            release.wait(5)
    except Overloaded as exc:
        errors.append(str(exc))
        started.set()


def test_slots_are_given_back_after_use_and_after_errors() -> None:
    admission = Admission(max_in_flight=1, max_queue=0, queue_timeout_s=1)
    for _ in range(3):
        with admission.slot():
            pass
    with pytest.raises(ValueError), admission.slot():
        raise ValueError("the digest failed")
    with admission.slot():  # still free
        pass


def test_a_full_house_is_refused_at_once() -> None:
    admission = Admission(max_in_flight=2, max_queue=1, queue_timeout_s=5)
    release = threading.Event()
    errors: list[str] = []
    threads = []
    for _ in range(3):  # two run, one waits
        started = threading.Event()
        thread = threading.Thread(target=hold, args=(admission, started, release, errors))
        thread.start()
        threads.append(thread)
        if len(threads) < 3:
            assert started.wait(5)
    time.sleep(0.05)  # let the third reach the queue
    began = time.monotonic()
    with pytest.raises(Overloaded, match="2 digests running and 1 waiting"), admission.slot():
        pass
    assert time.monotonic() - began < 0.5
    release.set()
    for thread in threads:
        thread.join(5)
    assert errors == []  # the queued one got its turn


def test_a_waiter_gives_up_after_the_queue_timeout() -> None:
    admission = Admission(max_in_flight=1, max_queue=3, queue_timeout_s=0.1)
    release, started = threading.Event(), threading.Event()
    runner = threading.Thread(target=hold, args=(admission, started, release, []))
    runner.start()
    assert started.wait(5)
    with pytest.raises(Overloaded, match=r"within 0\.1 s"), admission.slot():
        pass
    release.set()
    runner.join(5)
    with admission.slot():  # the timed-out waiter gave its queue place back
        pass


@pytest.mark.parametrize(("in_flight", "queue", "timeout"), [(0, 1, 1.0), (1, -1, 1.0), (1, 1, 0.0)])
def test_bad_bounds_are_refused(in_flight: int, queue: int, timeout: float) -> None:
    with pytest.raises(ValueError):
        Admission(max_in_flight=in_flight, max_queue=queue, queue_timeout_s=timeout)


def test_run_keeps_digests_on_the_same_few_threads_and_passes_context_and_errors() -> None:
    admission = Admission(max_in_flight=1, max_queue=2, queue_timeout_s=5)
    marker: contextvars.ContextVar[str] = contextvars.ContextVar("marker", default="unset")
    marker.set("from the request")
    assert admission.run(marker.get) == "from the request"
    # Called from three different threads, the work still runs on the one digest thread.
    names: list[str] = []
    callers = [threading.Thread(target=lambda: names.append(admission.run(lambda: threading.current_thread().name)))
               for _ in range(3)]  # fmt: skip
    for caller in callers:
        caller.start()
    for caller in callers:
        caller.join(5)
    assert len(names) == 3 and len(set(names)) == 1 and names[0].startswith("digest")
    with pytest.raises(ZeroDivisionError):
        admission.run(lambda: 1 / 0)
    admission.close()
    assert admission.run(lambda: 42) == 42  # a restarted app gets fresh threads
    admission.close()
