"""Figures read from sentences: value, qualifier, unit, ranges, what is no figure, and intervals."""

from __future__ import annotations

import math

import pytest

from summarizer.conflicts._quantities import find_quantities


@pytest.mark.parametrize(
    ("text", "value", "label", "unit"),
    [
        ("Approximately 12,000 soldiers were sent.", 12_000, "12,000", ""),
        ("Some 11 000 troops were sent.", 11_000, "11 000", ""),
        ("It has 1.2 million active personnel.", 1_200_000, "1.2 million", ""),
        ("More than 1,100 soldiers have been killed.", 1_100, "More than 1,100", ""),
        ("Estimates reach up to 350,000, officials say.", 350_000, "up to 350,000", ""),
        ("Trade grew by 20% last year.", 20, "20%", "%"),
        ("The deal is worth $5 billion.", 5e9, "$5 billion", "$"),
        ("They reclaimed over 1,000 square kilometers of land.", 1_000, "over 1,000 square kilometers", "km2"),
        ("Twenty-five people were hurt.", 25, "Twenty-five", ""),
    ],
)
def test_figures_are_read_with_their_qualifier_and_unit(text, value, label, unit):
    (quantity,) = find_quantities(text)
    assert quantity.value == pytest.approx(value)
    assert quantity.label == label
    assert quantity.unit == unit
    assert text[quantity.start : quantity.end].endswith(label)  # the span also holds "approximately"


@pytest.mark.parametrize(
    ("text", "low", "high", "unit"),
    [
        ("His salary is between $25 million and $30 million.", 25e6, 30e6, "$"),
        ("His salary is reportedly $27M-$30 million a year.", 27e6, 30e6, "$"),
        ("States collect 5 to 6 lbs per person.", 5, 6, "lb"),
        ("Some 20-25 people died.", 20, 25, ""),
    ],
)
def test_ranges_are_one_interval(text, low, high, unit):
    (quantity,) = find_quantities(text)
    assert (quantity.low, quantity.high, quantity.unit) == (pytest.approx(low), pytest.approx(high), unit)
    assert text[quantity.start : quantity.end] == quantity.label


def test_scores_and_changes_are_not_ranges_or_figures():
    assert find_quantities("They won 3-2 after a 52-48 vote.") == []
    assert find_quantities("Arrests rose from 10 to 20 people.") == []


def test_or_so_makes_a_figure_approximate():
    (quantity,) = find_quantities("The 100 or so MPs met.")
    assert quantity.low < 100 < quantity.high


def test_qualifiers_become_intervals():
    about, more, up_to, exact = (
        find_quantities(t)[0] for t in ("about 11,000 men", "more than 1,100 men", "up to 350 men", "1,000 men")
    )
    assert about.low < 11_000 < about.high and about.high < 11_500
    assert (more.low, more.high) == (1_100, math.inf)
    assert (up_to.low, up_to.high) == (0, 350)
    assert (exact.low, exact.high) == (1_000, 1_000)


@pytest.mark.parametrize(
    "text",
    [
        "Today : Feb 02, 2025.",
        "The treaty was signed in 1961 and reaffirmed on 14 March.",
        "A 45-year-old man, aged 45, was held for three weeks.",
        "The F-16 landed at 10:30 p.m. during COVID-19.",
        "He finished 3rd under Article 5 in the 1990s.",
        "One of them said hundreds of people came.",
    ],
)
def test_dates_years_ages_durations_and_labels_are_not_figures(text):
    assert find_quantities(text) == []


@pytest.mark.parametrize(
    ("a", "b", "overlap"),
    [
        ("about 11,000", "about 12,000", False),  # 9 % apart: different figures
        ("about 45,100", "about 45,000", True),  # within the approximation
        ("more than 1,100", "1,000", False),
        ("more than 1,100", "about 4,000", True),
        ("at least 1,000", "1,000", True),
        ("up to 350,000", "300,000", True),
        ("fewer than 50", "60", False),
    ],
)
def test_values_conflict_only_when_they_cannot_both_hold(a, b, overlap):
    (qa,), (qb,) = find_quantities(a + " men"), find_quantities(b + " men")
    assert qa.overlaps(qb) is overlap
    assert qb.overlaps(qa) is overlap


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("No figure here at all, only words.", []),
        ("A DOZEN soldiers and TWENTY tanks crossed.", [12, 20]),
        ("Über twenty soldiers crossed the river.", [20]),  # not ASCII: the patterns decide alone
        ("Six months later, fifty people returned.", [50]),
    ],
)
def test_figures_in_words_are_found_in_any_case_and_script(text, values):
    assert [q.value for q in find_quantities(text)] == values
