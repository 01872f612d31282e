"""Every bad request gets a 4xx problem+json that says what is wrong (fake summariser: no model needed)."""

from __future__ import annotations

from typing import Any

import pytest
from api_helpers import FakeSummarizer, assert_problem, small_body
from fastapi.testclient import TestClient

JSON = {"content-type": "application/json"}


def post_raw(client: TestClient, content: bytes, headers: dict[str, str] | None = None) -> Any:
    return client.post("/v1/digest", content=content, headers=JSON if headers is None else headers)


def test_a_valid_request_gets_the_contract_json(client: TestClient) -> None:
    response = client.post("/v1/digest", json=small_body(2))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    digest = response.json()
    assert set(digest) == {"points", "conflicts", "articles", "meta"}
    assert [a["id"] for a in digest["articles"]] == ["a0", "a1"]


def test_max_words_defaults_to_the_setting_and_passes_through(make_client: Any) -> None:
    fake = FakeSummarizer()
    client = make_client(fake, default_max_words=77)
    assert client.post("/v1/digest", json=small_body(1)).status_code == 200
    assert client.post("/v1/digest", json=small_body(1, max_words=42)).status_code == 200
    assert [words for _, words in fake.calls] == [77, 42]


def test_article_fields_reach_the_library_unchanged(make_client: Any) -> None:
    fake = FakeSummarizer()
    client = make_client(fake)
    article = {
        "id": "x",
        "text": "  Text with  odd spacing.\r\n",
        "title": "T",
        "source": "S",
        "url": "u",
        "published": "2024",
    }
    assert client.post("/v1/digest", json={"articles": [article]}).status_code == 200
    sent = fake.calls[0][0][0]
    assert (sent.id, sent.text, sent.title, sent.source, sent.url, sent.published) == tuple(article.values())


@pytest.mark.parametrize(
    ("content", "mentions"),
    [
        (b'{"articles": [', "not valid JSON"),
        (b"{'articles': []}", "not valid JSON"),
        (b'{"articles": [{"id": "a", "text": "x"}]} trailing', "not valid JSON"),
        (b"\xff\xfe\x00garbage", "not valid JSON"),
        (b"[" * 5000 + b"]" * 5000, "not valid JSON"),
        (b"", "empty"),
        (b"   \n", "empty"),
    ],
    ids=["truncated", "single-quotes", "trailing-garbage", "not-utf8", "deeply-nested", "empty", "blank"],
)
def test_malformed_json_is_400(client: TestClient, content: bytes, mentions: str) -> None:
    assert_problem(post_raw(client, content), 400, kind="invalid-json", mentions=mentions)


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"])
def test_a_body_that_is_not_declared_json_is_415(client: TestClient, content_type: str) -> None:
    response = post_raw(client, b'{"articles": [{"id": "a", "text": "x"}]}', {"content-type": content_type})
    assert_problem(response, 415, kind="unsupported-media-type", mentions="application/json")


def test_a_body_without_content_type_is_415(client: TestClient) -> None:
    response = post_raw(client, b'{"articles": [{"id": "a", "text": "x"}]}', {})
    assert_problem(response, 415, mentions="none")


def test_json_variants_of_the_content_type_are_accepted(client: TestClient) -> None:
    body = b'{"articles": [{"id": "a", "text": "x"}]}'
    for content_type in ("application/json; charset=utf-8", "application/vnd.digest+json"):
        assert post_raw(client, body, {"content-type": content_type}).status_code == 200


@pytest.mark.parametrize(
    ("body", "loc", "mentions"),
    [
        ([], "(body)", "object"),
        ({"articles": "text"}, "articles", "valid array"),
        ({"articles": [{"id": 7, "text": "x"}]}, "articles[0].id", "valid string"),
        ({"articles": [{"id": "a", "text": ["x"]}]}, "articles[0].text", "valid string"),
        ({"articles": [{"id": "a", "text": 3.5}]}, "articles[0].text", "valid string"),
        ({"articles": [{"id": "a"}]}, "articles[0].text", "required"),
        ({"articles": ["just a string"]}, "articles[0]", "object"),
        ({"articles": [{"id": "a", "text": "x", "title": 5}]}, "articles[0].title", "valid string"),
        ({"articles": [{"id": "a", "text": "x"}], "max_words": "120"}, "max_words", "valid integer"),
        ({"articles": [{"id": "a", "text": "x"}], "max_words": 12.5}, "max_words", "valid integer"),
        ({"articles": [{"id": "a", "text": "x"}], "max_words": True}, "max_words", "valid integer"),
        ({"articles": [{"id": "a", "text": "x"}], "maxwords": 60}, "maxwords", "not permitted"),
        ({}, "articles", "required"),
    ],
    ids=[
        "array-body", "articles-not-list", "int-id", "list-text", "float-text", "missing-text",
        "string-article", "int-title", "string-max-words", "float-max-words", "bool-max-words",
        "unknown-field", "missing-articles",
    ],
)  # fmt: skip
def test_wrong_types_are_422_naming_the_field(client: TestClient, body: Any, loc: str, mentions: str) -> None:
    problem = assert_problem(client.post("/v1/digest", json=body), 422, kind="invalid-body")
    matching = [e for e in problem["errors"] if e["loc"] == loc]
    assert matching, problem["errors"]
    assert mentions in matching[0]["msg"]
    assert loc in problem["detail"]


def test_an_empty_article_list_is_422(client: TestClient) -> None:
    problem = assert_problem(client.post("/v1/digest", json={"articles": []}), 422, mentions="articles")
    assert problem["errors"][0]["type"] == "too_short"


@pytest.mark.parametrize("text", ["", " ", "\n\t  \r\n", "\u00a0\u2003"])
def test_empty_or_whitespace_texts_are_422(client: TestClient, text: str) -> None:
    body = {"articles": [{"id": "a", "text": "Fine text."}, {"id": "b", "text": text}]}
    problem = assert_problem(client.post("/v1/digest", json=body), 422, mentions="articles[1].text")
    assert [e["loc"] for e in problem["errors"]] == ["articles[1].text"]


@pytest.mark.parametrize("article_id", ["", "   "])
def test_blank_ids_are_422(client: TestClient, article_id: str) -> None:
    body = {"articles": [{"id": article_id, "text": "Fine text."}]}
    assert_problem(client.post("/v1/digest", json=body), 422, mentions="articles[0].id")


def test_duplicate_ids_are_422_naming_the_id(client: TestClient) -> None:
    body = {"articles": [{"id": "dup", "text": "One."}, {"id": "ok", "text": "Two."}, {"id": "dup", "text": "Three."}]}
    problem = assert_problem(client.post("/v1/digest", json=body), 422, mentions="'dup'")
    assert "unique" in problem["detail"]


def test_many_errors_are_all_listed(client: TestClient) -> None:
    body = {"articles": [{"id": i, "text": i} for i in range(6)]}
    problem = assert_problem(client.post("/v1/digest", json=body), 422)
    assert len(problem["errors"]) == 12
    assert "more" in problem["detail"]


def test_problems_never_echo_the_input(client: TestClient) -> None:
    secret = "a very private article text"
    body = {"articles": [{"id": 1, "text": secret}]}
    response = client.post("/v1/digest", json=body)
    assert response.status_code == 422
    assert secret not in response.text


def test_unknown_paths_and_methods_are_problems(client: TestClient) -> None:
    assert_problem(client.get("/v2/digest"), 404, mentions="/docs")
    response = client.get("/v1/digest")
    assert_problem(response, 405, mentions="POST")
    assert response.headers["allow"] == "POST"
