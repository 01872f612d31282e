"""Optional abstractive rewriting of the extracted points, citations untouched.

    points (extractive, cited) -> model rewrites each line -> trust guard -> word budget -> points

The stage is off unless a model is named: no good abstractive model ships
offline (see MODELS.md), and small models invent facts. So every rewrite passes
``rejection_reason`` before it replaces a line: a rewrite that is empty, much
longer or much shorter than the original, loops on itself, drops one of the
original's numbers, brings in a number or capitalised name found in none of the
point's cited sentences, or is mostly words they do not use, is thrown away and
the extractive sentence stays. Citations are never touched. The checks are
lexical: they cannot see two figures swapped between roles or a verb turned
around ("denied" for "confirmed"), which is why the stage stays opt-in.

Each point is rewritten from its own text alone. The other cited sentences say
the same thing in other words (they were clustered together); feeding them in
lengthens the input and hands a small model more figures to mix up. They still
serve the guard as the evidence a rewrite may draw on.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Protocol

from summarizer.device import resolve_device
from summarizer.errors import ModelUnavailableError
from summarizer.types import Point

if TYPE_CHECKING:
    from transformers import GenerationConfig, PreTrainedModel, PreTrainedTokenizerBase

log = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 8
DEFAULT_MAX_NEW_TOKENS = 96  # a point is at most ~60 words; longer rewrites are rejected anyway
DEFAULT_MAX_INPUT_TOKENS = 256
DEFAULT_NUM_BEAMS = 1
DEFAULT_MAX_GROWTH = 1.25  # a rewrite may have at most this many times the original's words
DEFAULT_MIN_RATIO = 0.3  # ...and at least this many: a shorter one has dropped the claim
DEFAULT_MIN_OVERLAP = 0.5  # share of a rewrite's words that its cited sentences must use
# Instruction-tuned seq2seq (Flan-T5) and chat models follow this; for BART or
# Pegasus summarisers pass prompt="{text}": they were trained on bare text.
DEFAULT_PROMPT = (
    "Rewrite this news sentence in plain, concise English. Keep every name and number.\nSentence: {text}\nRewritten:"
)

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")  # \u2019: the typographic apostrophe
# Spelled-out figures a model may write instead of (or invent beside) digits;
# "one" is left out: it is far more often a pronoun than a figure.
_NUMBER_WORDS = {
    "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
    "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13", "fourteen": "14",
    "fifteen": "15", "sixteen": "16", "seventeen": "17", "eighteen": "18", "nineteen": "19",
    "twenty": "20", "thirty": "30", "forty": "40", "fifty": "50", "sixty": "60", "seventy": "70",
    "eighty": "80", "ninety": "90", "dozen": "12", "hundred": "100", "thousand": "1000",
    "million": "1000000", "billion": "1000000000",
}  # fmt: skip


class Rewriter(Protocol):
    """Rewrites digest lines; each returned point keeps its input's citations."""

    name: str

    def rewrite(self, points: Sequence[Point], *, max_words: int | None = None) -> list[Point]: ...


def _words(text: str) -> list[str]:
    """Lower-cased words, possessive 's dropped; hyphenated words also by part."""
    found: list[str] = []
    for raw in _WORD.findall(text):
        word = re.sub(r"['\u2019]s$", "", raw.lower()).strip("'\u2019-")
        found.append(word)
        if "-" in word:
            found.extend(part for part in word.split("-") if part)
    return found


def numbers_in(text: str) -> set[str]:
    """Figures in ``text``, normalised: "12,000" -> "12000", "twelve" -> "12"."""
    figures = {match.replace(",", "") for match in _NUMBER.findall(text)}
    return figures | {_NUMBER_WORDS[w] for w in _words(text) if w in _NUMBER_WORDS}


def names_in(text: str) -> set[str]:
    """Capitalised words in ``text``, lower-cased: a cheap stand-in for named entities."""
    return {words[0] for raw in _WORD.findall(text) if raw[0].isupper() and (words := _words(raw))}


