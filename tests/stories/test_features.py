"""Rarity reads wordfreq's lists its own, faster way: the values must be wordfreq's exactly."""

from __future__ import annotations

import random

import pytest
import wordfreq

from summarizer.stories._features import FIGURE_LANGUAGE, _figure_zipf, _frequencies, rarity, terms


@pytest.mark.parametrize("language", ["en", "de", "ja"])
def test_the_frequencies_are_wordfreqs_dict_entry_by_entry(language):
    ours = _frequencies(language)
    theirs = wordfreq.get_frequency_dict(language)
    assert ours == theirs
    assert all(type(v) is float for v in ours.values())


def figures() -> list[str]:
    """Every shape ``terms`` gives a figure: plain, grouped, decimal, dotted, leading zeros, long,
    non-ASCII digits, and numbers that wordfreq's list has no entry for."""
    rng = random.Random(7)
    shapes = [str(n) for n in range(0, 12_000)]
    shapes += [f"{n:,}" for n in rng.sample(range(1_000, 10**12), 3_000)]
    shapes += [f"{rng.uniform(0, 10 ** rng.randint(0, 7)):.{rng.randint(1, 4)}f}" for _ in range(3_000)]
    shapes += [f"{n:,}".replace(",", ".") for n in rng.sample(range(1_000, 10**9), 500)]
    shapes += ["0" * k + str(n) for k in (1, 2, 3) for n in range(0, 200)]
    shapes += ["".join(rng.choice("0123456789.,") for _ in range(rng.randint(2, 12))).strip(".,") for _ in range(2_000)]
    shapes += ["9" * k for k in range(1, 300, 7)] + ["1" + "0" * k for k in range(1, 300, 11)]
    shapes += ["٣٤", "१२०", "１２", "۱۴۰۳", "٢٠٢٤", "1٢3", "3.٥"]
    return [s for s in dict.fromkeys(shapes) if s and s[0].isdigit()]


def test_figures_weigh_what_wordfreq_says():
    for figure in figures():
        assert _figure_zipf(figure) == wordfreq.zipf_frequency(figure, FIGURE_LANGUAGE), figure


def test_figures_read_from_articles_weigh_what_wordfreq_says():
    text = "Of 11,000 troops sent in 2024, 1,000 died; 1.2 million and 45,100 more; 2.5 km; 7 to 2; 0.5%."
    for term in terms(text):
        if term[:1].isdigit():
            assert rarity(term, "en") == max(0.0, 7.0 - wordfreq.zipf_frequency(term, "en"))
