"""The OpenAPI document: FastAPI's, plus the request body and problem schemas and this server's limits.

The digest body is parsed by a dependency (so that the key and readiness are
checked before it is read), so its schema is added here by hand; the limits
an operator set are written into it, and the API-key scheme is listed only
when keys are configured, so ``/docs`` and schema-driven clients see what
this server enforces.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from api.schemas import DigestRequest, Problem
from api.settings import Settings

REF_TEMPLATE = "#/components/schemas/{model}"


def build_openapi(app: FastAPI, settings: Settings) -> dict[str, Any]:
    """The app's OpenAPI document, built once and cached on the app."""
    if app.openapi_schema:
        return app.openapi_schema
    document = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for model in (DigestRequest, Problem):
        schema = model.model_json_schema(ref_template=REF_TEMPLATE)
        schemas.update(schema.pop("$defs", {}))
        schemas[model.__name__] = schema
    _write_limits(schemas, settings)
    if not settings.api_keys:
        _drop_security(document)
    app.openapi_schema = document
    return document


def _drop_security(document: dict[str, Any]) -> None:
    """Without configured keys no endpoint asks for one, so the document should not say it does."""
    document.get("components", {}).pop("securitySchemes", None)
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            operation.pop("security", None)
            operation.get("responses", {}).pop("401", None)


def _write_limits(schemas: dict[str, Any], settings: Settings) -> None:
    schemas["DigestRequest"]["properties"]["articles"]["maxItems"] = settings.max_articles
    schemas["ArticleIn"]["properties"]["text"]["maxLength"] = settings.max_article_chars
    max_words = schemas["DigestRequest"]["properties"]["max_words"]
    for option in max_words.get("anyOf", [max_words]):
        if option.get("type") == "integer":
            option["minimum"] = settings.min_max_words
            option["maximum"] = settings.max_max_words
