"""summarizer batch on a local Ray with 2 workers: the same lines as in-process, errors, resume.

One Ray for the whole session (starting Ray takes seconds); the workers run the hashing fake,
so the test exercises the Ray plumbing (actors, ordering, errors, resume), not the model.
"""

from __future__ import annotations

import logging
import os

import pytest

from summarizer.batch import run_batch
from summarizer.batch._ray import LOCAL_ONLY_VARIABLE
from tests.batch.test_batch import batch_input, read_lines, story_line, without_timings
from tests.builders import fake_summarizer
from tests.stories.builders import QUAKE_SOUTH


@pytest.fixture(scope="session")
def local_ray():
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    os.environ.setdefault(LOCAL_ONLY_VARIABLE, "0")  # before the import: the node stays on 127.0.0.1
    ray = pytest.importorskip("ray", reason="Ray is an optional extra: pip install '.[ray]'")
    ray.init(num_cpus=2, include_dashboard=False, logging_level=logging.WARNING)
    assert all(node["NodeManagerAddress"] == "127.0.0.1" for node in ray.nodes())
    yield ray
    ray.shutdown()


def test_ray_writes_the_same_lines_as_in_process_and_resumes(local_ray, tmp_path):
    source = batch_input(tmp_path)
    on_ray, in_process = tmp_path / "ray.jsonl", tmp_path / "local.jsonl"

    report = run_batch(source, on_ray, make_summarizer=fake_summarizer, max_words=60, use_ray=True, workers=2)
    assert report.runner == "ray (2 workers)"
    assert (report.digested, report.errors) == (2, 3)
    lines = read_lines(on_ray)
    assert [line["id"] for line in lines] == ["flood", "line-2", "empty", "north", "links"]
    assert lines[4]["error"]["type"] == "NoContentError"  # a bad story is a line, not the end of the run

    run_batch(source, in_process, make_summarizer=fake_summarizer, max_words=60)
    assert without_timings(read_lines(in_process)) == without_timings(lines)

    with source.open("a", encoding="utf-8") as handle:
        handle.write(story_line("south", QUAKE_SOUTH) + "\n")
    again = run_batch(source, on_ray, make_summarizer=fake_summarizer, max_words=60, use_ray=True, workers=2)
    assert (again.digested, again.skipped) == (1, 2)
    ids = [line["id"] for line in read_lines(on_ray)]
    assert sorted(ids) == sorted(["flood", "north", "line-2", "empty", "links", "south"])
    assert local_ray.is_initialized()  # a Ray the caller started is left running
