"""Errors as RFC 9457 problem documents, mapped once for the whole service.

    caller's fault                      4xx, ``type`` names the problem, ``detail`` says what to fix
      ProblemError(400..499)            raised by the service itself (JSON, content type, limits, auth)
      pydantic validation               422, one entry per bad field in ``errors``
      InputError / NoContentError       422 (the library's message says how to fix the input)
      BudgetExceededError, alone        422 too-costly (see ``compute``)
      Starlette HTTPException           its own status (404, 405, 408, 413 ...)
      client hung up                    499, logged, answered to nobody (see ``compute``, ``ClientDisconnect``)
    server side                         5xx
      ModelUnavailableError, not ready  503 with Retry-After (the reason stays in the log: it holds paths)
      overloaded, shutting down, busy   503 with Retry-After
      anything unexpected               500 carrying the request id (see ``middleware``)

Every problem carries the request id that also appears in the request's log line.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect

from api.settings import env_name
from summarizer.errors import (
    InputError,
    ModelUnavailableError,
    NoArticlesError,
    NoContentError,
    SummarizerError,
)

log = logging.getLogger("api.error")

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_TYPE_PREFIX = "urn:summarizer:problem:"
# nginx's status for a request whose client closed the connection first: never seen by that
# client, it keeps such requests apart from server errors in the log and the metrics.
CLIENT_CLOSED = 499
MODEL_UNAVAILABLE_DETAIL = (
    "the embedding model is not available, so this service cannot digest now; the service log says why"
)

# The library's errors, by status and problem type; looked up along the exception's MRO.
LIBRARY_ERRORS: dict[type[SummarizerError], tuple[int, str]] = {
    NoContentError: (422, "no-content"),
    NoArticlesError: (422, "no-articles"),
    InputError: (422, "unusable-input"),
    ModelUnavailableError: (503, "model-unavailable"),
}


class ProblemError(Exception):
    """Raise to answer with a problem document; ``extensions`` become extra members."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        kind: str | None = None,
        headers: Mapping[str, str] | None = None,
        **extensions: Any,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.kind = kind
        self.headers = dict(headers or {})
        self.extensions = extensions


def problem_body(
    status: int,
    detail: str,
    *,
    kind: str | None = None,
    instance: str | None = None,
    request_id: str | None = None,
    **extensions: Any,
) -> dict[str, Any]:
    """The JSON members of a problem document."""
    body: dict[str, Any] = {
        "type": f"{PROBLEM_TYPE_PREFIX}{kind}" if kind else "about:blank",
        "title": _title(status),
        "status": status,
        "detail": detail,
    }
    if instance is not None:
        body["instance"] = instance
    if request_id is not None:
        body["request_id"] = request_id
    body.update(extensions)
    return body


def problem_response(
    request: Request,
    status: int,
    detail: str,
    *,
    kind: str | None = None,
    headers: Mapping[str, str] | None = None,
    **extensions: Any,
) -> JSONResponse:
    """A problem+json response for ``request``, carrying its request id."""
    body = problem_body(
        status,
        detail,
        kind=kind,
        instance=request.url.path,
        request_id=request.scope.get("state", {}).get("request_id"),
        **extensions,
    )
    return JSONResponse(body, status_code=status, headers=dict(headers or {}), media_type=PROBLEM_MEDIA_TYPE)


def retry_after(request: Request) -> dict[str, str]:
    """The Retry-After header every 503 carries."""
    return {"Retry-After": str(request.app.state.settings.retry_after_s)}


def field_problems(errors: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    """Pydantic errors as ``{"loc": "articles[2].text", "type", "msg"}``, never echoing the input."""
    problems = []
    for error in errors:
        loc = [part for part in error.get("loc", ()) if part != "body"]
        path = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc).lstrip(".")
        msg = str(error.get("msg", "invalid")).removeprefix("Value error, ")
        problems.append({"loc": path or "(body)", "type": str(error.get("type", "invalid")), "msg": msg})
    return problems


