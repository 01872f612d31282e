"""Sentence splitting: language rules, quotes of several languages, script marks, the cap on length, threads."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from summarizer.segment import DEFAULT_MAX_SENTENCE_CHARS, segment_articles, split_sentences
from summarizer.segment._sentences import split_paragraph
from summarizer.types import Article
from tests.segment.fixtures import fixture_articles


def texts(text: str, language: str | None = None) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text, language=language)]


@pytest.mark.parametrize(
    ("text", "language", "sentences"),
    [
        (
            "Er sagte: „Wir gehen jetzt nach Hause.“ Dann ging er. Am 3. Oktober war Feiertag.",
            "de",
            ["Er sagte: „Wir gehen jetzt nach Hause.“", "Dann ging er.", "Am 3. Oktober war Feiertag."],
        ),
        (
            "»Nein«, sagte sie. »Wir bleiben hier.« Dann kam er zurück.",
            "de",
            ["»Nein«, sagte sie.", "»Wir bleiben hier.«", "Dann kam er zurück."],
        ),
        (
            "Il a dit : « Nous partons demain. » Puis il est parti sans un mot.",
            "fr",
            ["Il a dit : « Nous partons demain. »", "Puis il est parti sans un mot."],
        ),
        (
            "“The clocks stopped at 1:17,’’ says the narrator. “A long shear of light.’’ That is all we know.",
            "en",
            ["“The clocks stopped at 1:17,’’ says the narrator.", "“A long shear of light.’’", "That is all we know."],
        ),
        (
            "(Weinstein denied the claims.) Her allegations have been supported by directors.",
            "en",
            ["(Weinstein denied the claims.)", "Her allegations have been supported by directors."],
        ),
        (
            "Mission control lost contact at 12:43 a.m. EST, placing the craft in safe mode. It recovered.",
            "en",
            ["Mission control lost contact at 12:43 a.m. EST, placing the craft in safe mode.", "It recovered."],
        ),
    ],
)
def test_quotes_parentheses_and_abbreviations_end_sentences_where_they_should(text, language, sentences):
    assert texts(text, language) == sentences


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("中国官员星期二说，四川省发生两次强烈地震。地震是周一晚间发生的！伤者有多少？", 3),
        ("気象庁によると、震源の深さは15kmです。津波の心配はない。", 2),
        ("هل انتهت الحرب؟ قال المتحدث إن القوات انسحبت. ولم يعلق الجيش.", 3),
        ("सरकार ने बुधवार को नई योजना की घोषणा की। क्या यह काम करेगी?", 2),
    ],
)
def test_each_script_is_split_at_its_own_sentence_marks(text, count):
    assert len(texts(text)) == count


def test_a_sentence_across_a_line_break_keeps_the_newline_in_its_exact_span():
    text = "The minister arrived on the\nsecond day of his tour. He spoke to reporters."
    start, end = split_paragraph(text, 0, len(text)).spans[0]
    assert text[start:end] == "The minister arrived on the\nsecond day of his tour."


def test_a_run_without_sentence_end_is_split_at_clause_breaks_under_the_cap():
    clause = "the troops were withdrawn after heavy losses, officials said on monday in the region"
    text = ("; ".join([clause] * 1200))[:99_999]
    result = split_paragraph(text, 0, len(text))
    assert result.refused == 0 and len(result.spans) > 99_999 // DEFAULT_MAX_SENTENCE_CHARS
    assert all(0 < end - start <= DEFAULT_MAX_SENTENCE_CHARS for start, end in result.spans)
    assert all(not text[s:e][0].isspace() and not text[s:e][-1].isspace() for s, e in result.spans)
    assert text[result.spans[0][0] : result.spans[0][1]].endswith(";")  # cut at a clause break, not mid-clause


def test_a_run_with_no_space_at_all_is_refused_and_counted():
    text = "a" * 99_999
    result = split_paragraph(text, 0, len(text))
    assert result.spans == [] and result.refused >= 1


def test_ten_articles_of_one_long_sentence_each_are_bounded_and_reported():
    words = ["the", "troops", "were", "withdrawn", "after", "heavy", "losses", "officials", "said", "on", "monday"]
    sentence = " ".join(words[i % len(words)] for i in range(20_000))[:99_999]
    articles = [Article(id=str(i), text=sentence) for i in range(9)] + [Article(id="token", text="x" * 99_999)]
    sentences, reports = segment_articles(articles)
    assert sentences and all(s.end - s.start <= DEFAULT_MAX_SENTENCE_CHARS for s in sentences)
    assert all(a.text[s.start : s.end] == s.text for s in sentences for a in articles if a.id == s.article_id)
    token = next(r for r in reports if r.id == "token")
    assert token.sentences == 0 and "without a space" in token.skipped_reason


def test_segmentation_in_many_threads_at_once_matches_a_lone_run():
    articles = fixture_articles() * 3
    articles = [Article(id=f"{i}-{a.id}", text=a.text) for i, a in enumerate(articles)]
    alone = segment_articles(articles)
    with ThreadPoolExecutor(max_workers=8) as pool:
        together = list(pool.map(lambda _: segment_articles(articles), range(16)))
    assert all(result == alone for result in together)
