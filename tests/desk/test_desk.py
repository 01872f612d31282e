"""The editors' desk in a real browser against the real service: what an editor does and checks.

Every test ends with the page's console free of errors and with no request to any other origin
(see the ``desk`` fixture).
"""

from __future__ import annotations

import html
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import httpx
import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from api.testing import ServerProcess
from summarizer.ingest import load_paths
from tests.desk.conftest import DESK_KEY
from tests.desk.desk_browser import DeskPage, wait_for

pytestmark = pytest.mark.model

# A character beyond the Basic Multilingual Plane: one code point for the service, two UTF-16 units for the page.
WIDE_CHARACTER = "\N{NEWSPAPER}"
ARTICLE_KEYS = ("id", "text", "title", "source", "url", "published")


def read_seed(path: Path) -> str:
    """A seed's text as the contract's offsets index it (UTF-8, BOM dropped, line ends untranslated)."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return handle.read()


def same_words(text: str) -> str:
    return " ".join(text.split())


def span_of(button: Any) -> tuple[str, int, int]:
    return (
        button.get_attribute("data-article-id"),
        int(button.get_attribute("data-start")),
        int(button.get_attribute("data-end")),
    )


def service_digest(server: ServerProcess, articles: list[dict[str, str]]) -> dict[str, Any]:
    """The digest straight from the API, to check the page shows exactly that."""
    response = httpx.post(
        f"{server.base_url}/v1/digest", json={"articles": articles}, headers={"X-API-Key": DESK_KEY}, timeout=120
    )
    assert response.status_code == 200, response.text
    return response.json()


def assert_every_marker_marks_its_span(desk: DeskPage, texts: dict[str, str], buttons: list[Any]) -> None:
    assert buttons
    for button in buttons:
        button.click()
        article_id, start, end = span_of(button)
        assert desk.reader_mark() and desk.mark_text_exact() == texts[article_id][start:end]
        # Scrolled to: the marked sentence lies inside the visible part of the article view.
        assert desk.js(
            "const m = document.querySelector('[data-testid=source] mark').getBoundingClientRect();"
            "const v = document.getElementById('reader-text').getBoundingClientRect();"
            "return m.top >= v.top - 1 && m.top < v.bottom;"
        ), f"the cited sentence of {article_id} is not scrolled into view"


def test_seed_files_give_the_services_digest_and_each_marker_marks_its_exact_sentence(
    desk: DeskPage, desk_server: ServerProcess, seeds_dir: Path
) -> None:
    paths = sorted(seeds_dir.glob("*.txt"))
    texts = {path.stem: read_seed(path) for path in paths}
    desk.add_files(paths)
    wait_for(lambda: len(desk.driver.find_elements(By.CSS_SELECTOR, "#file-list .file")) == 5, what="5 files listed")

    points = desk.digest()

    expected = service_digest(desk_server, [{"id": stem, "text": text} for stem, text in texts.items()])
    shown = [same_words(p.find_element(By.CLASS_NAME, "point-text").text) for p in points]
    assert shown == [same_words(p["text"]) for p in expected["points"]]
    for point, wanted in zip(points, expected["points"], strict=True):
        markers = point.find_elements(By.CSS_SELECTOR, '[data-testid="citation"]')
        assert sorted(span_of(m) for m in markers) == sorted(
            (c["article_id"], c["start"], c["end"]) for c in wanted["citations"]
        )
        assert point.find_element(By.CLASS_NAME, "support").text.split()[0] == str(wanted["support"])
    assert_every_marker_marks_its_span(desk, texts, desk.by_testid("citation"))

    conflicts = desk.by_testid("conflict")
    assert len(conflicts) == len(expected["conflicts"]) >= 1
    for conflict, wanted in zip(conflicts, expected["conflicts"], strict=True):
        assert wanted["about"] in conflict.text
        claims = conflict.find_elements(By.CSS_SELECTOR, "button.claim")
        assert [c.find_element(By.CLASS_NAME, "claim-value").text for c in claims] == [
            c["value"] for c in wanted["claims"]
        ]
        assert_every_marker_marks_its_span(desk, texts, claims)

    sources = desk.driver.find_elements(By.CSS_SELECTOR, ".sources li")
    assert [s.text.split()[0] for s in sources] == [f"[{n}]" for n in range(1, 6)]


def test_pasted_articles_are_digested_with_their_titles_and_exact_spans(desk: DeskPage, seeds_dir: Path) -> None:
    bodies: dict[str, tuple[str, str]] = {}
    blocks = []
    for n, path in enumerate(sorted(seeds_dir.glob("*.txt")), start=1):
        body = read_seed(path).strip()
        if n == 1:
            body = f"{WIDE_CHARACTER} {body}"  # every later offset in this article differs between Python and JS
        title = f"Seed report number {n}"
        bodies[f"pasted-{n}"] = (title, body)
        blocks.append(f"{title}\n\n{body}")
    desk.paste("\n---\n".join(blocks))

    desk.digest()

    citations = desk.by_testid("citation")
    assert {span_of(c)[0] for c in citations} <= set(bodies)
    assert any(span_of(c)[0] == "pasted-1" for c in citations), "the article with a wide character is never cited"
    assert_every_marker_marks_its_span(desk, {k: body for k, (_, body) in bodies.items()}, citations)
    for citation in citations[:3]:
        citation.click()
        title, _ = bodies[span_of(citation)[0]]
        assert title in desk.one("#reader-title").text


def test_files_are_read_as_the_command_line_reads_them(desk: DeskPage, tmp_path: Path) -> None:
    files = {
        "notes.md": "\ufeffCouncil passes budget\r\n\r\nThe council passed the budget.\r\nIt was close.\r\n".encode(),
        "notes.txt": "Same stem as notes.md, so a second id.\n".encode(),
        "feed.jsonl": b'{"id": "w1", "text": "Wire copy one.", "title": "One", "source": "Wire"}\n'
        b"not json\n"
        b'{"id": "w2", "title": "no text here"}\n'
        b'{"id": 7, "text": "A numeric id."}\n',
        "list.json": json.dumps(
            {"articles": [{"text": "First of a list."}, {"text": "Second.", "url": "https://example.org/a"}]}
        ).encode(),
        # trafilatura's --json output: text under "raw_text", the page's address under "source".
        "trafilatura.json": json.dumps(
            {
                "title": " Budget vote ",
                "raw_text": "The vote was seven to two.",
                "source": "https://example.org/v",
                "hostname": "example.org",
                "date": "2025-02-01",
                "id": ["not", "an", "id"],
            }
        ).encode(),
        "latin1.txt": "Caf\xe9 au lait".encode("latin-1"),
        "blank.txt": b" \n\t\n",
    }
    paths = []
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
        paths.append(tmp_path / name)
    # A scratch file input, so the page's own reader can be asked what it makes of the files.
    desk.js(
        "const i = document.createElement('input'); i.type = 'file'; i.multiple = true; i.id = 'probe'; document.body.append(i)"
    )
    desk.one("#probe").send_keys("\n".join(str(p) for p in paths))
    read = desk.driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "import('/desk/input.js').then(async (m) => {"
        "  const r = await m.readFiles(document.getElementById('probe').files);"
        "  done({articles: m.uniqueIds(r.articles), skipped: r.skipped});"
        "});"
    )

    loaded = load_paths(paths)
    cli = [{k: v for k, v in asdict(a).items() if k in ARTICLE_KEYS and v is not None} for a in loaded.articles]
    cli_readable = [a for a in cli if not str(a["id"]).startswith("latin1")]  # the CLI also decodes legacy encodings
    assert read["articles"] == cli_readable
    reasons = " | ".join(s["reason"] for s in read["skipped"])
    assert {
        "id": "trafilatura",
        "text": "The vote was seven to two.",
        "title": "Budget vote",
        "url": "https://example.org/v",
        "source": "example.org",
        "published": "2025-02-01",
    } in read["articles"]
    assert len(read["skipped"]) == 4, reasons  # the bad line, the record without text, latin-1, the blank file
    assert "UTF-8" in reasons and "empty file" in reasons and "invalid JSON" in reasons


def test_a_web_page_is_cited_in_the_text_the_service_extracted(
    desk: DeskPage, desk_server: ServerProcess, seeds_dir: Path, tmp_path: Path
) -> None:
    paths = sorted(seeds_dir.glob("*.txt"))
    page_seed = paths[2]
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in read_seed(page_seed).split("\n") if p.strip())
    page = (
        "<!doctype html><html><head><title>Troops pulled back</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>North Korean troops pulled back</h1>{paragraphs}</article>"
        "<footer>© The Daily Example. All rights reserved.</footer></body></html>"
    )
    (tmp_path / f"{page_seed.stem}.html").write_text(page, encoding="utf-8")
    files = [p for p in paths if p != page_seed] + [tmp_path / f"{page_seed.stem}.html"]
    desk.add_files(files)

    desk.digest()

    sent = [{"id": p.stem, "text": read_seed(p)} for p in paths if p != page_seed] + [
        {"id": page_seed.stem, "html": page}
    ]
    extracted = {a["id"]: a["text"] for a in service_digest(desk_server, sent)["articles"] if a.get("text")}
    assert set(extracted) == {page_seed.stem}, "the service sends back the text it extracted from the page"
    texts = {p.stem: read_seed(p) for p in paths} | extracted
    citations = desk.by_testid("citation")
    assert any(span_of(c)[0] == page_seed.stem for c in citations), "the web page is never cited"
    assert_every_marker_marks_its_span(desk, texts, citations)


def test_the_key_is_asked_once_when_the_service_wants_one(desk: DeskPage, seeds_dir: Path) -> None:
    desk.open(api_key=None)
    desk.add_files(sorted(seeds_dir.glob("*.txt"))[:2])
    desk.by_testid("digest-button")[0].click()

    dialog = wait_for(lambda: desk.one("#key-dialog").is_displayed() and desk.one("#key-dialog"), what="key dialog")
    assert "API key is required" in dialog.text
    desk.one("#key-input").send_keys("not-the-key", Keys.ENTER)
    wait_for(lambda: "not valid" in desk.one("#key-reason").text, what="the wrong key to be refused")
    desk.one("#key-input").send_keys(DESK_KEY, Keys.ENTER)
    assert wait_for(lambda: desk.by_testid("point"), what="the digest once the key is given")
    assert desk.js("return sessionStorage.getItem('summarizer.apiKey')") == DESK_KEY

    desk.digest()  # the key is kept for the tab: no second question
    assert not desk.one("#key-dialog").is_displayed()


def test_errors_are_shown_clearly(desk: DeskPage, seeds_dir: Path, tmp_path: Path) -> None:
    desk.by_testid("digest-button")[0].click()
    assert "Nothing to digest" in desk.problem()

    # The service refuses a word budget below its minimum and says which setting decides.
    desk.add_files(sorted(seeds_dir.glob("*.txt"))[:2])
    desk.set_words("3")
    desk.by_testid("digest-button")[0].click()
    title, detail, trail = desk.problem().splitlines()
    assert title == "Unprocessable Content" and "SUMMARIZER_MIN_MAX_WORDS" in detail
    assert trail.startswith("status 422 · request id ")

    # A field the service refuses is named with its place in the body (problem+json errors[]).
    long_id = tmp_path / "long-id.json"
    long_id.write_text(json.dumps({"id": "x" * 300, "text": read_seed(sorted(seeds_dir.glob("*.txt"))[0])}))
    (tmp_path / "empty.txt").write_text("  \n")
    (tmp_path / "scan.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (tmp_path / "broken.json").write_text('{"text": ')
    desk.one("#clear-button").click()
    desk.add_files([long_id, tmp_path / "empty.txt", tmp_path / "scan.txt", tmp_path / "broken.json"])
    listed = wait_for(
        lambda: desk.one("#file-list").text.count("skipped") == 3 and desk.one("#file-list").text, what="skips"
    )
    assert "empty file" in listed and "binary file" in listed and "invalid JSON" in listed
    desk.set_words("60")
    desk.by_testid("digest-button")[0].click()
    problem = wait_for(lambda: "articles[0].id" in desk.problem() and desk.problem(), what="the field error")
    assert "articles[0].id: String should have at most 200 characters" in problem.splitlines()


def test_export_markdown_and_json_and_open_the_json_again(desk: DeskPage, seeds_dir: Path, tmp_path: Path) -> None:
    desk.driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)})
    paths = sorted(seeds_dir.glob("*.txt"))
    texts = {path.stem: read_seed(path) for path in paths}
    desk.add_files(paths)
    points = [same_words(p.find_element(By.CLASS_NAME, "point-text").text) for p in desk.digest()]

    desk.one("#export-json").click()
    desk.one("#export-md").click()
    saved_json = wait_for(lambda: _downloaded(tmp_path / "digest.json"), what="digest.json")
    saved_md = wait_for(lambda: _downloaded(tmp_path / "digest.md"), what="digest.md")

    saved = json.loads(saved_json)
    assert {a["id"]: a["text"] for a in saved["articles"]} == texts
    assert [same_words(p["text"]) for p in saved["points"]] == points
    lines = saved_md.splitlines()
    assert lines[0] == "## Digest of 5 articles"
    for n, text in enumerate(points, start=1):
        assert f"{n}. {text} [" in same_words(saved_md), f"point {n} missing from the Markdown"
    assert "### Sources disagree" in lines and "### Sources" in lines

    desk.open(api_key=DESK_KEY)
    desk.one("#open-input").send_keys(str(tmp_path / "digest.json"))
    reopened = wait_for(lambda: desk.by_testid("point"), what="the saved digest")
    assert [same_words(p.find_element(By.CLASS_NAME, "point-text").text) for p in reopened] == points
    assert_every_marker_marks_its_span(desk, texts, desk.by_testid("citation")[:4])
    assert desk.by_testid("conflict")


COUNCIL_STORY = """City council approves budget

