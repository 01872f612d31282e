"""The rewrite stage: the trust guard, the word budget, and the real transformers
loading and generation code run against tiny models built here.

The models come from configs, saved to a temporary folder with a word-level
tokenizer trained on a few sentences (nothing can be downloaded). A random T5
and a random GPT-2 check the plumbing; their output is gibberish, so quality is
never tested. Scripted GPT-2s, whose weights make greedy decoding follow a
fixed word sequence, make the accepted, rejected and over-budget paths
deterministic through the same real generation code.
"""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from summarizer.errors import ModelUnavailableError
from summarizer.rewrite import TransformersRewriter, fit_budget, names_in, numbers_in, rejection_reason
from summarizer.types import Citation, Point

CORPUS = [
    "Heavy rain flooded the river town of Elmsford on Tuesday, forcing families to leave.",
    "The mayor declared a state of emergency after the river burst its banks overnight.",
    "Hundreds of families left their homes in Elmsford after the rain was heavy.",
    "Officials said 1999 was the last year the river flooded so badly, by all accounts.",
    "Sentence: Rewritten: Rewrite this news sentence in plain, concise English. Keep every name and number.",
    "<user> <bot>",
]
CHAT_TEMPLATE = (
    "{% for m in messages %}<user> {{ m['content'] }} {% endfor %}{% if add_generation_prompt %}<bot>{% endif %}"
)
# After the prompt's last token (":" of "Rewritten:", ">" of "<bot>") these models write:
FAITHFUL = "Elmsford was flooded by heavy rain."
INVENTS_A_YEAR = "Elmsford flooded in 1999."


def point(text: str, *others: str) -> Point:
    """A point citing its own text in article "a" and each other sentence in "b", "c", ..."""
    sentences = (text, *others)
    return Point(text, tuple(Citation("abcdefgh"[i], 0, len(s), s) for i, s in enumerate(sentences)))


POINTS = [
    point("Heavy rain flooded the river town of Elmsford.", "The river flooded Elmsford on Tuesday."),
    point("The mayor declared a state of emergency overnight.", "A state of emergency was declared."),
    point("Hundreds of families left their homes after rain."),
]  # 8 words each, counted as the digest counts them (whitespace-separated)


# --- tiny models, built once per session ------------------------------------------------------


def _tokenizer(chat_template: str | None = None):
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    backend = Tokenizer(models.WordLevel(unk_token="<unk>"))
    backend.pre_tokenizer = pre_tokenizers.Whitespace()  # words and punctuation runs
    backend.train_from_iterator(CORPUS, trainers.WordLevelTrainer(special_tokens=["<pad>", "</s>", "<unk>"]))
    backend.decoder = decoders.WordPiece()  # joins tokens with spaces, glues punctuation back on
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=backend, pad_token="<pad>", eos_token="</s>", unk_token="<unk>"
    )
    if chat_template:
        tokenizer.chat_template = chat_template
    return tokenizer


