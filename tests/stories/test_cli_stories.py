"""summarizer stories and summarizer batch from the command line (hashing fake behind the CLI)."""

from __future__ import annotations

import json

import pytest

from summarizer import cli
from tests.builders import fake_summarizer
from tests.stories.builders import QUAKE_NORTH, QUAKE_SOUTH, mixed_feed


@pytest.fixture(autouse=True)
def _fake_model(monkeypatch):
    monkeypatch.setattr(cli, "_summarizer_factory", lambda args, one_shot=None: fake_summarizer)


def write_feed(folder):
    folder.mkdir()
    for article in mixed_feed():
        (folder / f"{article.id}.txt").write_text(article.text, encoding="utf-8")
    return folder


def test_stories_on_a_mixed_folder_prints_one_digest_per_story(tmp_path, capsys):
    assert cli.main(["stories", str(write_feed(tmp_path / "feed")), "-q"]) == cli.EXIT_OK
    out = capsys.readouterr().out
    assert out.startswith("3 stories from 7 articles")
    assert out.count("\nStory ") == 3
    assert out.count("(3 articles, 3 sources)") == 2  # files name no outlet: each is its own source
    assert "(1 article, 1 source)" in out


def test_stories_json_is_the_contract_shape(tmp_path, capsys):
    assert cli.main(["stories", str(write_feed(tmp_path / "feed")), "--format", "json", "-q"]) == cli.EXIT_OK
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"stories", "meta"}
    assert {frozenset(s["articles"]) for s in data["stories"]} >= {
        frozenset(a.id for a in QUAKE_NORTH),
        frozenset(a.id for a in QUAKE_SOUTH),
    }
    assert all(set(s["digest"]) == {"points", "conflicts", "articles", "meta"} for s in data["stories"])
    texts = {a.id: a.text for a in mixed_feed()}
    for story in data["stories"]:
        for report in story["digest"]["articles"]:
            assert report["text"] == texts[report["id"]]


def test_stories_with_nothing_readable_exits_2(tmp_path, capsys):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    assert cli.main(["stories", str(tmp_path), "-q"]) == cli.EXIT_BAD_INPUT
    assert capsys.readouterr().err.splitlines()[-1].startswith("error: No usable article")


def test_batch_in_process_writes_a_line_per_story(tmp_path):
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    rows = [{"id": "n", "articles": [{"id": a.id, "text": a.text} for a in QUAKE_NORTH]}, {"id": "bad"}]
    source.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    assert cli.main(["batch", str(source), "--out", str(out), "--in-process", "-q"]) == cli.EXIT_OK
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == ["n", "bad"]
    assert "digest" in lines[0] and lines[1]["error"]["type"] == "NoArticlesError"


def test_batch_requires_out(tmp_path, capsys):
    with pytest.raises(SystemExit):
        cli.main(["batch", str(tmp_path / "in.jsonl")])
    assert "--out" in capsys.readouterr().err
