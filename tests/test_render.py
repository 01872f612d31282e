import json

from summarizer.render import render
from summarizer.types import ArticleReport, Citation, Claim, Conflict, Digest, Point


def digest() -> Digest:
    point = Point(
        "Rain flooded the town.", (Citation("a", 0, 22, "Rain flooded the town."), Citation("c", 5, 27, "x")), (0,)
    )
    conflict = Conflict(
        "families evacuated",
        (Claim("a", "300", 0, 10, "s1"), Claim("b", "500", 0, 10, "s2"), Claim("c", "500", 0, 10, "s3")),
    )
    reports = (
        ArticleReport("a", "Floods hit Elmsford", 3, 0),
        ArticleReport("b", None, 2, 1),
        ArticleReport("c", None, 2, 0),
    )
    return Digest((point,), (conflict,), reports, {"model": "m", "device": "cpu", "timings_ms": {"total": 1.0}})


def test_text_has_markers_conflicts_and_numbered_sources():
    out = render(digest(), "text")
    assert " 1. Rain flooded the town. [1][3] (figures disputed: see 1 below)" in out
    assert "  1. families evacuated: 300 [1] vs 500 [2][3]" in out
    assert "[1] Floods hit Elmsford (a)" in out and "[2] b" in out


def test_markdown_lists_points_and_sources():
    out = render(digest(), "md")
    assert "1. Rain flooded the town. [1][3] (figures disputed: see 1 below)" in out
    assert "1. **families evacuated**: 300 [1] vs 500 [2][3]" in out
    assert "### Sources" in out and "1. Floods hit Elmsford (a)" in out


def test_json_is_the_contract_shape():
    data = json.loads(render(digest(), "json"))
    assert set(data) == {"points", "conflicts", "articles", "meta"}
    assert data["points"][0] == {
        "text": "Rain flooded the town.",
        "support": 2,
        "citations": [
            {"article_id": "a", "start": 0, "end": 22, "text": "Rain flooded the town.", "copy_of": None},
            {"article_id": "c", "start": 5, "end": 27, "text": "x", "copy_of": None},
        ],
        "disputed": [0],
    }
    assert data["conflicts"][0]["claims"][1] == {"article_id": "b", "value": "500", "start": 0, "end": 10, "text": "s2"}
    assert data["articles"][1]["duplicates_removed"] == 1
