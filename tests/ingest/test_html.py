"""HTML through the main-text extractor, on real pages that people who read them annotated."""

import pytest

from summarizer.ingest import article_from_html, load_paths, looks_like_html
from summarizer.ingest._html import decode_html
from tests.ingest.pages import EXPECTED, page_bytes


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_pages_keep_the_article_and_drop_the_page_around_it(name):
    expected = EXPECTED[name]
    article = article_from_html(decode_html(page_bytes(name)).text, id=name)
    for snippet in expected["with"]:
        assert snippet in article.text, f"lost from the article: {snippet!r}"
    for snippet in expected["without"]:
        assert snippet not in article.text, f"page furniture kept: {snippet!r}"
    assert article.url == expected["url"] and article.derived_from == "html"
    if expected["date"]:
        assert article.published == expected["date"]


def test_page_metadata_fills_title_date_and_site(tmp_path):
    (tmp_path / "nicaragua.html").write_bytes(page_bytes("de.globalvoices.org.nicaragua.html.gz"))
    (article,) = load_paths([tmp_path]).articles
    assert article.id == "nicaragua"
    assert article.title.startswith(
        "Ein Jahr voller Proteste: Nicaraguaner wollen nicht mehr nur den Rücktritt Ortegas"
    )
    assert article.source == "Global Voices auf Deutsch" and article.published == "2019-04-30"


def test_a_page_in_a_legacy_encoding_declared_in_its_meta_tag(tmp_path):
    body = " ".join(["Der Stadtrat hat am Montag die neue Brücke über die Isar genehmigt."] * 3)
    page = (
        '<html><head><meta charset="windows-1252"><title>Brücke genehmigt</title></head>'
        f"<body><article><h1>Brücke genehmigt</h1><p>{body}</p><p>„Endlich“, sagte die Bürgermeisterin.</p>"
        "</article></body></html>"
    )
    (tmp_path / "muenchen.html").write_bytes(page.encode("cp1252"))
    (article,) = load_paths([tmp_path]).articles
    assert "Brücke über die Isar" in article.text and "„Endlich“" in article.text
    assert article.title == "Brücke genehmigt"


def test_caller_fields_win_over_the_page():
    html = page_bytes("flowfx.de.tmux.html.gz").decode("utf-8")
    article = article_from_html(html, id="t", title="Mine", source="Desk", published="2021-01-01")
    assert (article.title, article.source, article.published) == ("Mine", "Desk", "2021-01-01")
    assert article.url == "https://flowfx.de/blog/copy-paste-from-tmux-to-system-clipboard/"


@pytest.mark.parametrize(
    ("text", "is_html"),
    [
        ("<!DOCTYPE html><html><body>x</body></html>", True),
        ('<?xml version="1.0"?>\n<!-- saved --><html xmlns="http://www.w3.org/1999/xhtml"><body/></html>', True),
        ("  <div class='story'><p>Text</p></div>", True),
        ("<p>The council met.</p>", True),
        ("The <p> tag, the report said, is misused.", False),
        ("<Reuters> LONDON, May 3 - Shares fell.", False),
        ("<div>never closed", False),
    ],
)
def test_html_is_told_from_prose(text, is_html):
    assert looks_like_html(text) is is_html
