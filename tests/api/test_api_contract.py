"""One wire contract: the digest route's answer is exactly its declared OpenAPI schema, and nothing more.

``api/schemas.py`` is the single source of the digest JSON's shape: the route
returns ``Digest.to_dict()`` through ``response_model=DigestResponse``, every
response model forbids extra keys, and these tests validate real answers (the
seeds, which have conflicts and disputed points; a hand-built digest with every
field set) against the schema the service publishes. A key added to any
``to_dict()`` without the schema, or a schema field the library stops writing,
fails here.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
from api_helpers import FakeSummarizer, assert_problem, body_of
from fastapi.testclient import TestClient

from summarizer import Article, ArticleReport, Citation, Claim, Conflict, Digest, Point, Summarizer

DIGEST_PATH = "/v1/digest"


def response_schema(client: TestClient, path: str = DIGEST_PATH) -> dict[str, Any]:
    """The schema the service declares for a 200 from ``POST path``, with its components to resolve refs."""
    document = client.get("/openapi.json").json()
    declared = document["paths"][path]["post"]["responses"]["200"]["content"]["application/json"]["schema"]
    return {**declared, "components": document["components"]}


def validate(answer: Any, schema: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator(schema).validate(answer)


def object_schemas(schema: dict[str, Any], components: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every object schema reachable from ``schema``, refs followed, with its name or path."""
    seen: set[str] = set()

    def walk(node: Any, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                name = ref.rsplit("/", 1)[-1]
                if name not in seen:
                    seen.add(name)
                    yield from walk(components["schemas"][name], name)
                return
            if node.get("type") == "object" or "properties" in node:
                yield where, node
            for key, child in node.items():
                if key != "components":
                    yield from walk(child, f"{where}.{key}")
        elif isinstance(node, list):
            for index, child in enumerate(node):
                yield from walk(child, f"{where}[{index}]")

    yield from walk(schema, "DigestResponse")


@pytest.fixture
def fake_client(make_client: Any) -> TestClient:
    return make_client()


def full_digest() -> Digest:
    """A digest with every field the records have, set: two points, one disputed, a conflict, reports."""
    a = Article(id="a", text="Officials said 12,000 troops were sent. The talks resume Monday.")
    b = Article(id="b", text="About 11,000 troops were sent, officials said. Talks resume on Monday.")
    cite = [Citation("a", 0, 39, a.text[0:39]), Citation("b", 0, 46, b.text[0:46])]
    conflict = Conflict(
        "troops sent", (Claim("a", "12,000", 0, 39, a.text[0:39]), Claim("b", "11,000", 0, 46, b.text[0:46]))
    )
    points = (
        Point(cite[0].text, tuple(cite), disputed=(0,)),
        Point("The talks resume Monday.", (Citation("a", 40, 64, a.text[40:64]),)),
    )
    reports = (ArticleReport("a", "Troops", 2, 0, 1), ArticleReport("b", None, 2, 1, 0))
    meta = {"model": "m", "device": "cpu", "rewrite_model": None, "max_words": 60, "timings_ms": {"total": 1.5}}
    return Digest(points, (conflict,), reports, meta)


FULL_REQUEST = {"articles": [{"id": "a", "text": "x"}, {"id": "b", "text": "y"}]}


class FullFake(FakeSummarizer):
    def summarize(self, articles: Any, *, max_words: int) -> Digest:
        return full_digest()


def test_every_response_object_forbids_keys_the_schema_does_not_name(fake_client: TestClient) -> None:
    schema = response_schema(fake_client)
    found = dict(object_schemas(schema, schema["components"]))
    assert {
        "DigestResponse",
        "PointOut",
        "CitationOut",
        "ConflictOut",
        "ClaimOut",
        "ArticleReportOut",
        "MetaOut",
    } <= set(found)
    for name, node in found.items():
        if "properties" in node:  # a record: closed, and every key the library always writes is required
            assert node.get("additionalProperties") is False, name
        else:  # a map (timings_ms): open keys, typed values
            assert isinstance(node.get("additionalProperties"), dict), name


def test_a_digest_with_every_field_set_is_exactly_the_declared_schema(make_client: Any) -> None:
    client = make_client(FullFake())
    response = client.post(DIGEST_PATH, json=FULL_REQUEST)
    assert response.status_code == 200, response.text
    assert response.json() == full_digest().to_dict()  # the schema neither adds, drops nor renames a key
    validate(response.json(), response_schema(client))


@pytest.mark.parametrize(
    ("record", "extra"),
    [
        (Citation, "score"),
        (Point, "rank"),
        (Claim, "unit"),
        (Conflict, "kind"),
        (ArticleReport, "language"),
        (Digest, "stories"),
    ],
)
def test_a_key_added_to_any_to_dict_without_the_schema_is_caught(
    make_client: Any, monkeypatch: pytest.MonkeyPatch, record: type, extra: str
) -> None:
    """What the contract guards against: the library grows a key, the schema does not."""
    original = record.to_dict
    monkeypatch.setattr(record, "to_dict", lambda self: {**original(self), extra: 1})
    client = make_client(FullFake(), raise_server_exceptions=False)
    with pytest.raises(jsonschema.ValidationError, match=extra):
        validate(full_digest().to_dict(), response_schema(client))
    # And the route refuses to send it (a 500 in production, an exception in the test suite).
    assert_problem(client.post(DIGEST_PATH, json=FULL_REQUEST), 500)


def test_a_key_the_library_stops_writing_is_caught(make_client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    original = Point.to_dict
    monkeypatch.setattr(Point, "to_dict", lambda self: {k: v for k, v in original(self).items() if k != "disputed"})
    client = make_client(FullFake())
    with pytest.raises(jsonschema.ValidationError, match="disputed"):
        validate(full_digest().to_dict(), response_schema(client))


@pytest.mark.model
def test_the_seed_digest_with_its_conflicts_is_exactly_the_declared_schema(
    make_client: Any, real_summarizer: Summarizer, seed_articles: list[Article]
) -> None:
    client = make_client(real_summarizer)
    response = client.post(DIGEST_PATH, json=body_of(seed_articles))
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["conflicts"] and any(p["disputed"] for p in answer["points"]), "the seeds dispute figures"
    validate(answer, response_schema(client))
    # The wire is the library's JSON, key for key (the model's name aside, which the service may shorten).
    direct = real_summarizer.summarize(seed_articles, max_words=answer["meta"]["max_words"]).to_dict()
    assert _keys(answer) == _keys(direct)


def _keys(value: Any) -> Any:
    """The key structure of a JSON value, values left out (timings differ between runs)."""
    if isinstance(value, dict):
        return {key: _keys(child) for key, child in value.items() if key != "timings_ms"}
    if isinstance(value, list):
        return [_keys(child) for child in value]
    return None