def rejection_reason(
    rewrite: str,
    *,
    original: str,
    sources: Iterable[str],
    max_growth: float = DEFAULT_MAX_GROWTH,
    min_ratio: float = DEFAULT_MIN_RATIO,
    min_overlap: float = DEFAULT_MIN_OVERLAP,
) -> str | None:
    """Why ``rewrite`` must not replace ``original``, or None when it may.

    ``sources`` are the sentences the point cites: the only evidence a rewrite
    may take figures and names from. Names are matched case-insensitively, so a
    sentence-initial word found anywhere in the sources passes.
    """
    words, original_words = len(rewrite.split()), len(original.split())
    if not _WORD.search(rewrite) and not _NUMBER.search(rewrite):
        return "empty"
    if words > max_growth * original_words:
        return f"longer than the original ({words} > {original_words} words)"
    if words < min_ratio * original_words:
        return f"much shorter than the original ({words} < {original_words} words)"
    if _loops(rewrite):
        return "repetitive"
    evidence = " ".join([original, *sources])
    if invented := numbers_in(rewrite) - numbers_in(evidence):
        return f"numbers in no cited sentence: {', '.join(sorted(invented))}"
    if dropped := numbers_in(original) - numbers_in(rewrite):
        return f"drops numbers: {', '.join(sorted(dropped))}"
    if unknown := names_in(rewrite) - set(_words(evidence)):
        return f"names in no cited sentence: {', '.join(sorted(unknown))}"
    vocabulary, used = set(_words(evidence)), _words(rewrite)
    if used and sum(word in vocabulary for word in used) < min_overlap * len(used):
        return "mostly words no cited sentence uses"
    return None


def _loops(text: str) -> bool:
    """True when a run of three words comes back: the way small models degenerate."""
    words = text.lower().split()
    trigrams = list(zip(words, words[1:], words[2:], strict=False))
    return len(set(trigrams)) < len(trigrams)


def fit_budget(originals: Sequence[str], candidates: Sequence[str], max_words: int | None) -> list[str]:
    """Take candidates in digest order while the total stays within ``max_words``.

    A candidate no longer than its original is always taken; a longer one only
    while the running total still fits, else the original stays. So the result
    is never longer than the budget, or than the originals if they were over it.
    """
    chosen = list(originals)
    total = sum(len(text.split()) for text in originals)
    for i, candidate in enumerate(candidates):
        growth = len(candidate.split()) - len(originals[i].split())
        if growth <= 0 or max_words is None or total + growth <= max_words:
            chosen[i] = candidate
            total += growth
    return chosen


