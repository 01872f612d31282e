import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.segment import guess_title, segment_article, split_sentences
from summarizer.types import Article
from tests.segment.fixtures import fixture_article


def texts(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text)]


def test_abbreviations_do_not_end_sentences():
    text = "Gen. Smith of the U.S. Army met Col. Kindratenko on Jan. 3. Dr. No was not there."
    assert texts(text) == [
        "Gen. Smith of the U.S. Army met Col. Kindratenko on Jan. 3.",
        "Dr. No was not there.",
    ]


def test_numbers_with_separators_and_decimals_stay_whole():
    text = "About 1,000 troops advanced 2.5 km. Losses reached 1.2 million dollars."
    assert texts(text) == ["About 1,000 troops advanced 2.5 km.", "Losses reached 1.2 million dollars."]


def test_quotes_and_curly_quotes_stay_with_their_sentence():
    text = 'He said, "We will go." Col. Kindratenko said, “They are gone.” Then he left.'
    assert texts(text) == ['He said, "We will go."', "Col. Kindratenko said, “They are gone.”", "Then he left."]


def test_a_line_break_ends_a_headline_without_full_stop():
    text = "Troops Withdraw From Front\nThe troops left on Monday. They may return."
    assert texts(text) == ["Troops Withdraw From Front", "The troops left on Monday.", "They may return."]


def test_spans_are_exact_offsets_into_the_original_text():
    text = "  Indented start.\r\n\n  Second   line here.  Third one!  "
    for span in split_sentences(text):
        piece = text[span.start : span.end]
        assert piece == piece.strip() and piece


def test_article_drops_dateline_labels_headline_and_link_list():
    text = (
        "Today : Feb 02, 2025\nWorld News\n\nTroops Withdraw From Ukraine Frontline\n\n"
        "North Korean troops have been pulled back from the front lines after heavy losses.\n"
        "For further details, visit these sources: CBS News, Al Jazeera.\n\nReferences\n\n"
        '{"CBS News": "https://www.cbsnews.com/news/x/"}\n'
    )
    sentences, report = segment_article(Article(id="a", text=text), 0)
    assert [s.text for s in sentences] == [
        "North Korean troops have been pulled back from the front lines after heavy losses."
    ]
    assert report.title == "Troops Withdraw From Ukraine Frontline"
    assert report.boilerplate_removed >= 5


def test_a_repeated_paragraph_counts_once():
    paragraph = "The deployment raised concerns among allies. Officials disclosed heavy losses in three months."
    text = f"{paragraph}\nA new sentence in between is here.\n{paragraph}\n{paragraph}"
    sentences, report = segment_article(Article(id="a", text=text), 0)
    assert [s.text for s in sentences] == [
        "The deployment raised concerns among allies.",
        "Officials disclosed heavy losses in three months.",
        "A new sentence in between is here.",
    ]
    assert report.duplicates_removed == 4
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_headline_repeated_as_first_lines_is_not_content():
    text = "Troops Withdrawn from Front Lines\nTroops Withdrawn from Front Lines\nThe troops were withdrawn on Monday."
    sentences, _ = segment_article(Article(id="a", text=text), 0)
    assert [s.text for s in sentences] == ["The troops were withdrawn on Monday."]


def test_positions_count_content_sentences_from_zero():
    sentences, _ = segment_article(
        Article(id="a", text="World News\nFirst real sentence here. Second real one here."), 3
    )
    assert [(s.position, s.article_index) for s in sentences] == [(0, 3), (1, 3)]


def test_caller_title_wins_over_guess():
    assert guess_title(Article(id="a", text="Some Headline\nBody text here.", title="Given")) == "Given"
    assert guess_title(Article(id="a", text="A sentence first. Then more.")) is None


def test_a_one_paragraph_body_ending_in_a_credit_keeps_every_sentence():
    text = (
        "Ukrainian officials said on Monday that North Korean troops had not been seen for three weeks. "
        "The withdrawal followed heavy losses in the Kursk region, they said. Reporting by Jane Doe"
    )
    sentences, report = segment_article(Article(id="a", text=text), 0)
    assert [s.text for s in sentences] == [
        "Ukrainian officials said on Monday that North Korean troops had not been seen for three weeks.",
        "The withdrawal followed heavy losses in the Kursk region, they said.",
    ]
    assert report.skipped_reason is None and report.title is None


