"""Languages handled honestly, and nothing left out in silence: what a caller sees in the digest."""

import logging

import pytest

from summarizer import Article, NoContentError
from summarizer.embed import HashingEmbedder
from summarizer.languages import MULTILINGUAL_MODEL, leave_out_unreadable, model_languages, reads
from summarizer.pipeline import Summarizer
from summarizer.segment import detect_language, segment_articles
from tests.builders import FLOOD_ARTICLES, NoConflicts, fake_summarizer
from tests.segment.fixtures import fixture_article, fixture_text


class EnglishOnlyFake(HashingEmbedder):
    """The hashing fake, declaring what the packaged model reads."""

    languages = frozenset({"en"})


class RecordingConflicts:
    """A conflict finder that remembers which sentences it was given."""

    def __init__(self):
        self.seen: list[str] = []

    def find(self, sentences, embeddings):
        assert len(sentences) == len(embeddings)
        self.seen = [s.article_id for s in sentences]
        return ()


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("de_wikinews_chinesische_ausgabe.txt", "de"),
        ("ja_wikinews_okinawa_quake.txt", "ja"),
        ("zh_voa_sichuan_quake.txt", "zh"),
        ("ar_state_sahel_aid.txt", "ar"),
        ("nasa_new_horizons_07-55.txt", "en"),
    ],
)
def test_the_language_of_real_articles_is_detected(name, code):
    assert detect_language(fixture_text(name)).code == code


def test_a_text_too_short_to_tell_has_only_its_script():
    assert detect_language("plain strings work too").tag == "und-Latn"
    assert detect_language("你好").tag == "und-Hani"


@pytest.mark.parametrize(
    ("name", "languages"),
    [
        ("all-MiniLM-L6-v2", frozenset({"en"})),
        ("all-MiniLM-L6-v2 (ONNX)", frozenset({"en"})),
        ("sentence-transformers/all-mpnet-base-v2", frozenset({"en"})),
        ("/models/all-mpnet-base-v2", frozenset({"en"})),
        ("sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2", None),
        ("intfloat/multilingual-e5-small", None),
    ],
)
def test_which_models_read_english_only(name, languages):
    embedder = HashingEmbedder()
    embedder.name = name
    assert model_languages(embedder) == languages


def test_an_undetermined_latin_text_is_read_but_an_unknown_script_is_not():
    english = frozenset({"en"})
    assert reads(english, "en") and reads(english, "und-Latn") and reads(None, "ja")
    assert not reads(english, "de") and not reads(english, "und-Arab")


def test_the_readme_example_of_plain_strings_is_digested():
    digest = fake_summarizer().summarize(["plain strings work too", "their ids become 1, 2, ..."])
    assert [(a.id, a.sentences, a.skipped_reason) for a in digest.articles] == [("1", 1, None), ("2", 1, None)]
    assert digest.points and {p.text for p in digest.points} <= {"plain strings work too", "their ids become 1, 2, ..."}


def test_unusable_articles_are_reported_and_the_rest_still_digested(caplog):
    articles = [
        *FLOOD_ARTICLES,
        Article("links", "Related Sources:\nhttp://example.com/a\nhttp://example.com/b\n"),
        Article("token", "x" * 5_000),
    ]
    with caplog.at_level(logging.WARNING, logger="summarizer"):
        digest = fake_summarizer().summarize(articles, max_words=60)
    reports = {r["id"]: r for r in digest.to_dict()["articles"]}
    assert digest.points and all(reports[i]["skipped_reason"] is None for i in "abc")
    assert "links" in reports["links"]["skipped_reason"] and reports["links"]["sentences"] == 0
    assert "without a space" in reports["token"]["skipped_reason"]
    warned = " ".join(r.getMessage() for r in caplog.records)
    assert "links" in warned and "token" in warned


def test_with_an_english_only_model_other_languages_are_left_out_and_say_what_to_pass(caplog):
    articles = [*FLOOD_ARTICLES, fixture_article("ja_wikinews_okinawa_quake.txt")]
    summarizer = Summarizer(embedder=EnglishOnlyFake(), conflict_finder=NoConflicts())
    with caplog.at_level(logging.WARNING, logger="summarizer"):
        digest = summarizer.summarize(articles, max_words=60)
    japanese = digest.articles[-1]
    assert japanese.language == "ja" and japanese.sentences == 0
    assert MULTILINGUAL_MODEL in japanese.skipped_reason and "--model" in japanese.skipped_reason
    assert not any(c.article_id == japanese.id for p in digest.points for c in p.citations)
    assert MULTILINGUAL_MODEL in caplog.text


def test_only_unreadable_articles_is_a_clear_no_content_error():
    articles = [fixture_article("ja_wikinews_okinawa_quake.txt"), fixture_article("ar_state_sahel_aid.txt")]
    summarizer = Summarizer(embedder=EnglishOnlyFake(), conflict_finder=NoConflicts())
    with pytest.raises(NoContentError, match=MULTILINGUAL_MODEL):
        summarizer.summarize(articles)


def test_a_model_that_reads_every_language_keeps_them_and_the_budget_counts_chinese_words():
    articles = [fixture_article("zh_voa_sichuan_quake.txt"), fixture_article("ja_wikinews_okinawa_quake.txt")]
    sentences, reports = segment_articles(articles)
    kept, reports = leave_out_unreadable(sentences, reports, languages=None, model="multilingual")
    assert kept == sentences and all(r.skipped_reason is None and r.sentences for r in reports)
    chinese = [s for s in kept if s.article_id == "zh_voa_sichuan_quake"]
    assert sum(s.words for s in chinese) > 5 * len(chinese)  # words, not one "word" per unspaced sentence


def test_the_conflict_stage_reads_only_english_articles():
    conflicts = RecordingConflicts()
    articles = [*FLOOD_ARTICLES, fixture_article("de_wikinews_chinesische_ausgabe.txt")]
    Summarizer(embedder=HashingEmbedder(), conflict_finder=conflicts).summarize(articles)
    assert conflicts.seen and set(conflicts.seen) == {"a", "b", "c"}


def test_the_text_digest_lists_a_left_out_source_with_its_reason():
    from summarizer.render import to_text

    articles = [*FLOOD_ARTICLES, Article("links", "Related Sources:\nhttp://example.com/a\n")]
    text = to_text(fake_summarizer().summarize(articles, max_words=60))
    assert "[4] links (left out: it holds only headlines, links" in text


@pytest.mark.model
def test_the_cli_warns_about_an_article_it_leaves_out_and_the_json_says_why(tmp_path, seeds_dir, capsys):
    import json

    from summarizer.cli import EXIT_OK, main

    for seed in sorted(seeds_dir.glob("*.txt"))[:2]:
        (tmp_path / seed.name).write_bytes(seed.read_bytes())
    (tmp_path / "okinawa.txt").write_text(fixture_text("ja_wikinews_okinawa_quake.txt"), encoding="utf-8")
    out = tmp_path / "digest.json"
    assert main(["digest", str(tmp_path), "--format", "json", "--device", "cpu", "--out", str(out)]) == EXIT_OK
    err = capsys.readouterr().err
    assert "okinawa" in err and MULTILINGUAL_MODEL in err
    reports = {a["id"]: a for a in json.loads(out.read_text())["articles"]}
    assert reports["okinawa"]["language"] == "ja" and MULTILINGUAL_MODEL in reports["okinawa"]["skipped_reason"]
    assert all(r["skipped_reason"] is None for i, r in reports.items() if i != "okinawa")
