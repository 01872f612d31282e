"""The harness's own rules: the word budget and the ROUGE averaging are what the README says."""

from __future__ import annotations

import pytest

from benchmarks.common import cut_to_budget, normalise_reference, split_sentences
from benchmarks.peers import Lead


def test_hard_cut_keeps_sentence_order_and_stops_at_the_budget():
    sentences = ["one two three", "four five six seven", "eight nine"]
    assert cut_to_budget(sentences, 5) == ["one two three", "four five"]
    assert cut_to_budget(sentences, 3) == ["one two three"]
    assert cut_to_budget(sentences, 100) == sentences


def test_reference_loses_only_its_leading_dash():
    assert normalise_reference("– The mayor – who spoke – left.") == "The mayor – who spoke – left."
    assert normalise_reference("No dash here.") == "No dash here."


def test_sentences_split_at_blank_lines_and_full_stops():
    text = "First one here. Second one.\n \n Third, after a break"
    assert split_sentences(text) == ["First one here.", "Second one.", "Third, after a break"]


def test_lead_takes_first_sentences_round_robin():
    docs = ["A1. A2. A3.", "B1. B2.", "A1. C2."]
    assert Lead().rank(docs) == ["A1.", "B1.", "A2.", "B2.", "C2.", "A3."]


def test_rouge_is_100_for_the_reference_itself_and_averages_references():
    from benchmarks.quality import Rouge

    rouge = Rouge()
    reference = "The river burst its banks.\nHundreds of families left."
    assert rouge.score(reference.split("\n"), [reference]) == pytest.approx(
        {"rouge1": 1.0, "rouge2": 1.0, "rougeLsum": 1.0}
    )
    unrelated = "Cyclists get a separate lane."
    both = rouge.score(reference.split("\n"), [reference, unrelated])
    assert both["rouge1"] == pytest.approx(0.5)


def test_multinews_raw_lines_become_clusters(tmp_path):
    from benchmarks.common import load_clusters
    from benchmarks.multinews import main

    src, tgt, out = tmp_path / "val.src", tmp_path / "val.tgt", tmp_path / "val.jsonl"
    src.write_text(
        "First article. NEWLINE_CHAR NEWLINE_CHAR Its second paragraph. ||||| Second article. |||||\n"
        " ||||| \n",  # a cluster with no article text is left out
        encoding="utf-8",
    )
    tgt.write_text("– A summary.\n– Another.\n", encoding="utf-8")
    assert main(["--src", str(src), "--tgt", str(tgt), "--out", str(out)]) == 0
    [cluster] = load_clusters(out)
    assert cluster.documents == ("First article. \n \n Its second paragraph.", "Second article.")
    assert cluster.summaries == ("– A summary.",)
    assert split_sentences(cluster.documents[0]) == ["First article.", "Its second paragraph."]
