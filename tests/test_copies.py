"""Syndicated copy counts as one report; one shared quotation does not make a copy."""

import random

import pytest
from datasketch import MinHash, MinHashLSH

from summarizer.copies import (
    _KNOWN_BANDS,
    Copies,
    MinHashCopyFinder,
    _bands,
    _permutations,
    _signatures,
    jaccard,
    shingles,
)
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


@pytest.mark.parametrize("num_perm", [16, 64, 128])
def test_the_permutations_are_datasketchs(num_perm):
    assert (_permutations(num_perm) == MinHash(num_perm=num_perm).permutations).all()


@pytest.mark.parametrize(("threshold", "num_perm"), sorted(_KNOWN_BANDS))
def test_the_bands_looked_up_are_the_ones_datasketch_chooses(threshold, num_perm):
    index = MinHashLSH(threshold=threshold, num_perm=num_perm)
    assert _bands(threshold, num_perm) == (index.b, index.r)


def test_other_settings_get_datasketchs_bands():
    index = MinHashLSH(threshold=0.5, num_perm=32)
    assert _bands(0.5, 32) == (index.b, index.r)


def datasketch_pairs(sentences: list[Sentence], finder: MinHashCopyFinder) -> list[tuple[int, int]]:
    """What the copy finder found with datasketch's own MinHash LSH index (the code it replaced)."""
    grams = [shingles(s.text) if s.words >= finder.min_tokens else frozenset() for s in sentences]
    usable = [i for i, g in enumerate(grams) if g]
    template = MinHash(num_perm=finder.num_perm)
    index = MinHashLSH(threshold=finder.threshold, num_perm=finder.num_perm)
    pairs = []
    for i, values in zip(usable, _signatures([grams[i] for i in usable], template.permutations), strict=True):
        sketch = MinHash(num_perm=finder.num_perm, hashvalues=values, permutations=template.permutations)
        for j in index.query(sketch):
            if (
                sentences[j].article_index != sentences[i].article_index
                and jaccard(grams[i], grams[j]) >= finder.threshold
            ):
                pairs.append((j, i))
        index.insert(i, sketch, check_duplication=False)
    return pairs


def test_the_pairs_are_those_datasketchs_index_finds():
    # Variants of a few sentences with one to four words changed: Jaccard around the threshold,
    # where the index's bands decide which pairs are ever compared.
    rng = random.Random(3)
    words = [f"w{k}" for k in range(40)]
    bases = [[rng.choice(words) for _ in range(rng.randint(14, 24))] for _ in range(12)]
    sentences = []
    for n in range(400):
        variant = list(rng.choice(bases))
        for _ in range(rng.randint(0, 4)):
            variant[rng.randrange(len(variant))] = rng.choice(words)
        sentences.append(Sentence(f"a{n % 23}", n % 23, 0, 0, " ".join(variant), n // 23))
    finder = MinHashCopyFinder()
    ours = finder._near_identical(sentences)
    theirs = datasketch_pairs(sentences, finder)
    assert len(ours) > 100
    assert sorted(ours) == sorted(theirs)
    assert len(set(ours)) == len(ours)
