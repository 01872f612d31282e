"""Files, folders and stdin: what is read, exactly which text offsets index, and what is skipped."""

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
    assert loaded.articles[0].text == NEWS and loaded.articles[0].derived_from is None


def test_bom_and_crlf_text_is_the_file_read_with_newline_empty(tmp_path):
    """The contract: offsets index open(path, encoding="utf-8-sig", newline="").read()."""
    body = "Flood waters rose overnight.\r\nThe mayor spoke at dawn.\r\n\r\nSchools stay shut.\rOld Mac line end.\n"
    path = tmp_path / "wire.txt"
    path.write_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"))
    (article,) = load_paths([path]).articles
    with open(path, encoding="utf-8-sig", newline="") as handle:
        assert article.text == handle.read() == body
    start = article.text.index("The mayor")
    assert article.text[start : start + len("The mayor spoke at dawn.")] == "The mayor spoke at dawn."
    assert article.derived_from is None  # UTF-8, BOM or not: the caller's own text


def test_utf16_with_a_bom_is_decoded_and_marked(tmp_path):
    (tmp_path / "memo.txt").write_bytes("Der Rat stimmte am Montag zu. Die Brücke kommt.".encode("utf-16"))
    (article,) = load_paths([tmp_path]).articles
    assert article.text == "Der Rat stimmte am Montag zu. Die Brücke kommt." and article.derived_from == "utf-16"


def test_cp1252_file_is_decoded_not_skipped(tmp_path, caplog):
    """Word-processor exports: curly quotes, dashes and the euro sign in windows-1252."""
    text = (
        "The minister said: \u201cWe will not back down\u201d \u2013 prices rose by 5\u20ac a week. Caf\u00e9s closed."
    )
    (tmp_path / "legacy.txt").write_bytes(text.encode("cp1252"))
    with caplog.at_level(logging.WARNING, logger="summarizer.ingest"):
        (article,) = load_paths([tmp_path]).articles
    assert article.text == text and article.derived_from == "cp1252"
    assert "legacy.txt is not UTF-8: read as cp1252" in caplog.text


def test_a_mix_of_good_and_unusable_files_keeps_the_good_and_names_each_bad_one(tmp_path, caplog):
    (tmp_path / "good.txt").write_text(NEWS, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "blank.txt").write_text("  \n\n ", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "broken.json").write_text('{"text": "unterminated', encoding="utf-8")
    (tmp_path / "nothing.html").write_text(
        "<html><head><script>var a = 1;</script></head><body><img src=x.png></body></html>"
    )
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 au lait co\xfbte cher, dit le ma\xeetre.".encode("latin-1"))
    with caplog.at_level(logging.WARNING, logger="summarizer.ingest"):
        loaded = load_paths([tmp_path])
    assert [a.id for a in loaded.articles] == ["good", "latin1"]
    assert loaded.articles[1].text == "Café au lait coûte cher, dit le maître."
    reasons = {s.source.rsplit("/", 1)[-1]: s.reason for s in loaded.skipped}
    assert reasons["empty.txt"] == "empty file" and reasons["blank.txt"] == "empty file"
    assert reasons["binary.txt"] == "binary file, not text"
    assert reasons["broken.json"].startswith("invalid JSON at line 1")
    assert reasons["nothing.html"] == "no article text found in the HTML"
    for name in ("empty.txt", "blank.txt", "binary.txt", "broken.json", "nothing.html"):
        assert f"{name}: " in caplog.text  # one warning line naming each


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


def test_a_txt_file_that_holds_a_web_page_is_read_as_html(tmp_path, caplog):
    page = (
        "<!DOCTYPE html><html><head><title>Bridge</title><script>// analytics boot\nvar x = 1;</script></head>"
        f"<body><article><p>{NEWS} {NEWS}</p><p>{NEWS}</p></article></body></html>"
    )
    (tmp_path / "saved.txt").write_text(page, encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="summarizer.ingest"):
        (article,) = load_paths([tmp_path]).articles
    assert article.derived_from == "html" and "analytics" not in article.text and NEWS in article.text
    assert "saved.txt holds an HTML page" in caplog.text


def test_stdin_text_json_and_jsonl():
    assert load_paths(["-"], stdin=io.StringIO(NEWS)).articles[0].id == "stdin"
    payload = json.dumps([{"id": "s1", "text": NEWS}, {"id": "s2", "text": NEWS}])
    assert [a.id for a in load_paths(["-"], stdin=io.StringIO(payload)).articles] == ["s1", "s2"]
    lines = "\n".join(json.dumps({"id": f"l{i}", "text": NEWS}) for i in range(3))
    assert [a.id for a in load_paths(["-"], stdin=io.StringIO(lines)).articles] == ["l0", "l1", "l2"]


def test_stdin_bytes_keep_crlf_and_drop_the_bom():
    """sys.stdin.buffer is read, not the text layer that would translate line ends."""
    data = b"\xef\xbb\xbfFirst line of the wire story.\r\nSecond line.\r\n"
    (article,) = load_paths(["-"], stdin=io.BytesIO(data)).articles
    assert article.text == "First line of the wire story.\r\nSecond line.\r\n"


def test_html_piped_to_stdin_is_detected_not_read_as_text():
    page = (
        "<!doctype html>\n<html><head><script>/* tracking: do not remove */ window.dataLayer = [];</script></head>"
        f"<body><header>Menu Home News</header><main><h1>Bridge approved</h1><p>{NEWS}</p><p>{NEWS} {NEWS}</p>"
        "</main></body></html>"
    )
    (article,) = load_paths(["-"], stdin=io.BytesIO(page.encode("utf-8"))).articles
    assert article.derived_from == "html"
    assert "council approved the new bridge" in article.text and "tracking" not in article.text


def test_an_html_fragment_on_stdin_is_html_too():
    fragment = f"<p>{NEWS}</p>\n<p>Officials said the cost was $40 million.</p>"
    (article,) = load_paths(["-"], stdin=io.StringIO(fragment)).articles
    assert "<p>" not in article.text and "$40 million" in article.text


def test_prose_that_mentions_a_tag_is_still_text():
    text = "Developers said the <p> tag is misused. Browsers cope anyway, the report said."
    (article,) = load_paths(["-"], stdin=io.StringIO(text)).articles
    assert article.text == text and article.derived_from is None


def test_same_stem_in_two_files_keeps_both(tmp_path):
    (tmp_path / "a.txt").write_text(NEWS, encoding="utf-8")
    (tmp_path / "a.md").write_text(NEWS, encoding="utf-8")
    assert [a.id for a in load_paths([tmp_path]).articles] == ["a", "a~2"]
