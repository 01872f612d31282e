"""Articles in: html, urls, other tools' fields, and the text the offsets index coming back."""

from __future__ import annotations

import json
from typing import Any

import pytest
import trafilatura
from api_helpers import FakeSummarizer, assert_problem
from fastapi.testclient import TestClient

from summarizer import Article, Summarizer
from tests.ingest.pages import page_bytes
from tests.page_server import PageServer

DIGEST = "/v1/digest"
NEWS = "The council approved the new bridge on Monday.\nWork starts in May, officials said."
STORY = " ".join(
    [
        "The city council approved the new river bridge on Monday after a four-hour debate.",
        "The vote was seven to two, and construction is due to start in May.",
        "Opponents said the 40 million dollar cost was too high for a city of its size.",
    ]
)


def _page(body: str, title: str = "Bridge approved") -> str:
    return (
        f"<!doctype html><html><head><title>{title}</title><meta property='og:site_name' content='City Paper'>"
        "<meta property='article:published_time' content='2024-05-06'><script>var tracking = 1;</script></head>"
        f"<body><nav><a href='/'>Home</a> <a href='/sport'>Sport</a></nav><article><h1>{title}</h1>"
        f"<p>{body}</p><p>{body}</p></article><footer>Copyright City Paper</footer></body></html>"
    )


