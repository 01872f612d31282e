"""Computing one request's digest: admission, the client hanging up, the time budget.

``compute(request, work)`` runs ``work`` (a call into the library) on a digest
thread once admission lets it, and turns what can go wrong on the way into the
service's problems:

    queue full or wait too long     503 overloaded, Retry-After
    service shutting down           503 shutting-down, Retry-After (answered at once)
    client hung up while waiting    499 client-closed: dropped, never computed
    time budget spent               422 too-costly (send less) when the digest ran alone,
                                    503 busy when other digests shared the machine

Routes that compute (the digest, the stories) all go through here.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial
from typing import TypeVar

import anyio
from anyio import to_thread
from fastapi import Request

from api.admission import Abandoned, Admission, Overloaded, Run, ShuttingDown
from api.problems import CLIENT_CLOSED, ProblemError, retry_after
from api.settings import Settings, env_name
from summarizer.errors import BudgetExceededError

T = TypeVar("T")


async def compute(request: Request, work: Callable[[], T]) -> T:
    """``work()`` once admitted, on a digest thread; raises ``ProblemError`` for the cases above."""
    admission: Admission = request.app.state.admission
    settings: Settings = request.app.state.settings
    run = Run()
    try:
        return await _watching_the_client(request, lambda gone: admission.run(work, abandoned=gone, run=run))
    except ShuttingDown:
        raise ProblemError(
            503,
            "the service is shutting down and did not start this digest; send it again (to another instance)",
            kind="shutting-down",
            headers=retry_after(request),
        ) from None
    except Overloaded as exc:
        raise ProblemError(
            503,
            f"the service is at capacity ({exc}); retry after {settings.retry_after_s} s",
            kind="overloaded",
            headers=retry_after(request),
        ) from None
    except Abandoned:
        raise ProblemError(
            CLIENT_CLOSED, "the client closed the connection before the digest started", kind="client-closed"
        ) from None
    except BudgetExceededError as exc:
        raise _over_budget(exc, shared=run.shared, request=request) from None


def _over_budget(exc: BudgetExceededError, *, shared: bool, request: Request) -> ProblemError:
    setting = env_name("time_budget_s")
    if shared:
        # Other digests ran alongside: the machine was busy, the request may well fit alone.
        return ProblemError(
            503,
            f"the service was busy and the digest did not finish within its time budget of {exc.seconds:g} s "
            f"({setting}); retry later",
            kind="busy",
            headers=retry_after(request),
        )
    return ProblemError(
        422,
        f"the digest needs more than its time budget of {exc.seconds:g} s ({setting}) on this server; it was "
        f"stopped in the {exc.stage} stage. Send fewer or shorter articles",
        kind="too-costly",
        limit=setting,
        maximum=exc.seconds,
        stage=exc.stage,
    )


async def _watching_the_client(request: Request, call: Callable[[Callable[[], bool]], T]) -> T:
    """``call(gone)`` in a worker thread, where ``gone()`` turns true once the client has hung up.

    The body has been read by then, so the next ASGI message is the disconnect; the
    digest thread looks at ``gone`` before it starts and the server holds nothing for
    a client that left.
    """
    gone = threading.Event()

    async def watch() -> None:
        while True:
            message = await request.receive()
            if message["type"] == "http.disconnect":
                gone.set()
                return

    failure: Exception | None = None
    async with anyio.create_task_group() as group:
        group.start_soon(watch)
        try:
            result = await to_thread.run_sync(partial(call, gone.is_set))
        except Exception as exc:  # re-raised below: out of the task group it would come wrapped in a group
            failure = exc
        finally:
            group.cancel_scope.cancel()
    if failure is not None:
        raise failure
    return result
