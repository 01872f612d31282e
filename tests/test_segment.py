from summarizer.segment import guess_title, segment_article, split_sentences
from summarizer.types import Article


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