class TransformersRewriter:
    """Rewrites points with a transformers seq2seq (T5, BART, Pegasus) or causal LM.

    ``model`` is a hub id or a local folder with config, weights and tokenizer.
    It loads lazily, once. Decoding is greedy, or beam search with ``num_beams``:
    deterministic either way. A causal model whose tokenizer has a chat template
    gets the prompt as a user message.
    """

    def __init__(
        self,
        model: str,
        *,
        device: str | None = None,
        batch_size: int = DEFAULT_BATCH_SIZE,
        max_new_tokens: int = DEFAULT_MAX_NEW_TOKENS,
        max_input_tokens: int = DEFAULT_MAX_INPUT_TOKENS,
        num_beams: int = DEFAULT_NUM_BEAMS,
        prompt: str = DEFAULT_PROMPT,
        max_growth: float = DEFAULT_MAX_GROWTH,
        min_ratio: float = DEFAULT_MIN_RATIO,
        min_overlap: float = DEFAULT_MIN_OVERLAP,
    ):
        if "{text}" not in prompt:
            raise ValueError("The rewrite prompt must contain the placeholder {text}.")
        self.model = model
        self.name = model
        self.device = resolve_device(device)
        self.batch_size = batch_size
        self.max_new_tokens = max_new_tokens
        self.max_input_tokens = max_input_tokens
        self.num_beams = num_beams
        self.prompt = prompt
        self.max_growth = max_growth
        self.min_ratio = min_ratio
        self.min_overlap = min_overlap
        self._lock = threading.Lock()
        # A PreTrainedModel that is also a GenerationMixin: transformers' types cannot say both.
        self._model: Any = None
        self._tokenizer: PreTrainedTokenizerBase | None = None
        self._generation: GenerationConfig | None = None
        self._encoder_decoder = False

    @property
    def is_loaded(self) -> bool:
        return self._model is not None

    def load(self) -> None:
        """Load tokenizer and model now (idempotent, thread-safe); raises ModelUnavailableError."""
        with self._lock:
            if self._model is None:
                self._load()

    def _load(self) -> None:
        source = os.path.expanduser(self.model)
        if _looks_like_path(source) and not os.path.isdir(source):
            raise ModelUnavailableError(
                f"There is no rewrite model folder at {source!r}: name a folder holding a transformers "
                "seq2seq or causal language model and its tokenizer (or a hub id), or leave rewriting off."
            )
        try:
            from transformers import AutoConfig, AutoModelForCausalLM, AutoModelForSeq2SeqLM, AutoTokenizer

            config = AutoConfig.from_pretrained(source)
            tokenizer = AutoTokenizer.from_pretrained(source)
            loader = AutoModelForSeq2SeqLM if config.is_encoder_decoder else AutoModelForCausalLM
            model: Any = loader.from_pretrained(source, config=config)
            model = model.to(self.device).eval()
        except Exception as exc:  # any loader failure means the same thing to the caller
            raise ModelUnavailableError(
                f"Could not load the rewrite model {self.model!r} on {self.device}: {str(exc).rstrip('.')}. "
                "Name a local folder (or, with network, a hub id) holding a transformers seq2seq or causal "
                "language model and its tokenizer, or leave rewriting off."
            ) from exc
        if tokenizer.pad_token is None:
            if tokenizer.eos_token is None:
                raise ModelUnavailableError(
                    f"The tokenizer of {self.model!r} has neither a padding nor an end-of-sequence token: "
                    "name a model whose tokenizer defines one, or leave rewriting off."
                )
            tokenizer.pad_token = tokenizer.eos_token
        if not config.is_encoder_decoder:
            tokenizer.padding_side = "left"  # a causal model continues from the end of every row
        self._encoder_decoder = bool(config.is_encoder_decoder)
        self._generation = self._generation_config(model, tokenizer)
        self._tokenizer, self._model = tokenizer, model
        log.info("loaded rewrite model %s on %s", self.name, self.device)

    def _generation_config(self, model: PreTrainedModel, tokenizer: PreTrainedTokenizerBase) -> GenerationConfig:
        """Our decoding knobs plus the model's special tokens only: its own defaults
        (sampling, a summariser's minimum length) would make lines random or padded."""
        from transformers import GenerationConfig

        own = model.generation_config
        token_ids = ("bos_token_id", "decoder_start_token_id", "forced_bos_token_id", "forced_eos_token_id")
        return GenerationConfig(
            do_sample=False,
            num_beams=self.num_beams,
            max_new_tokens=self.max_new_tokens,
            pad_token_id=tokenizer.pad_token_id,
            eos_token_id=own.eos_token_id if own.eos_token_id is not None else tokenizer.eos_token_id,
            **{key: getattr(own, key) for key in token_ids if getattr(own, key, None) is not None},
        )

    def prompt_for(self, text: str) -> str:
        """The model input for one sentence: the prompt, inside the chat template if the model has one."""
        self.load()
        assert self._tokenizer is not None
        prompt = self.prompt.replace("{text}", text)
        if not self._encoder_decoder and getattr(self._tokenizer, "chat_template", None):
            messages = [{"role": "user", "content": prompt}]
            return str(self._tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True))
        return prompt

    def generate(self, texts: Sequence[str]) -> list[str]:
        """The model's rewrite of each text, unguarded: one string per text, in order."""
        self.load()
        outputs: list[str] = []
        for start in range(0, len(texts), self.batch_size):
            outputs.extend(self._generate_batch(texts[start : start + self.batch_size]))
        return outputs

    def _generate_batch(self, texts: Sequence[str]) -> list[str]:
        import torch

        assert self._model is not None and self._tokenizer is not None
        encoded = self._tokenizer(
            [self.prompt_for(text) for text in texts],
            return_tensors="pt",
            padding=True,
            truncation=True,
            max_length=self.max_input_tokens,
        )
        inputs = {key: encoded[key].to(self.device) for key in ("input_ids", "attention_mask")}
        with torch.inference_mode():
            generated = self._model.generate(**inputs, generation_config=self._generation)
        if not self._encoder_decoder:  # a causal model returns the prompt, then its continuation
            generated = generated[:, inputs["input_ids"].shape[1] :]
        return [_first_line(text) for text in self._tokenizer.batch_decode(generated, skip_special_tokens=True)]

    def rewrite(self, points: Sequence[Point], *, max_words: int | None = None) -> list[Point]:
        """One point per input, in order, with the same citations; a line is rewritten only
        when the guard trusts the rewrite and the digest stays within ``max_words``."""
        if not points:
            return []
        originals = [point.text for point in points]
        candidates: list[str] = []
        for point, rewritten in zip(points, self.generate(originals), strict=True):
            reason = rejection_reason(
                rewritten,
                original=point.text,
                sources=[c.text for c in point.citations],
                max_growth=self.max_growth,
                min_ratio=self.min_ratio,
                min_overlap=self.min_overlap,
            )
            if reason:
                log.debug("kept the original %r: its rewrite is %s", point.text[:60], reason)
            candidates.append(point.text if reason else rewritten)
        texts = fit_budget(originals, candidates, max_words)
        changed = sum(text != original for text, original in zip(texts, originals, strict=True))
        log.info("rewrote %d of %d points with %s", changed, len(points), self.name)
        return [
            point if text == point.text else replace(point, text=text)
            for point, text in zip(points, texts, strict=True)
        ]


def _looks_like_path(name: str) -> bool:
    """Hub ids are "name" or "owner/name"; anything else names a folder."""
    return os.path.isabs(name) or name.startswith(".") or name.count("/") > 1 or (os.sep != "/" and os.sep in name)


def _first_line(text: str) -> str:
    """First non-empty line, whitespace collapsed: causal models ramble on past one line."""
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return " ".join(lines[0].split()) if lines else ""