def validation_problem(request: Request, errors: Iterable[Mapping[str, Any]]) -> JSONResponse:
    """422 naming each bad field; ``detail`` sums up the first few."""
    problems = field_problems(errors)
    shown = "; ".join(f"{p['loc']}: {p['msg']}" for p in problems[:3])
    more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
    return problem_response(request, 422, f"{shown}{more}", kind="invalid-body", errors=problems)


def install_problem_handlers(app: FastAPI) -> None:
    """Route every error the service knows about to a problem document."""
    app.add_exception_handler(ProblemError, _on_problem)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _on_validation)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _on_http)  # type: ignore[arg-type]
    app.add_exception_handler(ClientDisconnect, _on_client_disconnect)  # type: ignore[arg-type]
    for error_type in LIBRARY_ERRORS:
        app.add_exception_handler(error_type, _on_library)  # type: ignore[arg-type]


async def _on_problem(request: Request, exc: ProblemError) -> JSONResponse:
    return problem_response(request, exc.status, exc.detail, kind=exc.kind, headers=exc.headers, **exc.extensions)


async def _on_validation(request: Request, exc: RequestValidationError) -> JSONResponse:
    return validation_problem(request, exc.errors())


async def _on_http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    if exc.status_code == 413:
        # Raised while the body streams in (see middleware.BodySizeLimitMiddleware).
        limit = request.app.state.settings.max_body_bytes
        return problem_response(
            request,
            413,
            body_too_large_detail(limit),
            kind="body-too-large",
            limit=env_name("max_body_bytes"),
            maximum=limit,
        )
    if exc.status_code == 408:
        # Raised while the body streams in (see middleware.BodySizeLimitMiddleware).
        timeout = request.app.state.settings.body_timeout_s
        detail = (
            f"the request body did not arrive within {timeout:g} s ({env_name('body_timeout_s')}); "
            "send the whole body at once"
        )
        return problem_response(request, 408, detail, kind="body-timeout", headers=exc.headers)
    detail = exc.detail if isinstance(exc.detail, str) else _title(exc.status_code)
    if exc.status_code == 404 and detail == _title(404):
        detail = f"nothing at {request.url.path}; the API is described at /docs"
    elif exc.status_code == 405 and exc.headers and "Allow" in exc.headers:
        detail = f"{request.method} is not allowed on {request.url.path}; use {exc.headers['Allow']}"
    return problem_response(request, exc.status_code, detail, headers=exc.headers)


async def _on_library(request: Request, exc: SummarizerError) -> JSONResponse:
    status, kind = next(LIBRARY_ERRORS[t] for t in type(exc).__mro__ if t in LIBRARY_ERRORS)
    if isinstance(exc, ModelUnavailableError):
        # Its message names install paths and model folders: those are for the operator's log.
        log.error("model unavailable: %s", exc)
        detail = MODEL_UNAVAILABLE_DETAIL
    else:
        detail = str(exc)
    headers = retry_after(request) if status == 503 else None
    return problem_response(request, status, detail, kind=kind, headers=headers)


async def _on_client_disconnect(request: Request, exc: ClientDisconnect) -> JSONResponse:
    # The client left while its body was streaming in: nothing to answer, and not a server error.
    detail = "the client closed the connection while sending the body"
    return problem_response(request, CLIENT_CLOSED, detail, kind="client-closed")


def body_too_large_detail(limit: int) -> str:
    """What a 413 for the body size says."""
    return (
        f"the request body is larger than {limit} bytes ({env_name('max_body_bytes')}); send fewer or shorter articles"
    )


# RFC 9110 names; Python's HTTPStatus still has the older phrases for these (and none for 499).
_TITLES = {413: "Content Too Large", 422: "Unprocessable Content", CLIENT_CLOSED: "Client Closed Request"}


def _title(status: int) -> str:
    if status in _TITLES:
        return _TITLES[status]
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"
