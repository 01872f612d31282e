"""The conflicts stage: figures on which the sources disagree.

    ConflictFinder         the protocol
    NumericConflictFinder  figures as intervals, compared when they count the same thing (spaCy frames)
    NoConflictFinder       reports nothing: the stage turned off
    mark_disputed          flags the digest points whose cited sentences carry a disputed figure

Importing this package does not load spaCy; the finder loads its parser on
``load()`` or on first use.
"""

from summarizer.conflicts._base import ConflictFinder, NoConflictFinder
from summarizer.conflicts._disputed import mark_disputed
from summarizer.conflicts._finder import NumericConflictFinder

__all__ = ["ConflictFinder", "NoConflictFinder", "NumericConflictFinder", "mark_disputed"]
