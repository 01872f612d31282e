"""The endpoints: health probes (always open), metrics and the digest (behind the API key when set)."""

from __future__ import annotations

from functools import partial
from typing import Any

from anyio import to_thread
from fastapi import APIRouter, Depends, Request, Response

from api.articles import request_articles
from api.compute import compute
from api.deps import DigestRequestDep, ReadySummarizerDep, SettingsDep, require_api_key
from api.metrics import METRICS_CONTENT_TYPE
from api.problems import PROBLEM_MEDIA_TYPE, ProblemError, retry_after
from api.runtime import ModelLoader, public_digest, public_model_name
from api.schemas import DigestResponse, Health, Readiness, StoriesResponse

REQUEST_BODY_REF = "#/components/schemas/DigestRequest"


def _problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for problem+json answers."""
    schema = {"$ref": "#/components/schemas/Problem"}
    return {
        status: {"description": "Problem", "content": {PROBLEM_MEDIA_TYPE: {"schema": schema}}} for status in statuses
    }


health = APIRouter(tags=["health"])
protected = APIRouter(dependencies=[Depends(require_api_key)])


# HEAD answers as GET does, without the body (load balancers and uptime checks probe with it).
@health.head("/healthz", include_in_schema=False)
@health.get(
    "/healthz",
    response_model=Health,
    responses=_problems(503),
    summary="The process is up (503 once the model failed to load: the service cannot recover)",
)
async def healthz(request: Request) -> Health:
    loader: ModelLoader = request.app.state.loader
    if loader.error is not None:
        raise ProblemError(503, loader.public_error, kind="model-unavailable")
    return Health()


@health.head("/readyz", include_in_schema=False)
@health.get(
    "/readyz",
    response_model=Readiness,
    responses=_problems(503),
    summary="The model is loaded and digests are taken",
)
async def readyz(request: Request, summarizer: ReadySummarizerDep) -> Readiness:
    if request.app.state.admission.draining:
        raise ProblemError(503, "the service is shutting down", kind="shutting-down", headers=retry_after(request))
    return Readiness(model=public_model_name(summarizer.model_name), device=summarizer.device)


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
    # Keys the library leaves out (optional ones) stay out, so the answer is exactly Digest.to_dict().
    response_model_exclude_unset=True,
    responses=_problems(400, 401, 408, 413, 415, 422, 500, 503),
    # The body is parsed by a dependency (after the key and readiness checks), so it is declared here.
    openapi_extra={
        "requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": REQUEST_BODY_REF}}}}
    },
)
async def create_digest(
    request: Request,
    summarizer: ReadySummarizerDep,
    body: DigestRequestDep,
    settings: SettingsDep,
) -> dict[str, Any]:
    """Cited digest points and cross-source conflicts, as the contract's JSON.

    The digest runs on admission's own threads (at most SUMMARIZER_MAX_IN_FLIGHT at once), within
    SUMMARIZER_TIME_BUDGET_S; a request whose client hung up while it waited is dropped.
    """
    # Extracting html and fetching urls block: on a worker thread, before admission (fetches wait on the network).
    sent = await to_thread.run_sync(request_articles, body, settings)
    max_words = body.max_words if body.max_words is not None else settings.default_max_words
    digest = await compute(request, partial(summarizer.summarize, sent.articles, max_words=max_words))
    digest = sent.complete(digest, include_text=body.include_text)
    # Validated against DigestResponse on the way out (response_model): the schema is the contract.
    return public_digest(digest.to_dict())


@protected.post(
    "/v1/stories",
    tags=["stories"],
    summary="Group a mixed feed into stories, each with its own digest",
    response_model=StoriesResponse,
    response_model_exclude_unset=True,
    responses=_problems(400, 401, 408, 413, 415, 422, 500, 503),
    openapi_extra={
        "requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": REQUEST_BODY_REF}}}}
    },
)
async def create_stories(
    request: Request,
    summarizer: ReadySummarizerDep,
    body: DigestRequestDep,
    settings: SettingsDep,
) -> dict[str, Any]:
    """The articles grouped by the event they report, most independent sources first, each story
    digested on its own. The body, limits, admission and errors are those of ``/v1/digest``."""
    sent = await to_thread.run_sync(request_articles, body, settings)
    max_words = body.max_words if body.max_words is not None else settings.default_max_words
    stories = await compute(request, partial(summarizer.stories, sent.articles, max_words=max_words))
    texts = [a for a in sent.articles if body.include_text or a.derived_from]
    answer = stories.to_dict()
    for story, out in zip(stories.stories, answer["stories"], strict=True):
        if story.digest is not None:
            out["digest"] = public_digest(story.digest.with_article_texts(texts).to_dict())
    answer["meta"] = {
        **answer["meta"],
        "model": public_model_name(stories.meta["model"]),
        "skipped": [report.to_dict() for report in sent.skipped],
    }
    return answer