def _save_t5(folder: Path) -> Path:
    import torch
    from transformers import T5Config, T5ForConditionalGeneration

    tokenizer = _tokenizer()
    config = T5Config(
        vocab_size=len(tokenizer), d_model=16, d_ff=32, d_kv=8, num_layers=1, num_decoder_layers=1, num_heads=2,
        pad_token_id=tokenizer.pad_token_id, eos_token_id=tokenizer.eos_token_id,
        decoder_start_token_id=tokenizer.pad_token_id,
    )  # fmt: skip
    torch.manual_seed(0)
    T5ForConditionalGeneration(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def _save_gpt2(folder: Path, *, script: str | None = None, after: str = ":", chat_template: str | None = None) -> Path:
    """A tiny GPT-2; with ``script``, rigged so that greedy decoding after the token
    ``after`` writes ``script`` and stops.

    Attention, MLP and position embeddings are zeroed, so the hidden state at a step
    is the one-hot embedding of the current token; the untied output layer maps each
    scripted token to the next one: the model becomes a bigram lookup table.
    """
    import torch
    from transformers import GPT2Config, GPT2LMHeadModel

    tokenizer = _tokenizer(chat_template)
    size = len(tokenizer) + len(tokenizer) % 2  # one-hot embeddings; even for two heads
    config = GPT2Config(
        vocab_size=len(tokenizer), n_embd=size, n_layer=1, n_head=2, n_positions=256,
        bos_token_id=tokenizer.eos_token_id, eos_token_id=tokenizer.eos_token_id, tie_word_embeddings=False,
    )  # fmt: skip
    torch.manual_seed(0)
    model = GPT2LMHeadModel(config)
    if script is not None:
        steps = [after, *tokenizer.tokenize(script), tokenizer.eos_token]
        ids = tokenizer.convert_tokens_to_ids(steps)
        assert tokenizer.unk_token_id not in ids and len(set(ids)) == len(ids), "script needs distinct known tokens"
        with torch.no_grad():
            for module in (
                model.transformer.wpe,
                model.transformer.h[0].attn.c_proj,
                model.transformer.h[0].mlp.c_proj,
            ):
                for parameter in module.parameters():
                    parameter.zero_()
            model.transformer.wte.weight.copy_(torch.eye(len(tokenizer), size))
            model.lm_head.weight.zero_()
            for current, following in itertools.pairwise(ids):
                model.lm_head.weight[following, current] = 1.0
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


@pytest.fixture(scope="module")
def one_torch_thread() -> Iterator[None]:
    """Models this small gain nothing from threads, and on a busy machine torch's
    thread pool turns each microsecond matmul into milliseconds of waiting."""
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.fixture(scope="module")
def tiny_models(tmp_path_factory: pytest.TempPathFactory, one_torch_thread: None) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("rewrite-models")
    return {
        "t5": _save_t5(root / "t5"),
        "gpt2": _save_gpt2(root / "gpt2"),
        "faithful": _save_gpt2(root / "faithful", script=FAITHFUL),
        "invents-a-year": _save_gpt2(root / "invents-a-year", script=INVENTS_A_YEAR),
        "chat": _save_gpt2(root / "chat", script=FAITHFUL, after=">", chat_template=CHAT_TEMPLATE),
    }


# --- the guard, a pure function ----------------------------------------------------------------

ORIGINAL = "The mayor of Elmsford declared a state of emergency on Tuesday after 12,000 people fled."


def test_guard_accepts_a_faithful_paraphrase():
    rewrite = "Elmsford's mayor declared an emergency on Tuesday as 12,000 people fled."
    assert rejection_reason(rewrite, original=ORIGINAL, sources=[ORIGINAL]) is None


@pytest.mark.parametrize("rewrite", ["", "   ", " . , ! "])
def test_guard_rejects_empty_rewrites(rewrite):
    assert rejection_reason(rewrite, original=ORIGINAL, sources=[ORIGINAL]) == "empty"


def test_guard_rejects_rewrites_much_longer_or_shorter_than_the_original():
    longer = ORIGINAL + " The river was high and many people were very worried about it."
    assert "longer" in rejection_reason(longer, original=ORIGINAL, sources=[ORIGINAL])
    assert "shorter" in rejection_reason("Mayor declared.", original=ORIGINAL, sources=[ORIGINAL])


def test_guard_rejects_a_number_no_cited_sentence_gives():
    rewrite = "The mayor of Elmsford declared an emergency on Tuesday after 13,000 people fled."
    assert rejection_reason(rewrite, original=ORIGINAL, sources=[ORIGINAL]) == "numbers in no cited sentence: 13000"
    spelled = "The mayor of Elmsford declared an emergency on Tuesday as twenty towns emptied and 12,000 people fled."
    assert "20" in rejection_reason(spelled, original=ORIGINAL, sources=[ORIGINAL])


def test_guard_takes_numbers_and_names_from_any_cited_sentence():
    other = "Some 12,000 residents fled the flood, 40 of them by boat, the Red Cross said."
    rewrite = "The Red Cross said 40 of the 12,000 who fled Elmsford on Tuesday left by boat."
    assert rejection_reason(rewrite, original=ORIGINAL, sources=[ORIGINAL]) is not None
    assert rejection_reason(rewrite, original=ORIGINAL, sources=[ORIGINAL, other]) is None


def test_guard_rejects_a_rewrite_that_drops_a_figure():
    rewrite = "The mayor of Elmsford declared a state of emergency on Tuesday as people fled."
    assert rejection_reason(rewrite, original=ORIGINAL, sources=[ORIGINAL]) == "drops numbers: 12000"


def test_guard_rejects_a_capitalised_name_no_cited_sentence_gives():
    rewrite = "Governor Smith declared a state of emergency in Elmsford on Tuesday after 12,000 fled."
    assert (
        rejection_reason(rewrite, original=ORIGINAL, sources=[ORIGINAL])
        == "names in no cited sentence: governor, smith"
    )


def test_guard_rejects_a_rewrite_that_loops():
    rewrite = "The mayor declared the emergency the emergency the emergency on Tuesday after 12,000 fled."
    assert rejection_reason(rewrite, original=ORIGINAL, sources=[ORIGINAL]) == "repetitive"


def test_guard_rejects_a_rewrite_made_of_words_no_cited_sentence_uses():
    rewrite = "in sunny weather, markets rallied strongly across the wider region as 12,000 fled"
    assert rejection_reason(rewrite, original=ORIGINAL, sources=[ORIGINAL]) == "mostly words no cited sentence uses"


def test_number_and_name_extraction_normalise_forms():
    assert numbers_in("12,000 people, twelve boats, 3.5 metres and a dozen roads") == {"12000", "12", "3.5"}
    assert names_in("Elmsford's mayor met Jean-Luc Picard in the UN office") == {"elmsford", "jean-luc", "picard", "un"}


# --- the word budget -------------------------------------------------------------------------


def test_fit_budget_takes_longer_rewrites_in_digest_order_while_they_fit():
    originals = ["a b c", "d e f", "g h i"]  # 9 words
    candidates = ["a b c x", "d e f y", "g h"]  # +1, +1, -1
    assert fit_budget(originals, candidates, 10) == ["a b c x", "d e f", "g h"]
    assert fit_budget(originals, candidates, None) == candidates


def test_fit_budget_always_takes_shorter_rewrites_even_over_budget():
    assert fit_budget(["a b c d", "e f g h"], ["a b", "e f g h i"], 3) == ["a b", "e f g h"]


# --- the real loading and generation code, on tiny models ----------------------------------------


@pytest.mark.parametrize("kind", ["t5", "gpt2"])
def test_random_models_load_offline_and_keep_one_cited_point_per_input(tiny_models, kind):
    rewriter = TransformersRewriter(str(tiny_models[kind]), device="cpu", batch_size=2, max_new_tokens=12)
    assert not rewriter.is_loaded
    rewriter.load()
    assert rewriter.is_loaded
    raw = rewriter.generate([p.text for p in POINTS])
    assert len(raw) == len(POINTS) and all(isinstance(text, str) for text in raw)
    rewritten = rewriter.rewrite(POINTS)
    assert len(rewritten) == len(POINTS)
    for before, after, generated in zip(POINTS, rewritten, raw, strict=True):
        assert all(a is b for a, b in zip(after.citations, before.citations, strict=True))
        assert after.text in (before.text, generated)
        if after.text != before.text:
            assert (
                rejection_reason(after.text, original=before.text, sources=[c.text for c in before.citations]) is None
            )
    assert rewriter.rewrite(POINTS) == rewritten  # greedy decoding is deterministic


def test_a_trusted_rewrite_replaces_its_line_and_keeps_the_citations(tiny_models):
    rewriter = TransformersRewriter(str(tiny_models["faithful"]), device="cpu", batch_size=2)
    assert rewriter.generate([p.text for p in POINTS]) == [FAITHFUL] * 3
    rewritten = rewriter.rewrite(POINTS)
    # Only the flood point's sources carry those words; the other lines keep their originals.
    assert [p.text for p in rewritten] == [FAITHFUL, POINTS[1].text, POINTS[2].text]
    assert [p.citations for p in rewritten] == [p.citations for p in POINTS]
    assert [p.support for p in rewritten] == [2, 2, 1]


def test_a_rewrite_that_invents_a_number_falls_back_to_the_original(tiny_models):
    rewriter = TransformersRewriter(str(tiny_models["invents-a-year"]), device="cpu")
    assert rewriter.generate([POINTS[0].text]) == [INVENTS_A_YEAR]
    assert rewriter.rewrite(POINTS) == POINTS
    # The same output is kept once a cited sentence does give that year.
    cited = point(POINTS[0].text, "Officials said 1999 was the last year the river flooded so badly.")
    assert rewriter.rewrite([cited])[0].text == INVENTS_A_YEAR


def test_rewrites_longer_than_their_originals_stop_at_the_word_budget(tiny_models):
    short = [point("Heavy rain flooded Elmsford.", "Elmsford was flooded."), point("Rain flooded Elmsford.")]
    rewriter = TransformersRewriter(str(tiny_models["faithful"]), device="cpu", max_growth=2.0)
    assert [p.text for p in rewriter.rewrite(short)] == [FAITHFUL, FAITHFUL]  # 6 words for 4 and 3
    budget = 4 + 3 + 2  # room for the first rewrite only
    rewritten = rewriter.rewrite(short, max_words=budget)
    assert [p.text for p in rewritten] == [FAITHFUL, short[1].text]
    assert sum(len(p.text.split()) for p in rewritten) <= budget


def test_causal_models_with_a_chat_template_get_the_prompt_as_a_user_message(tiny_models):
    rewriter = TransformersRewriter(str(tiny_models["chat"]), device="cpu", prompt="Rewrite: {text}")
    assert rewriter.prompt_for("The river flooded.") == "<user> Rewrite: The river flooded. <bot>"
    assert rewriter.rewrite(POINTS[:1])[0].text == FAITHFUL


def test_loading_happens_once_across_threads(tiny_models, monkeypatch):
    rewriter = TransformersRewriter(str(tiny_models["gpt2"]), device="cpu")
    calls: list[int] = []
    real_load = rewriter._load
    monkeypatch.setattr(rewriter, "_load", lambda: (calls.append(1), real_load()))
    threads = [threading.Thread(target=rewriter.load) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert rewriter.is_loaded and len(calls) == 1


def test_no_points_need_no_model(tmp_path):
    assert TransformersRewriter(str(tmp_path / "never-loaded"), device="cpu").rewrite([]) == []


def test_a_missing_model_raises_model_unavailable_saying_what_to_do(tmp_path):
    rewriter = TransformersRewriter(str(tmp_path / "no-such-model"), device="cpu")  # construction does not load
    with pytest.raises(ModelUnavailableError, match=r"no rewrite model folder at .*no-such-model") as error:
        rewriter.rewrite(POINTS)
    assert "leave rewriting off" in str(error.value)
    assert not rewriter.is_loaded


def test_a_folder_without_a_model_raises_model_unavailable(tmp_path):
    (tmp_path / "config.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ModelUnavailableError, match="Could not load the rewrite model"):
        TransformersRewriter(str(tmp_path), device="cpu").load()


def test_a_prompt_without_the_text_placeholder_is_refused():
    with pytest.raises(ValueError, match=re.escape("{text}")):
        TransformersRewriter("any", device="cpu", prompt="Rewrite this sentence.")
