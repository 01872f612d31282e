"""JSON and JSONL records: our shape, other tools' output as it is, extra fields ignored."""

import json

import trafilatura

from summarizer.ingest import canonical_fields, load_paths
from tests.ingest.pages import page_bytes

NEWS = "The council approved the new bridge on Monday. Work starts in May."


def test_json_object_list_and_articles_wrapper(tmp_path):
    (tmp_path / "one.json").write_text(json.dumps({"text": NEWS, "title": "Bridge", "url": "https://x.test/a"}))
    (tmp_path / "many.json").write_text(json.dumps([{"id": "x", "text": NEWS}, {"text": NEWS}, {"text": ""}]))
    (tmp_path / "wrapped.json").write_text(json.dumps({"articles": [{"id": 7, "text": NEWS}]}))
    loaded = load_paths([tmp_path])
    assert [a.id for a in loaded.articles] == ["x", "many-2", "one", "7"]
    assert loaded.articles[2].title == "Bridge" and loaded.articles[2].url == "https://x.test/a"
    assert [(s.source, s.reason) for s in loaded.skipped] == [("many item 3", '"text" is missing or empty')]


def test_jsonl_skips_bad_lines_and_keeps_the_rest(tmp_path):
    lines = [
        json.dumps({"id": "p", "text": NEWS}),
        "{not json",
        json.dumps({"id": "q", "text": NEWS, "source": "Wire"}),
    ]
    (tmp_path / "set.jsonl").write_text("\n".join(lines), encoding="utf-8")
    loaded = load_paths([tmp_path / "set.jsonl"])
    assert [(a.id, a.source) for a in loaded.articles] == [("p", None), ("q", "Wire")]
    assert loaded.skipped[0].source == "set:2"


def test_trafilatura_json_output_is_read_as_it_comes(tmp_path):
    """Real `trafilatura --json` output of a real page: "id": null, the URL in "source", the site in "source-hostname"."""
    html = page_bytes("flowfx.de.tmux.html.gz").decode("utf-8")
    record = json.loads(trafilatura.extract(html, output_format="json", with_metadata=True))
    assert record["id"] is None and record["source"].startswith("https://")  # what the tool writes
    (tmp_path / "tmux.json").write_text(json.dumps(record), encoding="utf-8")
    (article,) = load_paths([tmp_path]).articles
    assert article.id == "tmux" and article.text == record["text"]
    assert article.url == "https://flowfx.de/blog/copy-paste-from-tmux-to-system-clipboard/"
    assert article.source == "FlowFX" and article.published == "2020-01-16"
    assert article.title == "Copy & paste from tmux to system clipboard"


def test_trafilatura_jsonl_of_several_pages(tmp_path):
    records = []
    for name in ("flowfx.de.tmux.html.gz", "strafprozess.ch.polizisten.html.gz"):
        html = page_bytes(name).decode("utf-8")
        records.append(trafilatura.extract(html, output_format="json", with_metadata=True))
    (tmp_path / "crawl.jsonl").write_text("\n".join(records) + "\n", encoding="utf-8")
    loaded = load_paths([tmp_path])
    assert [a.id for a in loaded.articles] == ["crawl-1", "crawl-2"] and not loaded.skipped
    assert loaded.articles[1].source == "strafprozess.ch" and loaded.articles[1].published == "2020-02-04"


def test_other_tools_field_names_and_extra_fields(tmp_path):
    news_please = {
        "maintext": NEWS,
        "title": "Bridge",
        "date_publish": "2024-05-06 10:00:00",
        "source_domain": "example.org",
        "url": "https://example.org/bridge",
        "authors": ["A. Writer"],
        "image_url": None,
        "language": "en",
    }
    cms = {
        "uuid": "9f1c",
        "headline": "Bridge vote",
        "body": NEWS,
        "link": "https://cms.example/b",
        "pubDate": "Mon, 06 May 2024",
        "publisher": "Example Daily",
        "tags": ["city"],
        "wordcount": 12,
    }
    (tmp_path / "np.json").write_text(json.dumps(news_please))
    (tmp_path / "cms.json").write_text(json.dumps(cms))
    cms_article, np_article = load_paths([tmp_path]).articles
    assert (np_article.text, np_article.source, np_article.published) == (NEWS, "example.org", "2024-05-06 10:00:00")
    assert (cms_article.title, cms_article.url, cms_article.source) == (
        "Bridge vote",
        "https://cms.example/b",
        "Example Daily",
    )
    assert cms_article.published == "Mon, 06 May 2024"


def test_a_record_with_html_goes_through_the_extractor(tmp_path):
    html = page_bytes("strafprozess.ch.polizisten.html.gz").decode("utf-8")
    (tmp_path / "cms.json").write_text(json.dumps({"id": "p1", "html": html, "title": "Our own title"}))
    (article,) = load_paths([tmp_path]).articles
    assert article.derived_from == "html" and article.title == "Our own title"  # the caller's field wins
    assert "Auch Polizisten im Dienst" in article.text and "<" not in article.text
    assert article.published == "2020-02-04"  # the rest from the page


def test_unusable_ids_and_values_fall_back_instead_of_failing(tmp_path):
    records = [
        {"id": None, "text": NEWS},
        {"id": ["x"], "text": NEWS, "published": 1715000000},
        {"id": "", "text": NEWS},
    ]
    (tmp_path / "odd.json").write_text(json.dumps(records))
    articles = load_paths([tmp_path]).articles
    assert [a.id for a in articles] == ["odd-1", "odd-2", "odd-3"]
    assert articles[1].published is None  # a number is not guessed into a date


def test_a_record_with_only_a_url_says_how_to_fetch_it(tmp_path):
    (tmp_path / "links.json").write_text(json.dumps([{"url": "https://example.org/a"}, {"text": NEWS}]))
    loaded = load_paths([tmp_path])
    assert "pass the URL itself" in loaded.skipped[0].reason


def test_canonical_fields_reads_aliases_first_match_wins():
    fields = canonical_fields(
        {
            "raw_text": "raw",
            "text": "clean",
            "source": "https://a.test/x",
            "sitename": "A",
            "hostname": "a.test",
            "date": "2020-01-01",
            "unknown": 1,
            "title": "  ",
        }
    )
    assert fields == {"text": "clean", "url": "https://a.test/x", "source": "A", "published": "2020-01-01"}
