"""Pure ASGI middleware: request context (id, log line, metrics, last-resort answers) and the body limits."""

from __future__ import annotations

import asyncio
import logging
import math
import re
import time
import uuid
from collections.abc import Collection

import anyio
from fastapi.responses import JSONResponse
from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.logs import request_id_var
from api.metrics import UNMATCHED_PATH, Metrics, method_label
from api.problems import PROBLEM_MEDIA_TYPE, body_too_large_detail, problem_body
from api.settings import env_name

REQUEST_ID_HEADER = "X-Request-ID"
# A caller's own request id is kept when it is short and plain, so logs can be joined across services.
_REQUEST_ID_PATTERN = re.compile(r"[A-Za-z0-9._:-]{1,128}")
# On every answer: browsers must not guess a type other than the one sent (a problem or digest as HTML).
SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff"}

access_log = logging.getLogger("api.access")
error_log = logging.getLogger("api.error")


class RequestContextMiddleware:
    """Gives each request an id, logs one line for it, counts it, and turns a crash into a 500 problem.

    Metrics are labelled by the route's path template (``/v1/digest``), never by the path or
    method as sent, so callers cannot add series: unknown paths and methods share ``other``.
    ``known_paths`` adds paths that are not routes of the app (none by default).
    """

    def __init__(self, app: ASGIApp, *, metrics: Metrics, known_paths: Collection[str] = ()) -> None:
        self.app = app
        self.metrics = metrics
        self.known_paths = frozenset(known_paths)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _request_id(scope)
        state = scope.setdefault("state", {})
        state["request_id"] = request_id
        status = 500
        started = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, started
            if message["type"] == "http.response.start":
                started = True
                status = message["status"]
                headers = MutableHeaders(scope=message)
                headers[REQUEST_ID_HEADER] = request_id
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        began = time.perf_counter()
        token = request_id_var.set(request_id)
        try:
            await self.app(scope, receive, send_with_id)
        except asyncio.CancelledError:
            # The server gave up on the request (its shutdown grace period ran out): still answer it.
            if not started:
                status = 503
                detail = "the service stopped before this request was finished; send it again"
                await _answer(scope, receive, send, 503, detail, "shutting-down", request_id)
            raise
        except Exception:
            error_log.exception("unhandled error", extra={"request_id": request_id, "path": scope["path"]})
            if started:
                raise  # Too late to answer; the server drops the connection.
            status = 500
            detail = (
                f"internal error; nothing was wrong with the request. Report request id {request_id} to the operator"
            )
            await _answer(scope, receive, send, 500, detail, "internal-error", request_id)
        finally:
            seconds = time.perf_counter() - began
            path = self._path_label(scope)
            self.metrics.observe(method=method_label(scope["method"]), path=path, status=status, seconds=seconds)
            access_log.info(
                "%s %s %d",
                scope["method"],
                scope["path"],
                status,
                extra={
                    "request_id": request_id,
                    "method": scope["method"],
                    "path": scope["path"],
                    "status": status,
                    "duration_ms": round(seconds * 1000, 2),
                    "articles": state.get("article_count"),
                },
            )
            request_id_var.reset(token)

    def _path_label(self, scope: Scope) -> str:
        route = scope.get("route")  # set by the router on the route it matched (also for 405s)
        template = getattr(route, "path", None)
        if isinstance(template, str) and template:
            return template
        return scope["path"] if scope["path"] in self.known_paths else UNMATCHED_PATH


async def _answer(
    scope: Scope, receive: Receive, send: Send, status: int, detail: str, kind: str, request_id: str
) -> None:
    body = problem_body(status, detail, kind=kind, instance=scope["path"], request_id=request_id)
    headers = {REQUEST_ID_HEADER: request_id, **SECURITY_HEADERS}
    if status == 503:
        headers["Connection"] = "close"
    await JSONResponse(body, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)(scope, receive, send)


class BodyTooLarge(StarletteHTTPException):
    """The body grew past the limit while streaming in (the handler names the limit)."""

    def __init__(self) -> None:
        super().__init__(status_code=413)


class BodyTimeout(StarletteHTTPException):
    """The body did not arrive within the time allowed (a slow or stalled client)."""

    def __init__(self) -> None:
        super().__init__(status_code=408, headers={"Connection": "close"})


class BodySizeLimitMiddleware:
    """Refuses bodies over ``max_body_bytes`` before they are read whole, and bodies that trickle in.

    A declared Content-Length over the limit is answered at once, before any
    other check; a chunked body is counted as it streams in and stopped as
    soon as it passes the limit. (Starlette's own limiter answers in plain
    text; every error here is problem+json.) The whole body must arrive within
    ``body_timeout_s`` of the first read (408 after), so a client that sends
    a byte now and then cannot hold a connection and a request open.
    """

    def __init__(self, app: ASGIApp, *, max_body_bytes: int, body_timeout_s: float | None = None) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.body_timeout_s = body_timeout_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_body_bytes:
            await self._refuse(scope, receive, send)
            return
        received = 0
        body_done = False
        deadline = math.inf

        async def counting_receive() -> Message:
            nonlocal received, body_done, deadline
            if body_done or self.body_timeout_s is None:
                message = await receive()  # after the body: the disconnect, whenever it comes
            else:
                deadline = min(deadline, time.monotonic() + self.body_timeout_s)
                with anyio.move_on_after(deadline - time.monotonic()) as waited:
                    message = await receive()
                if waited.cancelled_caught:
                    raise BodyTimeout()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                body_done = not message.get("more_body", False)
                if received > self.max_body_bytes:
                    raise BodyTooLarge()
            return message

        await self.app(scope, counting_receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        body = problem_body(
            413,
            body_too_large_detail(self.max_body_bytes),
            kind="body-too-large",
            instance=scope["path"],
            request_id=scope.get("state", {}).get("request_id"),
            limit=env_name("max_body_bytes"),
            maximum=self.max_body_bytes,
        )
        response = JSONResponse(body, status_code=413, media_type=PROBLEM_MEDIA_TYPE, headers={"Connection": "close"})
        await response(scope, receive, send)


def _request_id(scope: Scope) -> str:
    given = Headers(scope=scope).get(REQUEST_ID_HEADER, "")
    return given if _REQUEST_ID_PATTERN.fullmatch(given) else uuid.uuid4().hex
