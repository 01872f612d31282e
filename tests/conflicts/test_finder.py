"""Conflicting figures across sources: pairing, grouping, ordering and exact spans, and the seeds."""

from __future__ import annotations

import pytest

from summarizer.conflicts import NoConflictFinder, NumericConflictFinder
from summarizer.conflicts._parser import DEFAULT_SPACY_MODEL, load_parser
from summarizer.types import Article, Conflict
from tests.conflicts.builders import claims_by_article, find, same_vectors, sentences_of


@pytest.fixture(scope="session", autouse=True)
def parser():
    """The spaCy parser, loaded once for the session (the finder caches it per process)."""
    return load_parser()


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


def test_no_conflict_finder_reports_nothing():
    assert (
        NoConflictFinder().find(sentences_of([Article("a", "About 12,000 soldiers were sent.")]), same_vectors(1)) == ()
    )


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


def test_the_parser_on_numpy_matmul_parses_as_on_blis():
    from summarizer.conflicts._matmul import numpy_matmul
    from summarizer.conflicts._parser import _load

    nlp = _load(DEFAULT_SPACY_MODEL)  # a pipeline of its own: the shared one may already be switched
    texts = [
        "North Korea has sent about 11,000 troops to Russia, of whom 3,000 have been killed or wounded.",
        "The quake of magnitude 7.4 killed at least 9 people and injured more than 1,000 in Hualien.",
        "Officials said 86 people died in the attack that the group claimed on Tuesday.",
    ]

    def parses():
        return [[(t.tag_, t.dep_, t.head.i) for t in doc] for doc in nlp.pipe(texts)]

    on_blis = parses()
    with numpy_matmul(nlp):
        on_numpy = parses()
    assert on_numpy == on_blis
