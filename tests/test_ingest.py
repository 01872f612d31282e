import io
import json
import logging

import pytest

from summarizer.errors import NoArticlesError
from summarizer.ingest import load_paths

NEWS = "The council approved the new bridge on Monday. Work starts in May."


def test_folder_reads_every_supported_file_with_stem_ids(tmp_path):
    (tmp_path / "a.txt").write_text(NEWS, encoding="utf-8")
    (tmp_path / "b.md").write_text("# Bridge\n\n" + NEWS, encoding="utf-8")
    (tmp_path / "notes.csv").write_text("x,y", encoding="utf-8")
    loaded = load_paths([tmp_path])
    assert [a.id for a in loaded.articles] == ["a", "b"]
    assert loaded.articles[0].text == NEWS  # exactly as given: offsets refer to this


def test_bad_files_are_skipped_with_a_warning_naming_them(tmp_path, caplog):
    (tmp_path / "good.txt").write_text(NEWS, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "blank.txt").write_text("  \n\n ", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 au lait co\xfbte cher.".encode("latin-1"))
    with caplog.at_level(logging.WARNING, logger="summarizer.ingest"):
        loaded = load_paths([tmp_path])
    assert [a.id for a in loaded.articles] == ["good"]
    reasons = {s.source.rsplit("/", 1)[-1]: s.reason for s in loaded.skipped}
    assert reasons["empty.txt"] == "empty file" and reasons["blank.txt"] == "empty file"
    assert "binary" in reasons["binary.txt"]
    assert "UTF-8" in reasons["latin1.txt"]
    for name in ("empty.txt", "binary.txt", "latin1.txt"):
        assert name in caplog.text


def test_empty_folder_is_a_clear_error(tmp_path):
    with pytest.raises(NoArticlesError, match="No usable articles"):
        load_paths([tmp_path])


def test_only_empty_files_is_a_clear_error_naming_them(tmp_path):
    (tmp_path / "one.txt").write_text("", encoding="utf-8")
    (tmp_path / "two.txt").write_text("\n", encoding="utf-8")
    with pytest.raises(NoArticlesError, match="one.txt: empty file"):
        load_paths([tmp_path])


def test_missing_path_is_reported(tmp_path):
    with pytest.raises(NoArticlesError, match="no such file"):
        load_paths([tmp_path / "nope"])


def test_json_object_list_and_articles_wrapper(tmp_path):
    (tmp_path / "one.json").write_text(json.dumps({"text": NEWS, "title": "Bridge", "url": "https://x.test/a"}))
    (tmp_path / "many.json").write_text(json.dumps([{"id": "x", "text": NEWS}, {"text": NEWS}, {"text": ""}]))
    (tmp_path / "wrapped.json").write_text(json.dumps({"articles": [{"id": 7, "text": NEWS}]}))
    loaded = load_paths([tmp_path])
    assert [a.id for a in loaded.articles] == ["x", "many-2", "one", "7"]
    assert loaded.articles[2].title == "Bridge" and loaded.articles[2].url == "https://x.test/a"
    assert [s.source for s in loaded.skipped] == ["many item 3"]


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


def test_html_goes_through_the_main_text_extractor(tmp_path):
    body = " ".join([NEWS] * 4)
    html = (
        "<html><head><title>Bridge approved</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/sport'>Sport</a></nav>"
        f"<article><h1>Bridge approved</h1><p>{body}</p><p>{body}</p></article>"
        "<footer>Copyright 2025 Example News. All rights reserved.</footer></body></html>"
    )
    (tmp_path / "page.html").write_text(html, encoding="utf-8")
    (article,) = load_paths([tmp_path]).articles
    assert article.id == "page" and article.title == "Bridge approved"
    assert "council approved the new bridge" in article.text
    assert "Sport" not in article.text and "All rights reserved" not in article.text


def test_stdin_text_and_json():
    assert load_paths(["-"], stdin=io.StringIO(NEWS)).articles[0].id == "stdin"
    payload = json.dumps([{"id": "s1", "text": NEWS}, {"id": "s2", "text": NEWS}])
    assert [a.id for a in load_paths(["-"], stdin=io.StringIO(payload)).articles] == ["s1", "s2"]


def test_same_stem_in_two_files_keeps_both(tmp_path):
    (tmp_path / "a.txt").write_text(NEWS, encoding="utf-8")
    (tmp_path / "a.md").write_text(NEWS, encoding="utf-8")
    assert [a.id for a in load_paths([tmp_path]).articles] == ["a", "a~2"]
