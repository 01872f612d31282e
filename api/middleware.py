"""Pure ASGI middleware: request context (id, log line, metrics, last-resort 500) and the body size limit."""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Collection

from fastapi.responses import JSONResponse
from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.logs import request_id_var
from api.metrics import UNMATCHED_PATH, Metrics
from api.problems import PROBLEM_MEDIA_TYPE, body_too_large_detail, problem_body
from api.settings import env_name

REQUEST_ID_HEADER = "X-Request-ID"
# A caller's own request id is kept when it is short and plain, so logs can be joined across services.
_REQUEST_ID_PATTERN = re.compile(r"[A-Za-z0-9._:-]{1,128}")

access_log = logging.getLogger("api.access")
error_log = logging.getLogger("api.error")


class RequestContextMiddleware:
    """Gives each request an id, logs one line for it, counts it, and turns a crash into a 500 problem."""

    def __init__(self, app: ASGIApp, *, metrics: Metrics, known_paths: Collection[str]) -> None:
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
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = request_id
            await send(message)

        began = time.perf_counter()
        token = request_id_var.set(request_id)
        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            error_log.exception("unhandled error", extra={"request_id": request_id, "path": scope["path"]})
            if started:
                raise  # Too late to answer; the server drops the connection.
            status = 500
            body = problem_body(
                500,
                f"internal error; nothing was wrong with the request. Report request id {request_id} to the operator",
                kind="internal-error",
                instance=scope["path"],
                request_id=request_id,
            )
            response = JSONResponse(
                body, status_code=500, media_type=PROBLEM_MEDIA_TYPE, headers={REQUEST_ID_HEADER: request_id}
            )
            await response(scope, receive, send)
        finally:
            seconds = time.perf_counter() - began
            path = scope["path"] if scope["path"] in self.known_paths else UNMATCHED_PATH
            self.metrics.observe(method=scope["method"], path=path, status=status, seconds=seconds)
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


class BodyTooLarge(StarletteHTTPException):
    """The body grew past the limit while streaming in (the handler names the limit)."""

    def __init__(self) -> None:
        super().__init__(status_code=413)


class BodySizeLimitMiddleware:
    """Refuses bodies over ``max_body_bytes`` before they are read whole.

    A declared Content-Length over the limit is answered at once, before any
    other check; a chunked body is counted as it streams in and stopped as
    soon as it passes the limit. (Starlette's own limiter answers in plain
    text; every error here is problem+json.)
    """

    def __init__(self, app: ASGIApp, *, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_body_bytes:
            await self._refuse(scope, receive, send)
            return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
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
