"""What a figure counts, read from the dependency parse of its sentence.

``frame_of`` finds the counted noun, what happened to it or that the figure is
a plain total, the outcomes named, whose figure it is, its years, and the words
that make it a part or narrow it (see ``Frame``). A figure whose role is unclear
gets no frame and is never compared.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from summarizer.conflicts._quantities import Quantity

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# What happened to the counted things; a predicate outside these classes is compared by wording.
_OUTCOMES = {
    "dead": r"kill(?:s|ed|ing)?|dead|deaths?|die[ds]?|dying|perish(?:ed|es|ing)?|fatalit(?:y|ies)|slain"
    r"|murder(?:s|ed)?|massacred|toll",
    "injured": r"injur(?:e|ed|es|y|ies|ing)|wound(?:s|ed)?|hurt|hospitali[sz]ed",
    "casualties": r"casualt(?:y|ies)|loss(?:es)?",
    "detained": r"arrest(?:s|ed)?|detain(?:s|ed|ees?)?|detention|jailed|imprisoned|captured",
    "displaced": r"displac(?:e|ed|ement)|evacuat(?:e|ed|ion|ions)|fled|flee(?:ing)?|refugees|homeless",
    "missing": r"missing|disappeared",
    "rescued": r"rescu(?:e|ed|es)",
}
_OUTCOME_WORD = {name: re.compile(rf"(?:{pattern})", re.IGNORECASE) for name, pattern in _OUTCOMES.items()}
_IMPLIES = {"casualties": {"dead", "injured"}}  # casualties are the killed and the wounded
# Verbs that relate a figure without saying what happened to what it counts ("casualties stand
# at", "the KPA has"), and verbs that report a figure ("officials put the toll at"): a figure in
# such a clause is a plain total.
_COPULAR_VERBS = frozenset(
    {
        "be",
        "is",
        "are",
        "was",
        "were",
        "been",
        "being",
        "'s",
        "’s",
        "have",
        "has",
        "had",
        "stand",
        "stands",
        "stood",
        "remain",
        "remains",
        "remained",
        "become",
        "became",
        "becomes",
        "total",
        "totals",
        "totaled",
        "totalled",
        "number",
        "numbers",
        "numbered",
        "reach",
        "reached",
        "reaches",
        "reaching",
        "rise",
        "rises",
        "rose",
        "risen",
        "climb",
        "climbs",
        "climbed",
        "hit",
        "hits",
        "top",
        "tops",
        "topped",
        "exceed",
        "exceeds",
        "exceeded",
        "include",
        "includes",
        "included",
        "put",
        "puts",
        "place",
        "places",
        "placed",
    }
)
_REPORTING_VERBS = frozenset(
    {
        "say",
        "says",
        "said",
        "report",
        "reports",
        "reported",
        "estimate",
        "estimates",
        "estimated",
        "show",
        "shows",
        "showed",
        "shown",
        "indicate",
        "indicates",
        "indicated",
        "suggest",
        "suggests",
        "suggested",
        "highlight",
        "highlights",
        "highlighted",
        "reveal",
        "reveals",
        "revealed",
        "confirm",
        "confirms",
        "confirmed",
        "note",
        "notes",
        "noted",
        "see",
        "sees",
        "saw",
        "seen",
        "believe",
        "believes",
        "believed",
        "think",
        "thinks",
        "thought",
        "count",
        "counts",
        "counted",
        "claim",
        "claims",
        "claimed",
        "cite",
        "cites",
        "cited",
        "find",
        "finds",
        "found",
    }
)
# Modifiers that make a figure a part or an increment ("15 other firms", "200 new cases").
_EXTENT = frozenset({"other", "another", "additional", "more", "further", "extra", "remaining", "new"})
_PARTITIVE = {"of", "among"}
_YEAR = re.compile(r"(?<![\d,.])(?:1[89]\d\d|20\d\d)(?!\d|,\d)")
_DEFINITE = {"the", "these", "those"}
_NUM_DEPS = {"nummod", "quantmod", "amod", "compound", "nmod", "npadvmod"}


def outcomes(words: Sequence[str]) -> frozenset[str]:
    """The outcome classes (dead, injured, ...) that ``words`` name; "casualties" implies dead and injured."""
    found: set[str] = set()
    for word in words:
        for name, pattern in _OUTCOME_WORD.items():
            if pattern.fullmatch(word):
                found |= _IMPLIES.get(name, {name})
    return frozenset(found)


@dataclass(frozen=True, slots=True)
class Frame:
    """What a figure counts.

    ``thing`` is the counted noun (lowercase, "" if unknown) and ``phrase`` how it
    is written; ``predicate`` the verb saying what happened to it (``passive``
    when done to it: "were sent", "troops deployed"), ``total`` true when nothing
    did (a group's size: "the 11,000 troops", "casualties stand at"); with
    neither, the figure's role is unknown. ``classes`` are the outcomes
    (dead, injured, ...) named by the verb or the noun; ``names`` the proper names
    of whose figure it is; ``years`` those its sentence mentions; ``extent`` words
    like "other" or "new" that make it a part; ``modifiers`` the noun's other
    adjectives and noun modifiers ("civilian", "military").
    """

    thing: str
    phrase: str
    predicate: str
    total: bool
    passive: bool
    classes: frozenset[str]
    names: tuple[tuple[str, ...], ...]
    years: frozenset[str]
    extent: frozenset[str]
    modifiers: frozenset[str]

    @property
    def label(self) -> str:
        return " ".join(part for part in (self.phrase, self.predicate) if part)


def _is_noun(token: Token) -> bool:
    return token.tag_.startswith("NN") or token.tag_ == "PRP"


def _first_pobj(prep: Token) -> Token | None:
    for child in prep.children:
        if child.dep_ == "pobj" and _is_noun(child):
            return child
        if child.dep_ == "prep" and child.lower_ in _PARTITIVE:  # "out of"
            return _first_pobj(child)
    return None


def _partitive(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in _PARTITIVE | {"out"}:
            return _first_pobj(child)
    return None


def _at_verb(token: Token) -> Token | None:
    """The verb of "stand at X", "put ... at X", "rose to X" when ``token`` is X."""
    if token.dep_ == "pobj" and token.head.lower_ in ("at", "to") and token.head.head.tag_.startswith("VB"):
        return token.head.head
    return None


def _measured(verb: Token, exclude: Token) -> Token | None:
    """What "casualties stand at 45,100" or "put the toll at 50" measures: the verb's subject or object."""
    for deps in (("dobj",), ("nsubj", "nsubjpass")):  # "put the toll at" before "stand at"
        for child in verb.children:
            if child.dep_ in deps and child.tag_.startswith("NN") and child.i != exclude.i:
                return child
    return None


def _counted(role: Token, number: Token) -> tuple[Token | None, bool]:
    """The noun a figure counts, and whether the figure is a part of it ("1,000 of the troops")."""
    head = role.head
    if role.dep_ in _NUM_DEPS and head.i != role.i:
        if head.lower_ == "strong" and _is_noun(head.head):  # "a 12,000-strong force"
            return head.head, False
        if head.tag_.startswith("NN"):
            verb = _at_verb(head)  # "puts Obama's lead at seven points": the lead, in points
            return (verb is not None and _measured(verb, head)) or head, False
    for token in (number, role):
        if (whole := _partitive(token)) is not None:
            return whole, True
    if role.dep_ in ("nsubj", "nsubjpass", "dobj") and (whole := _partitive(head)) is not None:
        return whole, True  # "out of 11,000 troops, 1,000 were killed"
    if (verb := _at_verb(role)) is not None:
        return _measured(verb, role), False
    if role.dep_ in ("attr", "acomp") and head.lower_ in _COPULAR_VERBS:  # "the new salary is $27M"
        return _measured(head, role), False
    return None, False


def _clause_role(token: Token) -> Token:
    while token.dep_ in ("conj", "appos") and token.head.i != token.i:
        token = token.head
    return token


def _predicate(noun: Token, partitive: bool) -> Token | None:
    if not partitive:
        for child in noun.children:
            if child.dep_ in ("acl", "relcl") and child.tag_.startswith("VB"):
                return child  # "troops sent from ...", "soldiers who died"
    token = _clause_role(noun)
    if token.dep_ in ("nsubj", "nsubjpass", "dobj", "attr", "oprd") and token.head.tag_.startswith("VB"):
        return token.head
    return _at_verb(token)


def _names(tokens: Sequence[Token]) -> tuple[tuple[str, ...], ...]:
    """Runs of capitalised words ("North Korean", "Ukraine's" -> ukraine) among ``tokens``."""
    runs: list[list[str]] = []
    last = -2
    for token in sorted(set(tokens), key=lambda t: t.i):
        proper = token.tag_ in ("NNP", "NNPS") or (token.tag_ in ("JJ", "NN", "NNS") and token.text.istitle())
        if not proper:
            continue
        if token.i != last + 1:
            runs.append([])
        runs[-1].append(token.lower_)
        last = token.i
    return tuple(tuple(run) for run in runs)


def _modifiers(noun: Token) -> list[Token]:
    return [t for left in noun.lefts if left.dep_ not in ("det", "punct") for t in left.subtree]


def _owners(noun: Token | None, clause: Token, verb: Token | None) -> list[Token]:
    """Tokens naming whose figure it is: the noun's modifiers, "from"/"of"/"in" objects after it,
    and for an object ("China produced 12 million tons") the doer, through "who"/"that"."""
    found: list[Token] = []
    if noun is not None:
        found += _modifiers(noun)
        for owner in [noun, *(c for c in noun.children if c.dep_ in ("acl", "relcl"))]:
            for prep in owner.children:
                if prep.dep_ == "prep" and prep.lower_ in ("from", "of", "in"):
                    pobj = _first_pobj(prep)
                    if pobj is not None:
                        found += [pobj, *(t for t in pobj.lefts if t.dep_ in ("compound", "amod", "poss"))]
    if verb is not None and clause.dep_ == "dobj":
        for doer in (c for c in verb.children if c.dep_ == "nsubj"):
            if doer.tag_ in ("WDT", "WP") and verb.dep_ == "relcl":  # "the attack that killed 86 people"
                doer = verb.head
            found += [doer, *_modifiers(doer)]
    return found


def frame_of(doc: Doc, quantity: Quantity) -> Frame | None:
    """The frame of ``quantity`` in its parsed sentence, or None when it is unclear what it counts."""
    phrase = doc.char_span(quantity.start, quantity.end, alignment_mode="expand")
    body = doc.char_span(quantity.body_start, quantity.end, alignment_mode="expand")
    if phrase is None or body is None:
        return None
    inside = {t.i for t in phrase}
    number = role = body.root
    while role.head.i in inside and role.head.i != role.i:
        role = role.head
    noun, partitive = _counted(role, number)
    if noun is not None and noun.tag_ == "PRP":
        noun, partitive = None, True  # "1,000 of them": the whole is known only from context
    subject = role if noun is None or partitive else noun
    clause = _clause_role(subject)
    verb = head_verb = _predicate(subject, partitive)
    verb_words = (
        [] if verb is None else [verb.lower_, *(c.lower_ for c in verb.children if c.dep_ in ("conj", "acomp", "oprd"))]
    )
    noun_words = [] if noun is None else [noun.lower_, *(t.lower_ for t in noun.lefts if t.dep_ == "compound")]
    classes = outcomes(verb_words + noun_words)
    relating = verb is not None and (
        verb.lower_ in _COPULAR_VERBS or (verb.lower_ in _REPORTING_VERBS and clause.dep_ not in ("nsubj", "nsubjpass"))
    )
    passive = (
        verb is not None
        and verb.tag_ == "VBN"
        and (verb.dep_ == "acl" or any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children))
    )
    definite = noun is not None and not partitive and any(c.dep_ == "poss" or c.lower_ in _DEFINITE for c in noun.lefts)
    restricted = verb is not None and verb.dep_ in ("acl", "relcl") and not passive  # "the 100 MPs who planned"
    total = relating or (definite and not classes and not restricted)  # "the 11,000 troops": a group's size
    if total or (verb is not None and verb.lower_ in _REPORTING_VERBS):
        verb = None
    if verb is None and not classes and not (total and noun is not None and not partitive):
        return None  # nothing said about what it counts ("via three orbiters", "1,000 of them")
    skip = inside | ({noun.i} if noun is not None else set())
    names = _names([t for t in _owners(noun, clause, head_verb) if t.i not in skip])
    years = frozenset(_YEAR.findall(doc.text))
    predicate = verb.text if verb is not None else ""
    if noun is None:
        return Frame("", "", predicate, total, passive and not total, classes, names, years, frozenset(), frozenset())
    extent = frozenset(t.lower_ for t in noun.lefts if t.lower_ in _EXTENT and t.i not in inside)
    modifiers = frozenset(
        t.lower_
        for t in noun.lefts
        if t.dep_ in ("amod", "compound", "nmod")
        and t.tag_ in ("JJ", "NN", "NNS", "VBN")
        and t.i not in inside
        and t.lower_ not in _EXTENT
        and not t.text.istitle()
    )
    qualifiers = [t for t in noun.lefts if t.dep_ in ("amod", "compound", "nmod", "poss") and t.i not in inside]
    words = [t.text for t in sorted({t for q in qualifiers for t in q.subtree if t.i not in skip}, key=lambda t: t.i)]
    text = " ".join([*words, noun.text]).replace(" 's", "'s").replace(" ’s", "’s")
    return Frame(noun.lower_, text, predicate, total, passive and not total, classes, names, years, extent, modifiers)
