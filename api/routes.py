"""The endpoints: health probes (always open), metrics and the digest (behind the API key when set)."""

from __future__ import annotations

from functools import partial
from typing import Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse

from api.admission import Overloaded
from api.articles import request_articles
from api.deps import AdmissionDep, DigestRequestDep, ReadySummarizerDep, SettingsDep, require_api_key
from api.metrics import METRICS_CONTENT_TYPE
from api.problems import PROBLEM_MEDIA_TYPE, ProblemError
from api.schemas import DigestResponse, Health, Readiness

REQUEST_BODY_REF = "#/components/schemas/DigestRequest"


def _problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for problem+json answers."""
    schema = {"$ref": "#/components/schemas/Problem"}
    return {
        status: {"description": "Problem", "content": {PROBLEM_MEDIA_TYPE: {"schema": schema}}} for status in statuses
    }


health = APIRouter(tags=["health"])
protected = APIRouter(dependencies=[Depends(require_api_key)])


@health.get("/healthz", response_model=Health, summary="The process is up")
async def healthz() -> Health:
    return Health()


@health.get("/readyz", response_model=Readiness, responses=_problems(503), summary="The model is loaded")
async def readyz(summarizer: ReadySummarizerDep) -> Readiness:
    return Readiness(model=summarizer.model_name, device=summarizer.device)


@protected.get(
    "/metrics",
    tags=["operations"],
    summary="Prometheus metrics",
    response_class=Response,
    responses={200: {"content": {METRICS_CONTENT_TYPE: {}}}, **_problems(401)},
)
async def metrics(request: Request) -> Response:
    return Response(request.app.state.metrics.render(), media_type=METRICS_CONTENT_TYPE)


@protected.post(
    "/v1/digest",
    tags=["digest"],
    summary="Digest a set of articles about one event",
    response_model=DigestResponse,
    responses=_problems(400, 401, 413, 415, 422, 500, 503),
    # The body is parsed by a dependency (after the key and readiness checks), so it is declared here.
    openapi_extra={
        "requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": REQUEST_BODY_REF}}}}
    },
)
def create_digest(
    summarizer: ReadySummarizerDep,
    body: DigestRequestDep,
    admission: AdmissionDep,
    settings: SettingsDep,
) -> JSONResponse:
    """Cited digest points and cross-source conflicts, as the contract's JSON.

    Runs in the thread pool (plain ``def``); ``admission`` bounds how many digests run at once
    and runs them on its own threads.
    """
    sent = request_articles(body, settings)  # html extracted, urls fetched: before admission, on this thread
    max_words = body.max_words if body.max_words is not None else settings.default_max_words
    try:
        digest = admission.run(partial(summarizer.summarize, sent.articles, max_words=max_words))
    except Overloaded as exc:
        raise ProblemError(
            503,
            f"the service is at capacity ({exc}); retry after {settings.retry_after_s} s",
            kind="overloaded",
            headers={"Retry-After": str(settings.retry_after_s)},
        ) from None
    return JSONResponse(sent.complete(digest, include_text=body.include_text).to_dict())
