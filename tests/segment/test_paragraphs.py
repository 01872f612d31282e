"""Where a line break is a boundary: blank lines, list items, short lines, web text; not inside wrapped prose."""

import textwrap

from summarizer.segment import segment_article
from summarizer.segment._paragraphs import paragraphs
from summarizer.types import Article
from tests.segment.fixtures import fixture_article

# Agency copy as the wire sends it: wrapped at 68 columns, paragraphs apart by a blank line.
WIRE = "\n\n".join(
    textwrap.fill(paragraph, width=68)
    for paragraph in (
        "PINE RIDGE, S.D. (AP) -- President Clinton began the third leg of his national poverty tour "
        "today on one of the poorest Indian reservations in the country, promising new jobs and investment.",
        "The president told a crowd of tribal leaders and residents that the government would back "
        "private companies willing to build factories on the reservation, where unemployment is high.",
        "Tribal officials said they welcomed the visit but wanted to see results before the end of the year.",
    )
)


def blocks(text: str) -> list[str]:
    return [text[p.start : p.end] for p in paragraphs(text)]


def test_hard_wrapped_wire_copy_is_read_as_whole_paragraphs_and_sentences():
    article = Article(id="wire", text=WIRE)
    assert len(blocks(WIRE)) == 3
    sentences, _ = segment_article(article, 0)
    assert [s.text.split("\n")[0].split()[0] for s in sentences] == ["President", "The", "Tribal"]
    assert "\n" in sentences[0].text  # the sentence spans line breaks ...
    assert all(WIRE[s.start : s.end] == s.text for s in sentences)  # ... and its span is exact
    assert sentences[0].text.startswith("President Clinton began the third leg")  # dateline cut off
    assert sentences[0].text.endswith("promising new jobs and investment.")


def test_nasa_release_wrapped_at_seventy_columns_keeps_its_sentences_whole():
    article = fixture_article("nasa_new_horizons_07-55.txt")
    sentences, report = segment_article(article, 0)
    texts = [s.text for s in sentences]
    assert texts[0].startswith("NASA's New Horizons spacecraft successfully completed a\nflyby of Jupiter")
    assert any(t.startswith("During closest approach") and t.endswith("its moons and atmosphere.") for t in texts)
    assert not any(t[0].islower() for t in texts)  # no sentence starts mid-sentence
    # the release's header (date, contacts, phone numbers, release number, capitals headline) is no content
    assert not any("202-358-1726" in t or "RELEASE" in t for t in texts)
    assert "Applied Physics Laboratory, Laurel, Md." not in texts
    assert report.sentences == len(texts) and report.boilerplate_removed >= 5


def test_web_text_with_one_paragraph_a_line_is_not_joined():
    text = (
        "Ukrainian special forces have reported that they have not seen any North Korean troops on the front line.\n"
        "A spokesman for the Ukrainian special forces stated that it is likely the North Koreans had pulled out.\n"
        "The North Korea's military is divided into three branches, according to the spokesman of the army.\n"
        "The KPA has approximately 1.2 million active personnel, making it one of the largest armies.\n"
    )
    assert len(blocks(text)) == 4


def test_a_headline_and_list_items_end_at_their_line_break():
    text = (
        "Flood Hits River Town\nThe river burst its banks overnight.\n- Hundreds left their homes.\n- Schools closed."
    )
    assert blocks(text) == [
        "Flood Hits River Town",
        "The river burst its banks overnight.",
        "- Hundreds left their homes.",
        "- Schools closed.",
    ]


def test_a_contact_block_is_furniture_but_a_run_of_short_sentences_is_not():
    contact = "Michael Buckley\nApplied Physics Laboratory, Laurel, Md.\n240-228-7536"
    assert all(p.in_short_run for p in paragraphs(contact))
    short_sentences = "The vote was 7 to 2.\nCritics were angry.\nThe mayor left early."
    assert not any(p.in_short_run for p in paragraphs(short_sentences))


def test_crlf_and_blank_lines_of_spaces_are_line_breaks_and_offsets_stay_exact():
    text = "First paragraph is here.\r\n   \r\nSecond paragraph is here.\r\n"
    found = blocks(text)
    assert found == ["First paragraph is here.", "Second paragraph is here."]
