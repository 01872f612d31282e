import pytest

from summarizer.segment._boilerplate import is_boilerplate_line, is_boilerplate_sentence, is_headline


@pytest.mark.parametrize(
    "line",
    [
        "Today : Feb 02, 2025",
        "02 February 2025",
        "Updated: Monday, March 3, 2025 10:41 AM GMT",
        "World News",
        "References",
        "Related Sources:",
        "https://www.example.com/news/2025/01/27/story",
        '{"CBS News": "https://www.cbsnews.com/news/x/", "Al Jazeera": "https://www.aljazeera.com/y"}',
        "{“CBS News”: “https://www.cbsnews.com/news/x/”,”Wikipedia”: “https://en.wikipedia.org/wiki/X”}",
        "   ",
    ],
)
def test_boilerplate_lines_are_recognised(line):
    assert is_boilerplate_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "North Korean troops have reportedly been pulled back from the front lines amid devastating losses.",
        "In 1961, North Korea and the Soviet Union signed a mutual defense treaty.",
        "On Feb. 2, 2025, officials said the troops had not been seen for three weeks.",
    ],
)
def test_news_lines_are_kept(line):
    assert not is_boilerplate_line(line)


@pytest.mark.parametrize(
    "sentence",
    [
        "For further details, visit these sources: CBS News, Al Jazeera, Wikipedia.",
        "Click here to read more.",
        "Learn more",
        "See https://example.com/a/b/c for more.",
    ],
)
def test_boilerplate_sentences_are_recognised(sentence):
    assert is_boilerplate_sentence(sentence)


def test_a_news_sentence_is_not_boilerplate():
    assert not is_boilerplate_sentence("The Kremlin declined to comment on the reports of heavy losses.")


def test_headline_has_no_sentence_ending():
    assert is_headline("North Korean Troops Withdraw From Ukraine Frontline Amid Heavy Losses")
    assert not is_headline('He said, "We expect them to come back."')
    assert not is_headline("Col. Kindratenko said, “They are gone.”")
