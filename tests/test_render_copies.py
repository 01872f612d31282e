"""A copy is shown as a copy: cited, but not as one more source."""

from summarizer.render import to_markdown, to_text
from summarizer.types import ArticleReport, Citation, Digest, Point


def test_copies_are_named_after_the_sources_they_copy():
    point = Point(
        "The council approved the budget.",
        (
            Citation("a", 0, 5, "x"),
            Citation("b", 0, 5, "x"),
            Citation("c", 0, 5, "x", copy_of="a"),
        ),
    )
    reports = tuple(ArticleReport(i, None, 1, 0) for i in "abc")
    digest = Digest((point,), (), reports)
    assert point.support == 2
    assert "The council approved the budget. [1][2] (copy: [3] of [1])" in to_text(digest)
    assert "1. The council approved the budget. [1][2] (copy: [3] of [1])" in to_markdown(digest)
    assert digest.to_dict()["points"][0]["support"] == 2
    assert [c["copy_of"] for c in digest.to_dict()["points"][0]["citations"]] == [None, None, "a"]
