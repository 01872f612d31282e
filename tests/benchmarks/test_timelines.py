"""Many-article event sets from dated articles and journalists' timelines (made-up, Timeline17's shape)."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.timelines import event_sets, load_stories


def write_story(folder: Path, outlet: str, days: list[str], timeline: list[dict[str, str]]) -> None:
    body = " ".join(["The outbreak spread to new towns as officials counted more cases ."] * 20)
    rows = [
        {"id": str(i), "published": day, "text": f"Report {i} from {outlet} . {body}"} for i, day in enumerate(days)
    ]
    (folder / f"flu_{outlet}.articles.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    (folder / f"flu_{outlet}.timelines.json").write_text(json.dumps([timeline]))


def test_sets_take_the_articles_nearest_a_marked_day_and_its_timeline_entries(tmp_path):
    write_story(
        tmp_path,
        "a",
        ["2009-04-25", "2009-04-26", "2009-04-27", "2009-05-20"],
        [
            {"date": "2009-04-26", "text": "Officials confirm the first cases."},
            {"date": "2009-05-20", "text": "Schools reopen."},
        ],
    )
    write_story(
        tmp_path,
        "b",
        ["2009-04-26", "2009-04-28", "2009-05-21"],
        [
            {"date": "2009-04-27", "text": "The WHO raises its alert."},
        ],
    )
    [story] = load_stories(tmp_path)
    assert story.name == "flu" and len(story.articles) == 7 and len(story.timelines) == 2

    sets = event_sets([story], articles_per_set=3, window_days=2)
    first = sets[0]
    assert first.id == "flu-2009-04-26-3"
    assert first.published == ("2009-04-26", "2009-04-26", "2009-04-27")  # nearest the day, on or after first
    # Each timeline with entries inside the span of those articles is a reference.
    assert first.summaries == ("Officials confirm the first cases.", "The WHO raises its alert.")
    # The next marked day would reuse most of the same articles: skipped, so the sets are distinct.
    assert all(s.id != "flu-2009-04-27-3" for s in sets)
    assert len(first.documents) == 3 and all(d.startswith("Report") for d in first.documents)
