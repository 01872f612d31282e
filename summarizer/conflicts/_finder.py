"""Find figures on which the sources disagree.

    sentences -> quantities   regex on every sentence: value, qualifier, unit;
                              dates, years, ages, durations and labels left out
              -> candidates   vectorised: another article, same unit, values that
                              cannot both hold, sentences about the same thing
              -> frames       spaCy parse of the candidate sentences only: what is
                              counted, what happened to it, whose it is
              -> conflicts    mentions with the same frame and incompatible values,
                              grouped, most articles first

Values are intervals: "about 11,000" is 11,000 give or take a few per cent,
"more than 1,100" has no upper end, "up to 350,000" no lower one; two values
conflict only when their intervals do not overlap. Two mentions count the same
thing when their nouns agree (soldiers ~ troops, by embedding when an
``encode`` function is given), their predicates fall in the same class
("killed" is not "sent"), the names attached to them do not clash ("North
Korean" vs "Russian") and their sentences are alike. Only a mention that
conflicts with another article is reported: a missed conflict is better than
an invented one.

Each stage has its module: ``quantities`` (figures as intervals),
``candidates`` (the vectorised pass), ``parser`` and ``frames`` (the spaCy
side), ``frame_match`` (whether two frames count the same thing), ``group``
(conflicting figures into labelled, ordered conflicts). This one holds the
finder, which runs them in order.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence

import numpy as np

from summarizer.budget import checkpoint
from summarizer.conflicts._candidates import (
    Figures,
    Mention,
    best_partner_similarity,
    comparable_masks,
    pick_sentences,
)
from summarizer.conflicts._frame_match import (
    Encode,
    noun_similarity,
    nouns_agree,
    nouns_to_compare,
    ratio_limit,
)
from summarizer.conflicts._frames import frame_of
from summarizer.conflicts._group import Pair, build_conflict, group_pairs, order_conflicts
from summarizer.conflicts._matmul import numpy_matmul
from summarizer.conflicts._parser import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_SPACY_MODEL,
    load_parser,
    parse,
    start_loading,
)
from summarizer.conflicts._quantities import DEFAULT_APPROX_TOLERANCE, find_quantities
from summarizer.types import Conflict, Sentence

log = logging.getLogger(__name__)

DEFAULT_MAX_PARSED = 400  # sentences parsed per run: bounds the cost on big inputs
DEFAULT_MAX_RATIO = 4.5  # figures further apart than this are about different things
DEFAULT_MAX_LOOSE_RATIO = 2.0  # the limit when the clauses may say different things ("sent" vs "arrived")
# An article that also gives another's figure (equal up to rounding, or compatible and this
# close) is not disagreeing with it: it reports two figures, most likely of two things.
DEFAULT_NEAR_RATIO = 1.25
DEFAULT_ROUNDING = 0.01
DEFAULT_MIN_CONTEXT_SIMILARITY = 0.3  # sentence cosine below which mentions are never compared
DEFAULT_MIN_EVENT_SIMILARITY = 0.5  # needed when the predicates differ or the counted noun is unknown
DEFAULT_MIN_THING_SIMILARITY = 0.8  # noun cosine: soldiers ~ troops (0.89), soldiers !~ civilians (0.65)


class NumericConflictFinder:
    """Finds figures that differ between articles about the same counted thing.

    ``encode`` (texts -> L2-normalised rows, e.g. the pipeline embedder's
    ``encode``) lets "soldiers" match "troops"; without it nouns must be equal.
    At most ``max_parsed`` sentences are parsed, the likeliest first.
    """

    def __init__(
        self,
        *,
        encode: Encode | None = None,
        spacy_model: str = DEFAULT_SPACY_MODEL,
        batch_size: int = DEFAULT_BATCH_SIZE,
        max_parsed: int = DEFAULT_MAX_PARSED,
        approx_tolerance: float = DEFAULT_APPROX_TOLERANCE,
        max_ratio: float = DEFAULT_MAX_RATIO,
        max_loose_ratio: float = DEFAULT_MAX_LOOSE_RATIO,
        min_context_similarity: float = DEFAULT_MIN_CONTEXT_SIMILARITY,
        min_event_similarity: float = DEFAULT_MIN_EVENT_SIMILARITY,
        min_thing_similarity: float = DEFAULT_MIN_THING_SIMILARITY,
    ):
        self.encode = encode
        self.spacy_model = spacy_model
        self.batch_size = batch_size
        self.max_parsed = max_parsed
        self.approx_tolerance = approx_tolerance
        self.max_ratio = max_ratio
        self.max_loose_ratio = max_loose_ratio
        self.min_context_similarity = min_context_similarity
        self.min_event_similarity = min_event_similarity
        self.min_thing_similarity = min_thing_similarity
        self._noun_vectors: dict[str, np.ndarray] = {}  # nouns recur across runs: encode each once

    def load(self) -> None:
        """Load the parser now (idempotent); raises ModelUnavailableError."""
        load_parser(self.spacy_model)

    def start_loading(self) -> None:
        """Begin loading the parser in the background (it loads while the model embeds); ``find`` waits for it."""
        start_loading(self.spacy_model)

    def find(self, sentences: Sequence[Sentence], embeddings: np.ndarray) -> tuple[Conflict, ...]:
        """Conflicts among ``sentences`` (row i of ``embeddings`` belongs to sentence i)."""
        mentions = [
            Mention(i, q)
            for i, sentence in enumerate(sentences)
            for q in find_quantities(sentence.text, approx_tolerance=self.approx_tolerance)
        ]
        if len(mentions) < 2:
            return ()
        checkpoint()  # between the passes: a digest past its time budget stops here
        embeddings = np.asarray(embeddings, dtype=np.float32)
        best = best_partner_similarity(
            mentions,
            sentences,
            embeddings,
            min_context_similarity=self.min_context_similarity,
            max_ratio=self.max_ratio,
        )
        to_parse = pick_sentences(mentions, best, max_parsed=self.max_parsed)
        checkpoint()
        framed = self._frame(mentions, best, to_parse, sentences)
        checkpoint()
        log.debug("conflicts: %d figures, %d sentences parsed, %d framed", len(mentions), len(to_parse), len(framed))
        return self._conflicts(framed, mentions, sentences, embeddings)

    # -- frames: parse the candidates only

    def _frame(
        self, mentions: list[Mention], best: np.ndarray, to_parse: list[int], sentences: Sequence[Sentence]
    ) -> list[Mention]:
        if not to_parse:
            return []
        texts = [sentences[i].text for i in to_parse]
        with numpy_matmul(load_parser(self.spacy_model)):
            parsed = parse(texts, name=self.spacy_model, batch_size=self.batch_size)
        docs = dict(zip(to_parse, parsed, strict=True))
        framed = []
        for mention, value in zip(mentions, best.tolist(), strict=True):
            doc = docs.get(mention.sentence)
            if doc is None or value < 0:
                continue
            frame = frame_of(doc, mention.quantity)
            if frame is not None:
                framed.append(Mention(mention.sentence, mention.quantity, frame))
        return framed

    # -- conflicts: same frame, values that cannot both hold

    def _conflicts(
        self, framed: list[Mention], mentions: list[Mention], sentences: Sequence[Sentence], embeddings: np.ndarray
    ) -> tuple[Conflict, ...]:
        if len(framed) < 2:
            return ()
        vectors = embeddings[[m.sentence for m in framed]]
        sims = vectors @ vectors.T
        figures = Figures.of(framed, sentences)
        comparable, conflicting = comparable_masks(
            figures, figures, sims, min_context_similarity=self.min_context_similarity, max_ratio=self.max_ratio
        )
        same = self._same_thing_pairs(framed, comparable, sims)
        in_conflict = self._disagreeing(same, conflicting, framed, mentions, sentences, embeddings)
        groups = group_pairs(same, in_conflict)
        return order_conflicts([build_conflict([framed[i] for i in members], sentences) for members in groups])

    def _same_thing_pairs(self, framed: list[Mention], comparable: np.ndarray, sims: np.ndarray) -> list[Pair]:
        """Pairs of figures whose frames count the same thing, within the ratio their likeness allows."""
        candidates: list[Pair] = []
        noun_pairs: set[tuple[str, str]] = set()
        for i, j in np.argwhere(np.triu(comparable, 1)).tolist():
            a, b = framed[i].frame, framed[j].frame
            if a is None or b is None:
                continue
            limit = ratio_limit(
                a,
                b,
                float(sims[i, j]),
                max_ratio=self.max_ratio,
                max_loose_ratio=self.max_loose_ratio,
                min_event_similarity=self.min_event_similarity,
            )
            qi, qj = framed[i].quantity, framed[j].quantity
            if limit and max(qi.value, qj.value) <= limit * min(qi.value, qj.value):
                candidates.append((i, j))
                if nouns_to_compare(a, b):
                    noun_pairs.add((a.thing, b.thing))
        # Nouns are encoded only for the pairs that need it.
        nouns = noun_similarity(noun_pairs, encode=self.encode, cache=self._noun_vectors)
        return [
            (i, j)
            for i, j in candidates
            if nouns_agree(framed[i].frame, framed[j].frame, nouns, min_thing_similarity=self.min_thing_similarity)
        ]

    def _disagreeing(
        self,
        same: list[Pair],
        conflicting: np.ndarray,
        framed: list[Mention],
        mentions: list[Mention],
        sentences: Sequence[Sentence],
        embeddings: np.ndarray,
    ) -> set[int]:
        """Figures in a same-thing pair whose values cannot both hold, unless either article also gives the other's."""
        by_article: dict[int, list[Mention]] = {}
        for m in mentions:
            by_article.setdefault(sentences[m.sentence].article_index, []).append(m)
        return {
            k
            for i, j in same
            if conflicting[i, j]
            and not self._also_states(by_article, framed[i], framed[j], sentences, embeddings)
            and not self._also_states(by_article, framed[j], framed[i], sentences, embeddings)
            for k in (i, j)
        }

    def _also_states(
        self,
        by_article: dict[int, list[Mention]],
        own: Mention,
        other: Mention,
        sentences: Sequence[Sentence],
        embeddings: np.ndarray,
    ) -> bool:
        """True when ``own``'s article also gives ``other``'s figure, in a like sentence: it then
        reports both figures (of two different things, most likely) rather than disagreeing."""
        q = other.quantity
        for m in by_article[sentences[own.sentence].article_index]:
            k = m.quantity
            point = k.low > 0 and k.high < math.inf  # a bound of its own says too little
            ratio = max(k.value, q.value) / max(min(k.value, q.value), 1e-9)
            near = ratio <= 1 + DEFAULT_ROUNDING or (k.overlaps(q) and ratio <= DEFAULT_NEAR_RATIO)
            alike = float(embeddings[m.sentence] @ embeddings[other.sentence]) >= self.min_context_similarity
            if m is not own and point and k.unit == q.unit and near and alike:
                return True
        return False
