"""Datelines, bylines and credits are cut off a sentence's span where they stand; the text is never edited."""

import pytest

from summarizer.segment._credits import is_credit, trim


def cited(text: str, *, leading: bool = True) -> str:
    start, end = trim(text, 0, len(text), leading=leading)
    return text[start:end]


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        (
            "PINE RIDGE, S.D. (AP) -- President Clinton began the third leg of his national poverty tour today.",
            "President Clinton began the third leg of his national poverty tour today.",
        ),
        (
            "WASHINGTON (Reuters) - Virtually all flu cases now resist the main drug used to treat it.",
            "Virtually all flu cases now resist the main drug used to treat it.",
        ),
        (
            "LONDON, Oct 19 (Reuters) - British lawmakers voted on the plan on Wednesday.",
            "British lawmakers voted on the plan on Wednesday.",
        ),
        (
            "(CNN) In a sign of how the primary has changed, Sen. Graham will headline a fundraiser.",
            "In a sign of how the primary has changed, Sen. Graham will headline a fundraiser.",
        ),
        (
            "Berlin (dpa) - Die Bundesregierung hat am Montag neue Regeln beschlossen.",
            "Die Bundesregierung hat am Montag neue Regeln beschlossen.",
        ),
        (
            "NEW YORK — The city council approved the new budget on Monday.",
            "The city council approved the new budget on Monday.",
        ),
        (
            "HANFORD, Calif. -- An 18-year-old woman was sentenced to 13 years in prison.",
            "An 18-year-old woman was sentenced to 13 years in prison.",
        ),
        (
            "Wed Oct 19 2016 6 killed in airstrike on a funeral in the capital.",
            "6 killed in airstrike on a funeral in the capital.",
        ),
        (
            "Date of publication 11 October 2016 The ministry said the talks would resume.",
            "The ministry said the talks would resume.",
        ),
        (
            "Updated: Monday, March 3, 2025 10:41 AM GMT The ministry said the talks would resume.",
            "The ministry said the talks would resume.",
        ),
        # Timeline17's Reuters copy, tokenised as the corpus has it: byline, place, date, place and agency.
        (
            "By Maggie Fox , Health and Science Editor WASHINGTON | Mon Mar 2 , 2009 4:23 pm EST WASHINGTON "
            "-LRB- Reuters -RRB- - Virtually all cases of the most common strain of flu resist the drug .",
            "Virtually all cases of the most common strain of flu resist the drug .",
        ),
        # German Wikinews' dateline: place (country), date – text.
        (
            "Saint Petersburg (Vereinigte Staaten), 14.03.2006 – Heute wurde die chinesische Ausgabe der Wikinews gestartet.",
            "Heute wurde die chinesische Ausgabe der Wikinews gestartet.",
        ),
    ],
)
def test_a_dateline_or_byline_glued_to_the_first_sentence_is_cut_off(text, sentence):
    assert cited(text) == sentence


@pytest.mark.parametrize(
    "text",
    [
        "NATO — the alliance said on Monday that it would send more troops.",
        "March 3, 2025 was the day the talks resumed in Geneva.",
        "The reporting by the newspaper was wrong, the ministry said.",
        "U.S. officials said the talks would resume in Geneva next week.",
    ],
)
def test_sentences_that_only_look_like_furniture_stay_whole(text):
    assert cited(text) == text


@pytest.mark.parametrize(
    "tail",
    [
        " Reporting by Jane Doe; Editing by John Smith",
        " (Reporting by Jane Doe; Editing by John Smith)",
        " (Reuters)",
        " With Post wires",
        " — With files from The Canadian Press",
        " https://example.com/news/2016/10/19/story.html",
        " (Reuters) https://example.com/news/1",
    ],
)
def test_a_credit_at_the_end_is_cut_off(tail):
    sentence = "The talks resumed in Geneva on Monday, the ministry said."
    assert cited(sentence + tail) == sentence


def test_a_dateline_is_cut_only_where_asked_and_the_span_indexes_the_text():
    text = "Intro. WASHINGTON (Reuters) - Virtually all flu cases resist the drug."
    start = text.index("WASHINGTON")
    new_start, new_end = trim(text, start, len(text))
    assert text[new_start:new_end] == "Virtually all flu cases resist the drug."
    assert trim(text, start, len(text), leading=False) == (start, len(text))


def test_nothing_but_furniture_leaves_an_empty_span():
    text = "PINE RIDGE, S.D. (AP) --"
    start, end = trim(text, 0, len(text))
    assert start == end


@pytest.mark.parametrize(
    "sentence",
    [
        "Reporting by Jane Doe; Editing by John Smith",
        "(Reuters)",
        "With Post wires",
        "The Associated Press contributed to this report.",
        "Some information for this report came from Reuters and AP.",
        "Photo: Getty Images",
    ],
)
def test_credit_only_sentences_are_recognised(sentence):
    assert is_credit(sentence)


def test_a_news_sentence_is_not_a_credit():
    assert not is_credit("The troops contributed to the war effort, officials said.")
