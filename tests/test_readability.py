"""A line read out of its article: what a reader would stumble on, and what reads fine."""

import pytest

from summarizer.readability import problems, stands_alone


@pytest.mark.parametrize(
    "line",
    [
        "The Senate passed the bill 7 to 2 on Monday.",
        "It is unclear whether the ceasefire will hold.",
        "It's not clear how many troops remain.",
        "This week the council voted to close the library.",
        "So far, 20 people have died in the floods.",
        "iPhone sales rose 5 percent last year, Apple said.",
        "Dr Hay told the BBC: “It looks pretty ominous.”",
        "Dr Hay told me : `` It looks pretty ominous , one has to say . ''",  # tokenised newswire
        "(Reuters) - The virus has killed at least 60 people in Mexico.",
        "“We will not back down,” the prime minister said on Tuesday.",
        "“Is this the end?” the coach asked after the defeat.",
    ],
)
def test_whole_sentences_stand_on_their_own(line):
    assert stands_alone(line), problems(line)


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        # The seeds' own digest, before this check: openings that point back to an unseen sentence.
        ("This use of foreign troops as disposable resources highlights a disturbing trend.", "points back"),
        ("However, the withdrawal of North Korean troops raises questions.", "points back"),
        ("He said the plan would fail.", "points back"),
        ("Their losses were heavy.", "points back"),
        ("It passed 7 to 2.", "points back"),
        ("But the mayor refused to resign.", "points back"),
        ("As a result, the vote was postponed.", "points back"),
        ("Both men were released on bail later that day.", "points back"),
        ("“We will win,” he said.", "points back"),
        ("I think Hun Sen has got everything.", "points back"),
        # Half a quotation.
        ("``I think Hun Sen has got everything.", "unbalanced quotes"),
        ("“The talks are over, the minister said.", "unbalanced quotes"),
        ('The minister said the talks were "over.', "unbalanced quotes"),
        ("The figures (released on Monday show a rise.", "unbalanced quotes"),
        # Split in mid-sentence.
        ("the group said it would appeal the ruling.", "lower-case start"),
        # Fragments.
        ("Officials said the toll was rising", "fragment"),
        ("Storm hits.", "fragment"),
        (", which the court rejected on Monday.", "fragment"),
        ("The following were named as suspects:", "fragment"),
        ("The minister paused and then said...", "fragment"),
        # Asks instead of reporting.
        ("What is swine flu ?", "question"),
        ("Is there a vaccine for the new strain?", "question"),
    ],
)
def test_lines_that_do_not_stand_on_their_own_are_named(line, problem):
    assert problem in problems(line)
    assert not stands_alone(line)
