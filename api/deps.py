"""Request dependencies, in the order a digest request meets them.

require_api_key   401 when keys are configured and none valid was sent
ready_summarizer  503 + Retry-After until the model is loaded
digest_request    415 wrong content type, 400 unreadable JSON, 422 bad fields or
                  over a configured limit (count, characters, max_words); the body
                  is read here, after the checks above, and only up to the size
                  limit (413, see middleware)
"""

from __future__ import annotations

import hmac
from email.message import Message
from typing import Annotated, Any

from fastapi import Depends, Request, Security
from fastapi.exceptions import RequestValidationError
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from pydantic import ValidationError

from api.admission import Admission
from api.problems import ProblemError, retry_after
from api.runtime import ModelLoader, SummarizerLike
from api.schemas import DigestRequest
from api.settings import Settings, env_name

API_KEY_HEADER = "X-API-Key"

_api_key_header = APIKeyHeader(
    name=API_KEY_HEADER, auto_error=False, description="One of SUMMARIZER_API_KEYS, when keys are configured."
)
_bearer = HTTPBearer(auto_error=False, description="The same key as a bearer token (e.g. for Prometheus).")


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


async def get_admission(request: Request) -> Admission:
    return request.app.state.admission


SettingsDep = Annotated[Settings, Depends(get_settings)]
AdmissionDep = Annotated[Admission, Depends(get_admission)]


async def require_api_key(
    settings: SettingsDep,
    api_key: Annotated[str | None, Security(_api_key_header)],
    bearer: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)],
) -> None:
    """Lets the request through when no keys are configured or a configured key was sent."""
    if not settings.api_keys:
        return
    candidate = api_key if api_key is not None else (bearer.credentials if bearer is not None else None)
    challenge = {"WWW-Authenticate": 'Bearer realm="summarizer"'}
    if not candidate:
        raise ProblemError(
            401,
            f"an API key is required; send it in the {API_KEY_HEADER} header or as 'Authorization: Bearer <key>'",
            kind="unauthorized",
            headers=challenge,
        )
    given = candidate.encode()
    # Compare with every key, in constant time, so timing does not reveal which (if any) matched.
    matched = [hmac.compare_digest(given, key.get_secret_value().encode()) for key in settings.api_keys]
    if not any(matched):
        raise ProblemError(
            401, "the API key sent is not valid; ask the operator for one", kind="unauthorized", headers=challenge
        )


async def ready_summarizer(request: Request) -> SummarizerLike:
    """The loaded summariser, or 503 with Retry-After while it loads (or after it failed to)."""
    loader: ModelLoader = request.app.state.loader
    if not loader.ready:
        raise ProblemError(503, loader.public_error, kind="not-ready", headers=retry_after(request))
    return loader.summarizer


async def digest_request(request: Request, settings: SettingsDep) -> DigestRequest:
    """The parsed, validated and limit-checked body of a digest request."""
    _require_json(request.headers.get("content-type"))
    raw = await request.body()  # Stops at SUMMARIZER_MAX_BODY_BYTES (see middleware).
    if not raw.strip():
        raise ProblemError(400, 'the request body is empty; send {"articles": [...]}', kind="invalid-json")
    try:
        body = DigestRequest.model_validate_json(raw)
    except ValidationError as exc:
        errors = exc.errors(include_url=False, include_input=False)
        bad_json = next((e for e in errors if e["type"] == "json_invalid"), None)
        if bad_json is not None:
            reason = bad_json.get("ctx", {}).get("error", bad_json["msg"])
            raise ProblemError(400, f"the request body is not valid JSON: {reason}", kind="invalid-json") from None
        raise RequestValidationError(errors) from None
    request.state.article_count = len(body.articles)
    check_limits(body, settings)
    return body


def check_limits(body: DigestRequest, settings: Settings) -> None:
    """Raises a problem naming the first operator-set limit that ``body`` exceeds."""
    count = len(body.articles)
    if count > settings.max_articles:
        what = f"{count} articles were sent and at most {settings.max_articles} are accepted per request"
        raise _over_limit(422, "max_articles", settings.max_articles, count, what)
    for index, article in enumerate(body.articles):
        chars = len(article.text or "")  # html and fetched pages: their extracted text is checked (api.articles)
        if chars > settings.max_article_chars:
            what = (
                f"articles[{index}] (id {article.id!r}) has {chars} characters of text "
                f"and at most {settings.max_article_chars} are accepted"
            )
            raise _over_limit(
                422, "max_article_chars", settings.max_article_chars, chars, what, loc=f"articles[{index}].text"
            )
    words = body.max_words
    if words is not None and not settings.min_max_words <= words <= settings.max_max_words:
        what = f"max_words is {words} and must lie between {settings.min_max_words} and {settings.max_max_words}"
        if words < settings.min_max_words:
            raise _over_limit(
                422, "min_max_words", settings.min_max_words, words, what, bound="minimum", loc="max_words"
            )
        raise _over_limit(422, "max_max_words", settings.max_max_words, words, what, loc="max_words")


def _over_limit(
    status: int, field: str, limit: int, actual: int, what: str, *, bound: str = "maximum", loc: str | None = None
) -> ProblemError:
    members: dict[str, Any] = {"limit": env_name(field), bound: limit, "actual": actual}
    if loc is not None:
        members["loc"] = loc
    return ProblemError(status, f"{what} (limit {env_name(field)}={limit})", kind="limit-exceeded", **members)


def _require_json(content_type: str | None) -> None:
    if content_type:
        parsed = Message()
        parsed["content-type"] = content_type
        subtype = parsed.get_content_subtype()
        if parsed.get_content_maintype() == "application" and (subtype == "json" or subtype.endswith("+json")):
            return
    raise ProblemError(
        415,
        f"the request body must be JSON, sent with 'Content-Type: application/json' (got {content_type or 'none'!r})",
        kind="unsupported-media-type",
    )


ReadySummarizerDep = Annotated[SummarizerLike, Depends(ready_summarizer)]
DigestRequestDep = Annotated[DigestRequest, Depends(digest_request)]
