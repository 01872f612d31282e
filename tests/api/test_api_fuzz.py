"""Fuzzing: no generated request gets a 5xx.

Two drivers: schemathesis generates requests from the service's own OpenAPI
document (valid and invalid bodies, wrong methods) and sends them to the app
over the real model, checking status, content type and response schema
against the document; hypothesis throws arbitrary bytes, content types and
JSON values at the request parsing of an app over the fake summariser.
"""

from __future__ import annotations

import json
import os
from typing import Any

import pytest
import schemathesis
from api_helpers import FakeSummarizer
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.config import SchemathesisConfig

from api import Settings, create_app
from summarizer import Summarizer

# Small limits keep generated bodies (and digests on the real model) cheap.
FUZZ_LIMITS = {"max_articles": 6, "max_article_chars": 2_000, "max_body_bytes": 64_000}
SCHEMA_EXAMPLES = 60
RAW_EXAMPLES = 80


def _settings() -> Settings:
    """The fuzz limits, whatever SUMMARIZER_* variables the shell has."""
    with pytest.MonkeyPatch.context() as env:
        for name in [n for n in os.environ if n.startswith("SUMMARIZER_")]:
            env.delenv(name)
        return Settings(**FUZZ_LIMITS)


def _app(summarizer: Any) -> FastAPI:
    app = create_app(_settings(), summarizer)
    app.state.loader.start()
    assert app.state.loader.wait(timeout=30)
    return app


@pytest.fixture(scope="module")
def real_app(real_summarizer: Summarizer) -> FastAPI:
    return _app(real_summarizer)


# Schema-valid bodies may still be refused on purpose (repeated ids, blank or boilerplate-only
# texts: rules JSON Schema cannot state), so "positive data accepted" is off; invalid data may
# also meet the body size limit first (413), which the schema cannot state either.
CHECKS = {
    "positive_data_acceptance": {"enabled": False},
    "negative_data_rejection": {"expected-statuses": [400, 401, 403, 404, 405, 406, 409, 413, 415, 422, 428, 429]},
}
# The document does not depend on the summariser: build it from an app over the fake, so that
# collecting this module loads no model. (schemathesis' lazy ``from_fixture`` does not run
# under this pytest.)
schema = schemathesis.openapi.from_dict(
    create_app(_settings(), FakeSummarizer()).openapi(),
    config=SchemathesisConfig.from_dict({"checks": CHECKS}),
)


@pytest.mark.model
@schema.parametrize()
@settings(max_examples=SCHEMA_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_requests_generated_from_the_openapi_schema_never_get_a_5xx(case: Any, real_app: FastAPI) -> None:
    # Status, content type and response body are checked against the document, and no 5xx.
    response = case.call_and_validate(app=real_app)
    assert response.status_code < 500
    if response.status_code >= 400:
        assert response.headers["content-type"] == ["application/problem+json"], response.headers
        assert response.json()["detail"]


@pytest.fixture(scope="module")
def fake_client() -> Any:
    with TestClient(_app(FakeSummarizer())) as client:
        yield client


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)
article_like = st.fixed_dictionaries(
    {"id": st.one_of(st.text(max_size=8), st.integers(), st.none())},
    optional={"text": json_values | st.text(max_size=300), "title": json_values, "extra": json_values},
)
bodies = st.one_of(
    st.binary(max_size=500),
    json_values.map(lambda v: json.dumps(v).encode()),
    st.fixed_dictionaries(
        {"articles": st.lists(article_like, max_size=8) | json_values},
        optional={"max_words": json_values | st.integers(-(10**6), 10**6)},
    ).map(lambda v: json.dumps(v).encode()),
)
content_types = st.sampled_from(
    [
        "application/json",
        "application/problem+json",
        "application/json; charset=latin-1",
        "text/plain",
        "multipart/form-data; boundary=x",
        "",
    ]
)


@given(body=bodies, content_type=content_types)
@settings(max_examples=RAW_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_arbitrary_bodies_never_get_a_5xx(fake_client: TestClient, body: bytes, content_type: str) -> None:
    headers = {"content-type": content_type} if content_type else {}
    response = fake_client.post("/v1/digest", content=body, headers=headers)
    assert response.status_code < 500, response.text
    if response.status_code != 200:
        assert response.headers["content-type"] == "application/problem+json"
        assert 400 <= response.status_code < 500
