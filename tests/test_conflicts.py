"""Conflicting figures across sources: parsing figures, comparing them, and the seeds."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import numpy as np
import pytest

from summarizer.conflicts import (
    NoConflictFinder,
    NumericConflictFinder,
    find_quantities,
    load_parser,
)
from summarizer.errors import ModelUnavailableError
from summarizer.types import Article, Conflict, Sentence

# ---------------------------------------------------------------- builders


def sentences_of(articles: Sequence[Article]) -> list[Sentence]:
    """Sentence records with exact spans, one per line-and-full-stop piece (independent of segment.py)."""
    found: list[Sentence] = []
    for index, article in enumerate(articles):
        position = 0
        for match in re.finditer(r"[^\n]+?(?:[.!?](?=\s|$)|$)", article.text, flags=re.MULTILINE):
            start = match.start() + len(match.group()) - len(match.group().lstrip())
            text = match.group().strip()
            if len(text.split()) >= 4:
                found.append(Sentence(article.id, index, start, start + len(text), text, position))
                position += 1
    return found


def same_vectors(n: int) -> np.ndarray:
    """Every sentence equally alike, so only the figures and their frames decide."""
    return np.full((n, 4), 0.5, dtype=np.float32)


def two_vectors(cosine: float) -> np.ndarray:
    """Two unit rows whose cosine is ``cosine``: sentences exactly that alike."""
    return np.array([[1.0, 0.0], [cosine, math.sqrt(1 - cosine**2)]], dtype=np.float32)


def find(
    *texts: str, finder: NumericConflictFinder | None = None, embeddings: np.ndarray | None = None
) -> tuple[Conflict, ...]:
    articles = [Article(id=f"a{i}", text=text) for i, text in enumerate(texts)]
    sentences = sentences_of(articles)
    vectors = same_vectors(len(sentences)) if embeddings is None else embeddings
    return (finder or NumericConflictFinder()).find(sentences, vectors)


def claims_by_article(conflict: Conflict) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for claim in conflict.claims:
        found.setdefault(claim.article_id, set()).add(claim.value)
    return found


@pytest.fixture(scope="session", autouse=True)
def parser():
    """The spaCy parser, loaded once for the session (the finder caches it per process)."""
    return load_parser()


# ---------------------------------------------------------------- figures


@pytest.mark.parametrize(
    ("text", "value", "label", "unit"),
    [
        ("Approximately 12,000 soldiers were sent.", 12_000, "12,000", ""),
        ("Some 11 000 troops were sent.", 11_000, "11 000", ""),
        ("It has 1.2 million active personnel.", 1_200_000, "1.2 million", ""),
        ("More than 1,100 soldiers have been killed.", 1_100, "More than 1,100", ""),
        ("Estimates reach up to 350,000, officials say.", 350_000, "up to 350,000", ""),
        ("Trade grew by 20% last year.", 20, "20%", "%"),
        ("The deal is worth $5 billion.", 5e9, "$5 billion", "$"),
        ("They reclaimed over 1,000 square kilometers of land.", 1_000, "over 1,000 square kilometers", "km2"),
        ("Twenty-five people were hurt.", 25, "Twenty-five", ""),
    ],
)
def test_figures_are_read_with_their_qualifier_and_unit(text, value, label, unit):
    (quantity,) = find_quantities(text)
    assert quantity.value == pytest.approx(value)
    assert quantity.label == label
    assert quantity.unit == unit
    assert text[quantity.start : quantity.end].endswith(label)  # the span also holds "approximately"


@pytest.mark.parametrize(
    ("text", "low", "high", "unit"),
    [
        ("His salary is between $25 million and $30 million.", 25e6, 30e6, "$"),
        ("His salary is reportedly $27M-$30 million a year.", 27e6, 30e6, "$"),
        ("States collect 5 to 6 lbs per person.", 5, 6, "lb"),
        ("Some 20-25 people died.", 20, 25, ""),
    ],
)
def test_ranges_are_one_interval(text, low, high, unit):
    (quantity,) = find_quantities(text)
    assert (quantity.low, quantity.high, quantity.unit) == (pytest.approx(low), pytest.approx(high), unit)
    assert text[quantity.start : quantity.end] == quantity.label


def test_scores_and_changes_are_not_ranges_or_figures():
    assert find_quantities("They won 3-2 after a 52-48 vote.") == []
    assert find_quantities("Arrests rose from 10 to 20 people.") == []


def test_or_so_makes_a_figure_approximate():
    (quantity,) = find_quantities("The 100 or so MPs met.")
    assert quantity.low < 100 < quantity.high


def test_qualifiers_become_intervals():
    about, more, up_to, exact = (
        find_quantities(t)[0] for t in ("about 11,000 men", "more than 1,100 men", "up to 350 men", "1,000 men")
    )
    assert about.low < 11_000 < about.high and about.high < 11_500
    assert (more.low, more.high) == (1_100, math.inf)
    assert (up_to.low, up_to.high) == (0, 350)
    assert (exact.low, exact.high) == (1_000, 1_000)


@pytest.mark.parametrize(
    "text",
    [
        "Today : Feb 02, 2025.",
        "The treaty was signed in 1961 and reaffirmed on 14 March.",
        "A 45-year-old man, aged 45, was held for three weeks.",
        "The F-16 landed at 10:30 p.m. during COVID-19.",
        "He finished 3rd under Article 5 in the 1990s.",
        "One of them said hundreds of people came.",
    ],
)
def test_dates_years_ages_durations_and_labels_are_not_figures(text):
    assert find_quantities(text) == []


@pytest.mark.parametrize(
    ("a", "b", "overlap"),
    [
        ("about 11,000", "about 12,000", False),  # 9 % apart: different figures
        ("about 45,100", "about 45,000", True),  # within the approximation
        ("more than 1,100", "1,000", False),
        ("more than 1,100", "about 4,000", True),
        ("at least 1,000", "1,000", True),
        ("up to 350,000", "300,000", True),
        ("fewer than 50", "60", False),
    ],
)
def test_values_conflict_only_when_they_cannot_both_hold(a, b, overlap):
    (qa,), (qb,) = find_quantities(a + " men"), find_quantities(b + " men")
    assert qa.overlaps(qb) is overlap
    assert qb.overlaps(qa) is overlap


# ---------------------------------------------------------------- conflicts on small inputs


def test_different_counts_of_the_same_thing_conflict_with_exact_spans():
    texts = (
        "Officials said 12,000 soldiers were sent to the front last year.",
        "Intro line here for context. Some 11,000 soldiers were sent to the front, officials said.",
    )
    (conflict,) = find(*texts)
    assert claims_by_article(conflict) == {"a0": {"12,000"}, "a1": {"11,000"}}
    for claim in conflict.claims:
        text = texts[int(claim.article_id[1:])]
        assert text[claim.start : claim.end] == claim.text
        assert claim.value in claim.text
    assert "soldiers" in conflict.about


def test_same_figures_and_compatible_figures_are_not_conflicts():
    assert find("About 11,000 soldiers were sent north.", "Some 11,200 soldiers were sent north.") == ()
    assert find("More than 1,100 soldiers were killed there.", "About 4,000 soldiers were killed there.") == ()


def test_figures_within_one_article_never_conflict():
    text = "At first 12,000 soldiers were sent to the front. Later 11,000 soldiers were sent to the front."
    assert find(text) == ()


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("About 12,000 soldiers were sent to the region.", "About 11,000 soldiers were killed in the region."),
        ("About 12,000 soldiers were sent to the region.", "About 11,000 civilians were sent to the region."),
        ("About 1,000 Russian soldiers were killed there.", "About 1,200 Ukrainian soldiers were killed there."),
        ("About 1,000 soldiers were sent to the region.", "About 900 square kilometers of land were taken."),
        ("About 12 percent of soldiers were sent home.", "About 14 soldiers were sent home."),
        ("About 1,000 soldiers were sent to the region.", "About 12,000 soldiers were sent to the region."),
    ],
    ids=["killed-vs-sent", "other-noun", "names-clash", "units", "percent-vs-count", "ten-times-apart"],
)
def test_figures_about_different_things_are_not_compared(a, b):
    assert find(a, b) == ()


@pytest.mark.parametrize(
    ("a", "b", "conflict"),
    [
        ("In 2012, about 1,000 soldiers were killed there.", "In 2012, about 1,500 soldiers were killed there.", True),
        ("In 2012, about 1,000 soldiers were killed there.", "In 2014, about 1,500 soldiers were killed there.", False),
        ("The attack that killed 86 people shocked the city.", "The attack that killed 77 people shocked the city.", True),
        ("The Nice attack that killed 86 people shocked France.", "Breivik, who killed 77 people, was convicted.", False),
        ("In all, 16 firms were given contracts by the agency.", "In all, 15 firms were given contracts by the agency.", True),
        ("In all, 16 firms were given contracts by the agency.", "In all, 15 other firms were given contracts.", False),
        ("Leno's new salary is likely about $20 million.", "Leno's new salary is $27M-$30 million a year.", True),
        ("Leno's new salary is likely about $20 million.", "Conan's new salary is $27M-$30 million a year.", False),
        ("About 1,000 civilian deaths were recorded.", "About 1,500 civilian deaths were recorded.", True),
        ("About 1,000 civilian deaths were recorded.", "About 1,500 military deaths were recorded.", False),
        ("The two orbiters will pass over the rover.", "The signal arrives via three orbiters over the rover.", False),
    ],
    ids=[
        "same-year", "other-year", "same-doer", "other-doer", "same-extent", "other-firms",
        "same-salary", "other-salary", "same-modifier", "other-modifier", "unknown-role",
    ],
)
def test_when_whose_and_which_part_must_agree(a, b, conflict):
    assert bool(find(a, b)) is conflict


@pytest.mark.parametrize(
    ("whose", "cosine", "conflict"),
    [
        ("North Korean soldiers", 0.4, True),  # named on both sides: loosely alike sentences are enough
        ("North Korean soldiers", 0.2, False),  # too unlike to be about the same thing at all
        ("people", 0.4, False),  # anonymous "people killed" in two stories: not enough
        ("people", 0.7, True),
    ],
)
def test_sentences_must_be_alike_and_more_so_without_names(whose, cosine, conflict):
    a, b = f"About 40 {whose} were killed on Sunday.", f"About 30 {whose} were killed on Sunday."
    assert bool(find(a, b, embeddings=two_vectors(cosine))) is conflict


def test_an_article_giving_both_figures_does_not_disagree():
    first = "Officials said 12,000 soldiers were sent to the front."
    assert find(first, "Officials said 11,000 soldiers were sent to the front.")
    assert find(first, "Officials said 11,000 soldiers were sent to the front. Later 12,000 soldiers were sent.") == ()


def test_findings_are_deterministic():
    texts = (
        "About 12,000 soldiers were sent. Reports say 4,000 soldiers were killed.",
        "Some 11,000 soldiers were sent. Some 1,000 soldiers were killed.",
    )
    assert find(*texts) == find(*texts)
    assert len(find(*texts)) == 2


def test_losses_conflict_but_not_with_the_troop_total():
    conflicts = find(
        "About 12,000 soldiers were sent to the front. Reports say about 4,000 soldiers were killed or injured.",
        "Out of some 11,000 soldiers sent there, 1,000 have been killed.",
        "More than 1,100 soldiers have been killed since the deployment.",
    )
    killed = next(c for c in conflicts if "killed" in c.about)
    assert claims_by_article(killed) == {"a0": {"4,000"}, "a1": {"1,000"}, "a2": {"More than 1,100"}}
    sent = next(c for c in conflicts if "sent" in c.about)
    assert claims_by_article(sent) == {"a0": {"12,000"}, "a1": {"11,000"}}
    assert conflicts[0] is killed  # three articles disagree on it, two on the other


def test_encode_lets_synonyms_match():
    vectors = {"soldiers": [1.0, 0.0], "troops": [0.98, 0.2], "civilians": [0.0, 1.0]}

    def encode(texts: list[str]) -> np.ndarray:
        rows = np.array([vectors[t] for t in texts], dtype=np.float32)
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)

    a, b = "About 12,000 soldiers were sent to the front.", "About 11,000 troops were sent to the front."
    assert find(a, b) == ()  # without an encoder only equal nouns match
    (conflict,) = find(a, b, finder=NumericConflictFinder(encode=encode))
    assert set(claims_by_article(conflict)) == {"a0", "a1"}
    assert find(a, b.replace("troops", "civilians"), finder=NumericConflictFinder(encode=encode)) == ()


def test_a_missing_parser_is_reported_with_a_fix():
    with pytest.raises(ModelUnavailableError, match="pip install"):
        NumericConflictFinder(spacy_model="no_such_spacy_pipeline").load()


def test_no_conflict_finder_reports_nothing():
    assert NoConflictFinder().find(sentences_of([Article("a", "About 12,000 soldiers were sent.")]), same_vectors(1)) == ()


# ---------------------------------------------------------------- the seeds, with the real model


@pytest.fixture(scope="session")
def seed_conflicts(seed_articles, real_summarizer) -> tuple[Conflict, ...]:
    sentences = sentences_of(seed_articles)
    embeddings = real_summarizer.embedder.encode([s.text for s in sentences])
    return NumericConflictFinder(encode=real_summarizer.embedder.encode).find(sentences, embeddings)


def _prefix(article_id: str) -> str:
    return article_id[:3]


@pytest.mark.model
def test_seed_troop_count_conflict(seed_conflicts):
    troops = next(c for c in seed_conflicts if any("12,000" in claim.value for claim in c.claims))
    sides = {(_prefix(claim.article_id), claim.value) for claim in troops.claims}
    assert sides == {("000", "12,000"), ("001", "11,000"), ("003", "11,000"), ("004", "11,000")}


@pytest.mark.model
def test_seed_losses_conflict(seed_conflicts):
    losses = next(c for c in seed_conflicts if any("4,000" in claim.value for claim in c.claims))
    sides = {(_prefix(claim.article_id), claim.value) for claim in losses.claims}
    assert sides == {("000", "4,000"), ("003", "1,000"), ("004", "more than 1,100")}
    assert "killed" in losses.about


@pytest.mark.model
def test_seed_conflicts_are_only_these_two_with_exact_spans(seed_conflicts, seed_articles):
    assert len(seed_conflicts) == 2
    texts = {a.id: a.text for a in seed_articles}
    for conflict in seed_conflicts:
        for claim in conflict.claims:
            assert texts[claim.article_id][claim.start : claim.end] == claim.text
    reported = {claim.value for c in seed_conflicts for claim in c.claims}
    assert not reported & {"about 45,100", "approximately 45,100", "up to 350,000", "20,000", "1.2 million"}
