"""A point's citations: one per article that carries it, copies marked as such."""

from __future__ import annotations

from collections.abc import Sequence

from summarizer.copies import Copies
from summarizer.extract._lines import Line
from summarizer.types import Citation, Cluster, Sentence


def cite(sentence: Sentence, *, copy_of: str | None = None) -> Citation:
    return Citation(sentence.article_id, sentence.start, sentence.end, sentence.text, copy_of)


def citations_for(cluster: Cluster, line: Line, sentences: Sequence[Sentence], copies: Copies) -> tuple[Citation, ...]:
    """One citation per article in the cluster: the line itself for its own article, elsewhere the
    member closest to the cluster's centre. A citation whose article only copies another cited
    article's report says so (``copy_of``): it is cited, but adds no support."""
    own = sentences[line.sentence].article_index
    chosen: dict[int, int] = {own: line.sentence}
    for member in cluster.members:
        chosen.setdefault(sentences[member].article_index, member)
    original: dict[int, str] = {}
    for group in copies.reports(list(chosen.values()), sentences):
        for article in group[1:]:
            original[article] = sentences[chosen[group[0]]].article_id
    citations = []
    for article in sorted(chosen):
        if article == own:
            citations.append(Citation(line.article_id, line.start, line.end, line.text, original.get(article)))
        else:
            citations.append(cite(sentences[chosen[article]], copy_of=original.get(article)))
    return tuple(citations)
