"""What a figure counts, and when two figures count the same thing (frames, frame_match, parser).

Checked through the finder on small inputs: two figures that differ are a
conflict exactly when their frames say they count the same thing.
"""

from __future__ import annotations

import numpy as np
import pytest

from summarizer.conflicts import NumericConflictFinder
from summarizer.conflicts._parser import load_parser
from summarizer.errors import ModelUnavailableError
from tests.conflicts.builders import claims_by_article, find, two_vectors


@pytest.fixture(scope="session", autouse=True)
def parser():
    """The spaCy parser, loaded once for the session (the finder caches it per process)."""
    return load_parser()


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
        (
            "The attack that killed 86 people shocked the city.",
            "The attack that killed 77 people shocked the city.",
            True,
        ),
        (
            "The Nice attack that killed 86 people shocked France.",
            "Breivik, who killed 77 people, was convicted.",
            False,
        ),
        (
            "In all, 16 firms were given contracts by the agency.",
            "In all, 15 firms were given contracts by the agency.",
            True,
        ),
        ("In all, 16 firms were given contracts by the agency.", "In all, 15 other firms were given contracts.", False),
        ("Leno's new salary is likely about $20 million.", "Leno's new salary is $27M-$30 million a year.", True),
        ("Leno's new salary is likely about $20 million.", "Conan's new salary is $27M-$30 million a year.", False),
        ("About 1,000 civilian deaths were recorded.", "About 1,500 civilian deaths were recorded.", True),
        ("About 1,000 civilian deaths were recorded.", "About 1,500 military deaths were recorded.", False),
        ("The two orbiters will pass over the rover.", "The signal arrives via three orbiters over the rover.", False),
    ],
    ids=[
        "same-year",
        "other-year",
        "same-doer",
        "other-doer",
        "same-extent",
        "other-firms",
        "same-salary",
        "other-salary",
        "same-modifier",
        "other-modifier",
        "unknown-role",
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