The city council approved the new budget on Monday after a long debate. The vote was seven to two, \
and the mayor said the plan keeps property taxes flat for a third year.
---
Budget passes council

On Monday the city council passed the budget by seven votes to two. Critics said it cut library \
funding, and two branch libraries will close on weekends from March.
"""


def test_a_mixed_feed_gives_one_digest_per_story_or_one_for_all(
    desk: DeskPage, desk_server: ServerProcess, seeds_dir: Path
) -> None:
    if not desk.one("#stories-toggle").is_displayed():
        pytest.skip("this service has no POST /v1/stories")
    paths = sorted(seeds_dir.glob("*.txt"))
    desk.add_files(paths)
    desk.paste(COUNCIL_STORY)
    desk.digest()

    articles = [{"id": p.stem, "text": read_seed(p)} for p in paths] + [
        {"id": f"pasted-{n}", "title": title, "text": body}
        for n, (title, body) in enumerate((b.strip().split("\n\n", 1) for b in COUNCIL_STORY.split("---")), start=1)
    ]
    response = httpx.post(
        f"{desk_server.base_url}/v1/stories", json={"articles": articles}, headers={"X-API-Key": DESK_KEY}, timeout=120
    )
    assert response.status_code == 200, response.text
    expected = response.json()["stories"]
    assert len(expected) >= 2, "the service put the council and the troops in one story"
    sections = desk.driver.find_elements(By.CSS_SELECTOR, "#stories .story")
    assert len(sections) == len(expected)
    texts = {a["id"]: a["text"] for a in articles}
    for n, (section, story) in enumerate(zip(sections, expected, strict=True), start=1):
        assert (
            section.find_element(By.CLASS_NAME, "story-title").text == f"Story {n} of {len(expected)}: {story['title']}"
        )
        shown = [same_words(p.text) for p in section.find_elements(By.CLASS_NAME, "point-text")]
        assert shown == [same_words(p["text"]) for p in story["digest"]["points"]]
        markers = section.find_elements(By.CSS_SELECTOR, '[data-testid="citation"]')
        assert {span_of(m)[0] for m in markers} <= set(story["articles"]), "a story cites another story's article"
        assert_every_marker_marks_its_span(desk, texts, markers[:4])

    desk.one("#stories-input").click()  # one digest for everything
    desk.digest()
    assert desk.one(".story-title").text == f"Digest of {len(articles)} articles"


def test_a_saved_file_with_several_stories_shows_one_digest_per_story(
    desk: DeskPage, desk_server: ServerProcess, seeds_dir: Path, tmp_path: Path
) -> None:
    paths = sorted(seeds_dir.glob("*.txt"))
    texts = {path.stem: read_seed(path) for path in paths}
    stories = []
    for n, group in enumerate((paths[:3], paths[3:]), start=1):
        digest = service_digest(desk_server, [{"id": p.stem, "text": texts[p.stem]} for p in group])
        for report in digest["articles"]:
            report["text"] = texts[report["id"]]
        stories.append(
            {"id": f"s{n}", "title": f"Story title {n}", "articles": [p.stem for p in group], "digest": digest}
        )
    saved = tmp_path / "stories.json"
    saved.write_text(json.dumps({"stories": stories, "meta": {"articles": 5, "stories": 2}}), encoding="utf-8")

    desk.one("#open-input").send_keys(str(saved))

    sections = wait_for(lambda: desk.driver.find_elements(By.CSS_SELECTOR, "#stories .story"), what="the stories")
    assert [s.find_element(By.CLASS_NAME, "story-title").text for s in sections] == [
        "Story 1 of 2: Story title 1",
        "Story 2 of 2: Story title 2",
    ]
    for section, story in zip(sections, stories, strict=True):
        points = section.find_elements(By.CSS_SELECTOR, '[data-testid="point"]')
        assert len(points) == len(story["digest"]["points"])
        markers = section.find_elements(By.CSS_SELECTOR, '[data-testid="citation"]')
        assert {span_of(m)[0] for m in markers} <= set(story["articles"])
        assert_every_marker_marks_its_span(desk, texts, markers[:3])

    desk.driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)})
    desk.one("#export-md").click()
    lines = wait_for(lambda: _downloaded(tmp_path / "digest.md"), what="digest.md").splitlines()
    assert lines[0] == "# 2 stories from 5 articles"
    assert "## Story 1: Story title 1 (3 articles)" in lines and "## Story 2: Story title 2 (2 articles)" in lines


def test_a_narrow_screen_and_the_keyboard_are_enough(desk: DeskPage, seeds_dir: Path) -> None:
    desk.driver.set_window_size(390, 844)
    overflow = "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
    assert desk.js(overflow) <= 0
    desk.add_files(sorted(seeds_dir.glob("*.txt")))
    desk.digest()
    assert desk.js(overflow) <= 0, "the digest is wider than a phone's screen"

    marker = desk.by_testid("citation")[1]
    marker.send_keys(Keys.ENTER)
    assert desk.reader_mark()
    assert desk.js("return document.activeElement.id") == "reader"
    assert desk.js(
        "const m = document.querySelector('[data-testid=source] mark').getBoundingClientRect();"
        "return m.top >= 0 && m.top < window.innerHeight && m.right <= window.innerWidth + 1;"
    ), "the marked sentence is not on the screen"

    ActionChains(desk.driver).send_keys(Keys.ESCAPE).perform()
    wait_for(lambda: not desk.by_testid("source")[0].is_displayed(), what="the article view to close")
    assert desk.js("return document.activeElement") == marker
    assert desk.js("return getComputedStyle(document.activeElement).outlineStyle") != "none", "focus is not visible"


def _downloaded(path: Path) -> str | None:
    """The file's text once the browser has finished writing it."""
    partial = path.with_name(path.name + ".crdownload")
    if not path.exists() or partial.exists():
        return None
    text = path.read_text(encoding="utf-8")
    return text if text.endswith("\n") else None
