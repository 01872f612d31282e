"""Word counts that hold for every script, not only for text with spaces.

Chinese, Japanese, Thai, Lao, Khmer and Burmese put no spaces between words, so
``len(text.split())`` counts a whole Chinese sentence as one word and a word
budget would let through a page of it. Here a run of such letters counts as
one word per few letters (the typical word length of those scripts); for
spaced text the counts are exactly ``len(text.split())``.
"""

from __future__ import annotations

import re

# Letters of scripts written without spaces between words, and about how many letters a word has.
_CJK = re.compile(
    r"[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9d\U00020000-\U0003134f]"
)
_SOUTHEAST_ASIAN = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")
CJK_LETTERS_PER_WORD = 2
SOUTHEAST_ASIAN_LETTERS_PER_WORD = 4
_UNSPACED = re.compile(f"{_CJK.pattern}|{_SOUTHEAST_ASIAN.pattern}")
# Alphabetic words: letters with an inner apostrophe (numbers and punctuation left out).
_LETTERS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def _weight(token: str) -> int:
    cjk = len(_CJK.findall(token))
    thai = len(_SOUTHEAST_ASIAN.findall(token))
    if not cjk and not thai:
        return 1
    return max(1, -(-cjk // CJK_LETTERS_PER_WORD) - (-thai // SOUTHEAST_ASIAN_LETTERS_PER_WORD))


def count_words(text: str) -> int:
    """Words of ``text`` for a word budget: whitespace tokens, unspaced scripts counted by letters."""
    if not _UNSPACED.search(text):
        return len(text.split())
    return sum(_weight(token) for token in text.split())


def letter_words(text: str) -> list[str]:
    """Alphabetic words of ``text`` (numbers and punctuation left out); a run of CJK or Thai letters
    is one entry here, see ``count_letter_words`` for how many words it stands for."""
    return _LETTERS.findall(text)


def count_letter_words(text: str) -> int:
    """How many alphabetic words ``text`` has, unspaced scripts counted by letters."""
    return weigh(letter_words(text))


def weigh(words: list[str]) -> int:
    """How many words the alphabetic words ``words`` (from ``letter_words``) stand for."""
    if not _UNSPACED.search("".join(words)):
        return len(words)
    return sum(_weight(word) for word in words)


def more_letter_words_than(text: str, limit: int) -> bool:
    """Whether ``text`` has more than ``limit`` alphabetic words; reads only a head of a long text
    when that already decides it."""
    head = text[: 40 * (limit + 1)]
    return count_letter_words(head) > limit or (len(head) < len(text) and count_letter_words(text) > limit)
