"""The CLI as a user runs it on mixed real input: every citation exact in a text the JSON hands back."""

import html
import json

import pytest

from summarizer.cli import EXIT_BAD_INPUT, EXIT_OK, main


def test_no_input_at_all_is_a_one_line_error(capsys):
    assert main(["digest"]) == EXIT_BAD_INPUT
    assert capsys.readouterr().err.strip().splitlines()[-1].startswith("error: Nothing to digest")


def _as_page(text: str) -> str:
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n\n") if p.strip())
    return (
        "<!doctype html><html><head><title>Seed page</title><script>var tracking = true;</script></head>"
        f"<body><nav><a href='/'>Home</a></nav><article>{paragraphs}</article><footer>© Example</footer></body></html>"
    )


@pytest.mark.model
def test_bom_crlf_cp1252_html_and_a_url_all_cite_exactly(tmp_path, seeds_dir, page_server, capsys):
    seeds = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))]
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "crlf.txt").write_bytes(b"\xef\xbb\xbf" + seeds[0].replace("\n", "\r\n").encode("utf-8"))
    (folder / "legacy.txt").write_bytes(seeds[1].encode("cp1252"))
    (folder / "page.html").write_text(_as_page(seeds[2]), encoding="utf-8")
    (folder / "plain.md").write_text(seeds[3], encoding="utf-8")
    (folder / "junk.txt").write_bytes(b"\x00\x01\x02")
    url = page_server.add("/seed-4", _as_page(seeds[4]))
    out = tmp_path / "digest.json"
    code = main(["digest", str(folder), url, "--format", "json", "--device", "cpu", "--out", str(out)])
    assert code == EXIT_OK
    assert "junk.txt: binary file, not text" in capsys.readouterr().err
    data = json.loads(out.read_text(encoding="utf-8"))
    texts = {a["id"]: a["text"] for a in data["articles"]}
    assert set(texts) == {"crlf", "legacy", "page", "plain", url}  # the CLI's JSON always carries the text
    with open(folder / "crlf.txt", encoding="utf-8-sig", newline="") as handle:
        assert texts["crlf"] == handle.read()  # CRLF kept, BOM gone: the contract's text
    assert texts["legacy"] == seeds[1] and texts["plain"] == seeds[3]
    assert "tracking" not in texts["page"] and "Home" not in texts[url]
    cited = [c for p in data["points"] for c in p["citations"]]
    cited += [c for conflict in data["conflicts"] for c in conflict["claims"]]
    cited_ids = {c["article_id"] for c in cited}
    assert "crlf" in cited_ids and cited_ids & {"page", url}, cited_ids  # into CRLF text, and extracted text
    for citation in cited:
        assert texts[citation["article_id"]][citation["start"] : citation["end"]] == citation["text"]


def test_a_url_list_whose_pages_all_fail_exits_2_naming_each(tmp_path, page_server, capsys):
    page_server.redirect("/loop", "/loop")
    big = page_server.add("/big", b"<html><body><p>" + b"x" * 6_000_000 + b"</p></body></html>")
    url_list = tmp_path / "morning.txt"
    url_list.write_text(f"{page_server.url('/missing')}\n{page_server.url('/loop')}\n{big}\n", encoding="utf-8")
    assert main(["digest", "--urls", str(url_list), "--fetch-timeout", "5"]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert f"skipped {page_server.url('/missing')}: HTTP 404" in err
    assert f"skipped {page_server.url('/loop')}: redirect loop" in err
    assert f"skipped {big}: the page is 6000033 bytes, over the limit of 5242880" in err
    assert err.strip().splitlines()[-1].startswith("error: No usable articles")
