"""summarizer batch in-process: lines in, lines out, errors on their own line, resume."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarizer.batch import run_batch, story_key
from tests.builders import FLOOD_ARTICLES, fake_summarizer
from tests.stories.builders import QUAKE_NORTH, QUAKE_SOUTH, mixed_feed


def article_json(article) -> dict:
    return {k: v for k, v in {"id": article.id, "text": article.text, "title": article.title}.items() if v}


def story_line(story_id, articles) -> str:
    return json.dumps({"id": story_id, "articles": [article_json(a) for a in articles]})


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def read_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def without_timings(lines: list[dict]) -> list[dict]:
    for line in lines:
        if "digest" in line:
            line["digest"]["meta"].pop("timings_ms", None)
    return lines


BOILERPLATE_ONLY = {"id": "x", "text": "https://example.com/a https://example.com/b"}


def batch_input(tmp_path: Path) -> Path:
    return write_lines(
        tmp_path / "in.jsonl",
        [
            story_line("flood", FLOOD_ARTICLES),
            "{not json",
            json.dumps({"id": "empty", "articles": []}),
            "",
            story_line("north", QUAKE_NORTH),
            json.dumps({"id": "links", "articles": [BOILERPLATE_ONLY]}),
        ],
    )


def test_each_story_gets_a_line_in_input_order_and_bad_ones_an_error_line(tmp_path):
    out = tmp_path / "out.jsonl"
    report = run_batch(batch_input(tmp_path), out, make_summarizer=fake_summarizer, max_words=60)
    lines = read_lines(out)
    assert [line["id"] for line in lines] == ["flood", "line-2", "empty", "north", "links"]
    flood = lines[0]["digest"]
    assert flood["points"] and {c["article_id"] for p in flood["points"] for c in p["citations"]} <= {"a", "b", "c"}
    assert lines[1]["error"]["type"] == "InputError" and "line 2" in lines[1]["error"]["detail"]
    assert lines[2]["error"]["type"] == "NoArticlesError"
    assert lines[4]["error"]["type"] == "NoContentError"
    assert set(lines[4]["error"]) == {"type", "detail"}
    assert (report.digested, report.errors, report.skipped) == (2, 3, 0)


def test_a_rerun_skips_stories_already_done_and_retries_errors(tmp_path):
    source, out = batch_input(tmp_path), tmp_path / "out.jsonl"
    run_batch(source, out, make_summarizer=fake_summarizer, max_words=60)
    first = read_lines(out)
    with source.open("a", encoding="utf-8") as handle:
        handle.write(story_line("south", QUAKE_SOUTH) + "\n")
    report = run_batch(source, out, make_summarizer=fake_summarizer, max_words=60)
    assert (report.digested, report.skipped) == (1, 2)  # only the new story; the two done ones skipped
    lines = read_lines(out)
    ids = [line["id"] for line in lines]
    assert ids.count("flood") == 1 and ids.count("north") == 1 and ids.count("line-2") == 1
    assert lines[:2] == [first[0], first[3]]  # kept byte for byte
    assert "digest" in lines[-1] and lines[-1]["id"] == "south"


def test_a_line_cut_short_by_a_killed_run_is_dropped_and_redone(tmp_path):
    source, out = batch_input(tmp_path), tmp_path / "out.jsonl"
    run_batch(source, out, make_summarizer=fake_summarizer, max_words=60)
    text = out.read_text(encoding="utf-8")
    flood_line = text.splitlines()[0]
    out.write_text(flood_line + "\n" + flood_line[:50], encoding="utf-8")  # killed mid-write
    report = run_batch(source, out, make_summarizer=fake_summarizer, max_words=60)
    assert report.skipped == 1 and report.digested == 1
    assert [line["id"] for line in read_lines(out)] == ["flood", "line-2", "empty", "north", "links"]


def test_a_repeated_story_id_is_skipped_with_a_warning(tmp_path, caplog):
    source = write_lines(tmp_path / "in.jsonl", [story_line("s", FLOOD_ARTICLES), story_line("s", QUAKE_NORTH)])
    out = tmp_path / "out.jsonl"
    with caplog.at_level("WARNING", logger="summarizer"):
        run_batch(source, out, make_summarizer=fake_summarizer, max_words=60)
    assert [line["id"] for line in read_lines(out)] == ["s"]
    assert "repeats the story id 's'" in caplog.text


def test_stories_mode_groups_the_feed_and_writes_one_line_per_story(tmp_path):
    feed = mixed_feed()
    source = write_lines(tmp_path / "feed.jsonl", [json.dumps(article_json(a)) for a in feed] + ["{bad"])
    out = tmp_path / "out.jsonl"
    run_batch(source, out, make_summarizer=fake_summarizer, stories=True, max_words=60)
    lines = read_lines(out)
    errors = [line for line in lines if "error" in line]
    stories = [line for line in lines if "digest" in line]
    assert [e["id"] for e in errors] == [f"line-{len(feed) + 1}"]
    assert sorted(i for s in stories for i in s["articles"]) == sorted(a.id for a in feed)
    assert {frozenset(s["articles"]) for s in stories} >= {frozenset(a.id for a in QUAKE_NORTH)}
    for story in stories:
        assert story["id"] == story_key(tuple(story["articles"]))
        assert {r["id"] for r in story["digest"]["articles"]} == set(story["articles"])
    again = run_batch(source, out, make_summarizer=fake_summarizer, stories=True, max_words=60)
    assert again.digested == 0 and again.skipped == len(stories)


@pytest.mark.parametrize("stories", [False, True])
def test_an_input_that_does_not_exist_is_an_os_error(tmp_path, stories):
    with pytest.raises(OSError):
        run_batch(tmp_path / "missing.jsonl", tmp_path / "out.jsonl", make_summarizer=fake_summarizer, stories=stories)
