"""Syndicated copy counts as one report; one shared quotation does not make a copy."""

from summarizer.copies import Copies, MinHashCopyFinder, shingles
from summarizer.types import Article, Sentence

WIRE = [
    "The city council approved a budget of 4.2 million dollars for the new library on Monday evening.",
    "The vote was seven to two after a debate that lasted more than three hours.",
    "Council member Ana Ruiz said the library would open its doors in the spring of next year.",
]
# The same agency story on another site: one word changed, one sentence added at the end.
SYNDICATED = [
    "The city council approved a budget of 4.2 million dollars for the new library on Monday night.",
    "The vote was seven to two after a debate that lasted more than three hours.",
    "Council member Ana Ruiz said the library would open its doors in the spring of next year.",
    "Readers can send their questions about the library to the newsroom by e-mail.",
]
# An outlet that did its own reporting, quoting the same line of the same speech.
OWN_REPORTING = [
    "Elmsford will get a new library after councillors backed the plan by seven votes to two.",
    "Council member Ana Ruiz said the library would open its doors in the spring of next year.",
    "Opponents had argued the money should go to repairing the town's flood defences instead.",
]


def build(*articles: list[str], published: list[str | None] | None = None) -> tuple[list[Sentence], list[Article]]:
    sentences, records = [], []
    for a, texts in enumerate(articles):
        text = " ".join(texts)
        offset = 0
        for p, sentence in enumerate(texts):
            start = text.index(sentence, offset)
            sentences.append(Sentence(f"art{a}", a, start, start + len(sentence), sentence, p))
            offset = start + len(sentence)
        records.append(Article(id=f"art{a}", text=text, published=(published or [None] * len(articles))[a]))
    return sentences, records


def test_a_syndicated_story_is_one_report_with_the_first_given_as_original():
    sentences, articles = build(WIRE, SYNDICATED, OWN_REPORTING)
    copies = MinHashCopyFinder().find(sentences, articles)
    assert (0, 1) in copies.linked and (0, 1) in copies.duplicates
    # The approved-budget sentence is in all three articles' worth of members: two reports, not three.
    ruiz = [i for i, s in enumerate(sentences) if "Ana Ruiz" in s.text]
    assert copies.independent(ruiz, sentences) == 2
    assert copies.reports(ruiz, sentences) == [(0, 1), (2,)]
    # The syndicated copy's sentences point at the wire original; the added line is its own.
    assert copies.origin[ruiz[1]] == ruiz[0]
    added = next(i for i, s in enumerate(sentences) if s.text.startswith("Readers"))
    assert copies.origin[added] == added


def test_one_shared_quotation_is_not_copying():
    sentences, articles = build(WIRE, OWN_REPORTING)
    copies = MinHashCopyFinder().find(sentences, articles)
    assert not copies.linked
    ruiz = [i for i, s in enumerate(sentences) if "Ana Ruiz" in s.text]
    assert copies.independent(ruiz, sentences) == 2


def test_the_earliest_published_copy_is_the_original():
    sentences, articles = build(SYNDICATED, WIRE, published=["2024-03-05T09:00:00Z", "2024-03-04"])
    copies = MinHashCopyFinder().find(sentences, articles)
    vote = [i for i, s in enumerate(sentences) if s.text.startswith("The vote")]
    assert copies.reports(vote, sentences) == [(1, 0)]  # art1 came out a day earlier
    assert copies.origin[vote[0]] == vote[1]


def test_no_copies_means_every_article_is_a_report():
    sentences, _ = build(WIRE, SYNDICATED)
    none = Copies.none(sentences)
    assert none.independent(range(len(sentences)), sentences) == 2


def test_shingles_ignore_case_and_punctuation():
    assert shingles("The vote, was 7-2.") == shingles("the VOTE was 7 2")