def test_a_paragraph_without_a_final_full_stop_is_not_a_headline():
    text = (
        "North Korean troops have been pulled back from the front lines after heavy losses, "
        "Ukrainian military officials told reporters in Kyiv on Monday afternoon"
    )
    sentences, _ = segment_article(Article(id="a", text=text), 0)
    assert [s.text for s in sentences] == [text]


@pytest.mark.parametrize(
    ("text", "first"),
    [
        (
            "PINE RIDGE, S.D. (AP) -- President Clinton began the third leg of his poverty tour today. He spoke.",
            "President Clinton began the third leg of his poverty tour today.",
        ),
        (
            "Wed Oct 19 2016 6 killed in airstrike on a funeral in the capital, officials said.",
            "6 killed in airstrike on a funeral in the capital, officials said.",
        ),
    ],
)
def test_a_dateline_glued_to_the_first_sentence_is_not_cited(text, first):
    sentences, _ = segment_article(Article(id="a", text=text), 0)
    assert sentences[0].text == first and text[sentences[0].start : sentences[0].end] == first


@pytest.mark.parametrize("text", ["plain strings work too", "their ids become 1, 2, ..."])
def test_a_short_text_with_nothing_else_is_content(text):
    sentences, report = segment_article(Article(id="1", text=text), 0)
    assert [s.text for s in sentences] == [text] and report.skipped_reason is None


@pytest.mark.parametrize(
    "text",
    ["World News\nhttps://example.com/a\nReferences", "World News\nAdvertisement\nSubscribe to our newsletter.\n"],
)
def test_boilerplate_stays_out_even_of_a_short_text_and_the_report_says_why(text):
    sentences, report = segment_article(Article(id="a", text=text), 0)
    assert sentences == [] and report.sentences == 0
    assert "headlines, links" in report.skipped_reason


@pytest.mark.parametrize(
    ("name", "language", "at_least"),
    [
        ("de_wikinews_chinesische_ausgabe.txt", "de", 10),
        ("ja_wikinews_okinawa_quake.txt", "ja", 8),
        ("zh_voa_sichuan_quake.txt", "zh", 8),
        ("ar_state_sahel_aid.txt", "ar", 4),
        ("voa_philippines_quake.txt", "en", 12),
    ],
)
def test_real_articles_in_five_languages_yield_their_sentences_with_exact_spans(name, language, at_least):
    article = fixture_article(name)
    sentences, report = segment_article(article, 0)
    assert report.language == language and report.sentences == len(sentences) >= at_least
    assert all(article.text[s.start : s.end] == s.text for s in sentences)


def test_chinese_sentences_end_at_their_own_marks_and_count_words_by_letters():
    sentences, _ = segment_article(fixture_article("zh_voa_sichuan_quake.txt"), 0)
    assert sentences[0].text == "中國官員星期二說,四川省發生兩次強烈地震,至少有12人死亡。"
    assert all(s.text.endswith("。") for s in sentences)
    assert sentences[0].words > 10  # one whitespace token, but some 14 words of Chinese


def test_the_german_dateline_and_the_wiki_furniture_are_not_content():
    sentences, report = segment_article(fixture_article("de_wikinews_chinesische_ausgabe.txt"), 0)
    assert sentences[0].text == "Heute wurde die chinesische Ausgabe der Wikinews gestartet."
    assert report.title == "Chinesische Wikinews-Ausgabe gestartet"
    assert not any("Artikelstatus" in s.text or "heise.de:" in s.text for s in sentences)
    assert any(s.text.endswith("sagte er gegenüber „heise online“.") for s in sentences)


def test_page_furniture_of_a_real_page_is_left_out():
    sentences, report = segment_article(fixture_article("voa_philippines_quake.txt"), 0)
    texts = [s.text for s in sentences]
    assert report.title == "93 Killed in Philippines Earthquake"
    assert texts[0].startswith("A powerful earthquake struck the central Philippines early Tuesday")
    assert not any(t in {"XS", "SM", "MD", "LG", "Breaking News", "Accessibility links"} for t in texts)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(min_size=0, max_size=80),
            st.sampled_from(
                ["\n", "\n\n", "\r\n", ". ", "“", "”", "’’", "(AP) -- ", "Reporting by X", "。", "؟", "https://x.y/z"]
            ),
        ),
        max_size=30,
    ).map("".join)
)
def test_any_text_segments_without_error_and_every_span_is_exact(text):
    sentences, report = segment_article(Article(id="a", text=text), 0)
    assert report.sentences == len(sentences)
    assert all(text[s.start : s.end] == s.text and s.text.strip() == s.text and s.text for s in sentences)
    assert (report.skipped_reason is None) == bool(sentences)
