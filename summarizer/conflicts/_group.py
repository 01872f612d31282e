"""Conflicting figures -> conflicts: grouped, labelled, ordered."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from summarizer.conflicts._candidates import Mention
from summarizer.types import Claim, Conflict, Sentence

Pair = tuple[int, int]
# Where a conflict first appears (article, sentence position): the tie-break of the order.
Anchor = tuple[int, int]


def group_pairs(same: Iterable[Pair], in_conflict: set[int]) -> list[list[int]]:
    """Connected groups of the figures in ``in_conflict``, linked by same-thing pairs.

    Only figures that are themselves in conflict are linked: no chaining through others.
    """
    parent = {i: i for i in in_conflict}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in same:
        if i in parent and j in parent:
            parent[root(i)] = root(j)
    groups: dict[int, list[int]] = {}
    for i in sorted(in_conflict):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())


def build_conflict(members: list[Mention], sentences: Sequence[Sentence]) -> tuple[Conflict, Anchor]:
    """One claim per article and figure, in input order, labelled by the commonest frame label."""
    members = sorted(
        members, key=lambda m: (sentences[m.sentence].article_index, sentences[m.sentence].position, m.quantity.start)
    )
    claims: list[Claim] = []
    seen: set[tuple[str, str]] = set()
    for m in members:
        s = sentences[m.sentence]
        if (s.article_id, m.quantity.label) not in seen:
            seen.add((s.article_id, m.quantity.label))
            claims.append(Claim(s.article_id, m.quantity.label, s.start, s.end, s.text))
    return Conflict(_label(members), tuple(claims)), _anchor(members, sentences)


def order_conflicts(found: Iterable[tuple[Conflict, Anchor]]) -> tuple[Conflict, ...]:
    """Most articles first, then most claims, then where they first appear."""
    ranked = sorted(found, key=lambda c: (-len({x.article_id for x in c[0].claims}), -len(c[0].claims), c[1]))
    return tuple(conflict for conflict, _ in ranked)


def _label(members: Sequence[Mention]) -> str:
    # The commonest label; among equals the longest that still reads as a label (six words or fewer).
    labels = [m.frame.label for m in members if m.frame and m.frame.label]
    return max(
        labels, key=lambda lab: (labels.count(lab), len(lab.split()) if len(lab.split()) <= 6 else 0), default="figure"
    )


def _anchor(members: Sequence[Mention], sentences: Sequence[Sentence]) -> Anchor:
    first = sentences[members[0].sentence]
    return first.article_index, first.position