def _reports(answer: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {report["id"]: report for report in answer["articles"]}


def _assert_citations_exact(answer: dict[str, Any]) -> None:
    texts = {report["id"]: report["text"] for report in answer["articles"] if "text" in report}
    for point in answer["points"]:
        for citation in point["citations"]:
            if citation["article_id"] in texts:
                text = texts[citation["article_id"]]
                assert text[citation["start"] : citation["end"]] == citation["text"]


def test_html_is_extracted_and_the_answer_carries_the_text_offsets_index(make_client: Any) -> None:
    fake = FakeSummarizer()
    client = make_client(fake)
    html = page_bytes("de.globalvoices.org.nicaragua.html.gz").decode("utf-8")
    body = {"articles": [{"id": "page", "html": html}, {"id": "plain", "text": NEWS}]}
    response = client.post(DIGEST, json=body)
    assert response.status_code == 200, response.text
    answer = response.json()
    reports = _reports(answer)
    assert "Seit dem Ausbruch der Massenproteste gegen" in reports["page"]["text"]
    assert "<" not in reports["page"]["text"] and "Name (Pflichtfeld)" not in reports["page"]["text"]
    assert "text" not in reports["plain"]  # the caller has that text already
    _assert_citations_exact(answer)
    page = fake.calls[0][0][0]
    assert page.source == "Global Voices auf Deutsch" and page.published == "2019-04-30"


def test_include_text_carries_every_article_text(client: TestClient) -> None:
    body = {"articles": [{"id": "a", "text": NEWS}, {"id": "b", "text": STORY}], "include_text": True}
    answer = client.post(DIGEST, json=body).json()
    assert {r["id"]: r["text"] for r in answer["articles"]} == {"a": NEWS, "b": STORY}


def test_unknown_article_fields_are_ignored_but_unknown_top_level_fields_are_not(make_client: Any) -> None:
    fake = FakeSummarizer()
    client = make_client(fake)
    cms = {"id": "c1", "body": NEWS, "headline": "Bridge", "link": "https://paper.example/b", "wordcount": 14,
           "tags": ["city"], "author": {"name": "A. Writer"}, "pubDate": "2024-05-06"}  # fmt: skip
    response = client.post(DIGEST, json={"articles": [cms]})
    assert response.status_code == 200, response.text
    (article,) = fake.calls[0][0]
    assert (article.text, article.title, article.url, article.published) == (
        NEWS, "Bridge", "https://paper.example/b", "2024-05-06"
    )  # fmt: skip
    problem = assert_problem(client.post(DIGEST, json={"articles": [cms], "max_word": 50}), 422)
    assert problem["errors"][0]["loc"] == "max_word"  # a typo at the top is still named


def test_trafilatura_json_is_an_article_as_it_comes(make_client: Any) -> None:
    fake = FakeSummarizer()
    client = make_client(fake)
    html = page_bytes("flowfx.de.tmux.html.gz").decode("utf-8")
    record = json.loads(trafilatura.extract(html, output_format="json", with_metadata=True))
    response = client.post(DIGEST, json={"articles": [record, {"text": NEWS}]})
    assert response.status_code == 200, response.text
    tmux, plain = fake.calls[0][0]
    assert (tmux.id, plain.id) == ("1", "2")  # "id": null: the article's place names it
    assert tmux.url == record["source"] and tmux.source == "FlowFX" and tmux.published == "2020-01-16"
    assert tmux.text == record["text"] and "text" not in _reports(response.json())["1"]


def test_an_html_page_with_no_text_is_reported_and_the_rest_digested(client: TestClient) -> None:
    empty_page = "<html><head><script>var a = 1;</script></head><body><img src='x.png'></body></html>"
    body = {"articles": [{"id": "good", "text": NEWS}, {"id": "empty", "html": empty_page}]}
    response = client.post(DIGEST, json=body)
    assert response.status_code == 200, response.text
    reports = _reports(response.json())
    assert [r["id"] for r in response.json()["articles"]] == ["good", "empty"]  # request order
    assert reports["empty"]["skipped_reason"] == "no article text found in the HTML"
    assert reports["empty"]["sentences"] == 0
    only_empty = {"articles": [{"id": "empty", "html": empty_page}]}
    assert_problem(client.post(DIGEST, json=only_empty), 422, kind="no-articles", mentions="no article text")


def test_urls_are_not_fetched_unless_the_operator_allows_it(client: TestClient, page_server: PageServer) -> None:
    url = page_server.add("/story", _page(STORY))
    problem = assert_problem(
        client.post(DIGEST, json={"articles": [{"id": "u", "url": url}]}), 422, kind="fetch-disabled"
    )
    assert "SUMMARIZER_FETCH_URLS" in problem["detail"] and page_server.hits == []


def test_a_url_to_a_private_address_is_refused_and_never_contacted(make_client: Any, page_server: PageServer) -> None:
    client = make_client(fetch_urls=True)
    url = page_server.add("/story", _page(STORY))
    body = {"articles": [{"id": "u", "url": url}, {"id": "t", "text": NEWS}]}
    response = client.post(DIGEST, json=body)
    assert response.status_code == 200, response.text
    reason = _reports(response.json())["u"]["skipped_reason"]
    assert "127.0.0.1, a private, loopback or link-local address" in reason
    assert "SUMMARIZER_FETCH_PRIVATE_URLS" in reason and page_server.hits == []


def test_a_url_is_fetched_when_allowed_and_its_text_comes_back(make_client: Any, page_server: PageServer) -> None:
    fake = FakeSummarizer()
    client = make_client(fake, fetch_urls=True, fetch_private_urls=True)
    url = page_server.add("/story", _page(STORY))
    page_server.redirect("/gone", "/gone")
    body = {"articles": [{"id": "u", "url": url}, {"id": "loop", "url": page_server.url("/gone")}]}
    response = client.post(DIGEST, json=body)
    assert response.status_code == 200, response.text
    reports = _reports(response.json())
    assert STORY in reports["u"]["text"] and "tracking" not in reports["u"]["text"]
    assert reports["loop"]["skipped_reason"].startswith(f"could not fetch {page_server.url('/gone')}: redirect loop")
    (fetched,) = fake.calls[0][0]
    assert fetched.url == url and fetched.source == "City Paper" and fetched.title == "Bridge approved"
    _assert_citations_exact(response.json())


def test_extracted_text_over_the_article_limit_is_422(make_client: Any) -> None:
    client = make_client(max_article_chars=500)
    html = page_bytes("de.globalvoices.org.nicaragua.html.gz").decode("utf-8")
    problem = assert_problem(client.post(DIGEST, json={"articles": [{"id": "p", "html": html}]}), 422)
    assert problem["limit"] == "SUMMARIZER_MAX_ARTICLE_CHARS" and problem["loc"] == "articles[0]"


def test_ids_left_out_are_numbered_by_place_and_must_not_clash(client: TestClient) -> None:
    clash = {"articles": [{"id": "2", "text": NEWS}, {"text": STORY}]}
    assert_problem(client.post(DIGEST, json=clash), 422, mentions="'2'")


@pytest.mark.model
def test_real_digest_of_html_and_text_cites_exactly_into_the_returned_text(
    make_client: Any, real_summarizer: Summarizer, seed_articles: list[Article]
) -> None:
    client = make_client(real_summarizer)
    pages = [
        {"id": a.id, "html": _page(" ".join(a.text.split("\n\n")[-3:]), title=f"Seed {i}")}
        for i, a in enumerate(seed_articles[:3])
    ]
    texts = [{"id": a.id, "text": a.text} for a in seed_articles[3:]]
    response = client.post(DIGEST, json={"articles": pages + texts, "include_text": True})
    assert response.status_code == 200, response.text
    answer = response.json()
    assert all("text" in report for report in answer["articles"])
    assert any(c["article_id"] == pages[0]["id"] for p in answer["points"] for c in p["citations"])
    _assert_citations_exact(answer)
