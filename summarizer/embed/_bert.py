"""A BERT sentence encoder on PyTorch's own transformer layers: the packaged model without
importing sentence-transformers or transformers (about 3 s of a cold start).

A sentence-transformers folder whose modules are a BERT ``Transformer``, mean ``Pooling``
and optionally ``Normalize`` (all-MiniLM-L6-v2 is one) is the same computation as
``torch.nn.TransformerEncoder`` with post-norm layers and exact GELU: the weights are
mapped onto it, the tokenizer is the folder's ``tokenizer.json``, and the vectors equal
sentence-transformers' to float rounding (tested). PyTorch's fused inference path runs the
layers on the real tokens only (nested tensors), so padding costs nothing. Any other folder
or a hub id goes through sentence-transformers instead (``is_plain_bert``).
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import torch

_ST_BERT = "sentence_transformers.models.Transformer"
_ST_POOLING = "sentence_transformers.models.Pooling"
_ST_NORMALIZE = "sentence_transformers.models.Normalize"
_TOKENIZE_CHUNK = 2048
_MEAN_ONLY = {
    "pooling_mode_cls_token": False,
    "pooling_mode_max_tokens": False,
    "pooling_mode_mean_sqrt_len_tokens": False,
    "pooling_mode_weightedmean_tokens": False,
    "pooling_mode_lasttoken": False,
}


def _read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def is_plain_bert(folder: str | Path) -> bool:
    """True when ``folder`` is a sentence-transformers BERT model with mean pooling that
    this module computes exactly; anything else is left to sentence-transformers."""
    root = Path(folder)
    try:
        modules = _read_json(root / "modules.json")
        config = _read_json(root / "config.json")
    except (OSError, ValueError):
        return False
    kinds = [m.get("type") for m in modules]
    if kinds not in ([_ST_BERT, _ST_POOLING], [_ST_BERT, _ST_POOLING, _ST_NORMALIZE]) or modules[0].get("path"):
        return False
    try:
        pooling = _read_json(root / modules[1]["path"] / "config.json")
    except (OSError, ValueError, KeyError):
        return False
    return (
        config.get("model_type") == "bert"
        and config.get("hidden_act") == "gelu"
        and config.get("position_embedding_type", "absolute") == "absolute"
        and pooling.get("pooling_mode_mean_tokens") is True
        and not any(pooling.get(k, v) for k, v in _MEAN_ONLY.items())
        and (root / "model.safetensors").is_file()
        and (root / "tokenizer.json").is_file()
    )


def max_tokens_of(folder: str | Path, default: int) -> int:
    """The folder's ``max_seq_length`` (sentence_bert_config.json), or ``default``."""
    try:
        return int(_read_json(Path(folder) / "sentence_bert_config.json").get("max_seq_length", default))
    except (OSError, ValueError, TypeError):
        return default


class BertEncoder:
    """A plain-BERT sentence-transformers folder, loaded once into PyTorch's transformer layers.

    ``encode`` tokenizes (truncating to the folder's ``max_seq_length``), runs the layers
    in ``dtype`` on ``device`` and returns mean-pooled, L2-normalised float32 rows, in the
    order of ``texts``. Texts are batched by length, so batches pad little.
    """

    def __init__(self, folder: str | Path, *, device: str, dtype: str, batch_size: int, max_tokens: int):
        import torch
        from tokenizers import Tokenizer

        root = Path(folder)
        config = _read_json(root / "config.json")
        self.lowercase = bool(_read_json(root / "sentence_bert_config.json").get("do_lower_case", False))
        self.device, self.batch_size = device, batch_size
        self.dtype = getattr(torch, dtype)
        self.tokenizer = Tokenizer.from_file(str(root / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_tokens)
        self.tokenizer.no_padding()  # batches are padded here, to their longest text
        self.model = _build(config, root / "model.safetensors", device=device, dtype=self.dtype)
        self.dimensions = int(config["hidden_size"])

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        import torch

        # sentence-transformers strips each text before tokenizing; so must we, for the same vectors.
        prepared = [t.strip().lower() if self.lowercase else t.strip() for t in texts]
        # Only the token ids are kept: a tokenizer's Encoding also holds offsets, masks and token
        # strings, several times the ids' size over a large input.
        token_ids: list[list[int]] = []
        for begin in range(0, len(prepared), _TOKENIZE_CHUNK):
            token_ids += [e.ids for e in self.tokenizer.encode_batch(prepared[begin : begin + _TOKENIZE_CHUNK])]
        order = np.argsort([len(ids) for ids in token_ids], kind="stable")[::-1]
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        with torch.inference_mode():
            for begin in range(0, len(order), self.batch_size):
                rows = order[begin : begin + self.batch_size]
                out[rows] = self._encode_batch([token_ids[i] for i in rows])
        return out

    def _encode_batch(self, token_ids: list[list[int]]) -> np.ndarray:
        import torch

        longest = max(len(ids) for ids in token_ids)
        ids = torch.zeros((len(token_ids), longest), dtype=torch.long)
        for row, tokens in enumerate(token_ids):
            ids[row, : len(tokens)] = torch.tensor(tokens, dtype=torch.long)
        lengths = torch.tensor([len(tokens) for tokens in token_ids])
        mask = torch.arange(longest)[None, :] < lengths[:, None]
        with warnings.catch_warnings():
            # PyTorch's fused path warns on every call that nested tensors are a prototype; they are its own.
            warnings.filterwarnings("ignore", message="The PyTorch API of nested tensors", category=UserWarning)
            states = self.model(ids.to(self.device), mask.to(self.device))
        mask_f = mask.to(self.device, torch.float32)[..., None]
        pooled = (states.float() * mask_f).sum(dim=1) / mask_f.sum(dim=1).clamp(min=1e-9)
        return torch.nn.functional.normalize(pooled, dim=1).cpu().numpy()


def _build(config: dict[str, Any], weights: Path, *, device: str, dtype: torch.dtype) -> torch.nn.Module:
    """The model with the checkpoint's weights, cast once to ``dtype`` on ``device``.

    The layers are built on the meta device (no memory, no random initialisation) and
    the checkpoint's tensors assigned to them; the embedding tables are handed in.
    """
    import torch
    from safetensors.torch import load_file
    from torch import nn

    state = {k: v.to(device=device, dtype=dtype) for k, v in _mapped(load_file(str(weights))).items()}

    class Bert(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            dim, eps = config["hidden_size"], config.get("layer_norm_eps", 1e-12)
            self.words = nn.Embedding.from_pretrained(state["words.weight"])
            self.positions = nn.Embedding.from_pretrained(state["positions.weight"])
            self.segments = nn.Embedding.from_pretrained(state["segments.weight"])
            self.norm = nn.LayerNorm(dim, eps=eps, device="meta")
            layer = nn.TransformerEncoderLayer(
                dim,
                config["num_attention_heads"],
                config["intermediate_size"],
                dropout=0.0,
                activation="gelu",
                layer_norm_eps=eps,
                batch_first=True,
                device="meta",
            )
            self.encoder = nn.TransformerEncoder(layer, config["num_hidden_layers"], enable_nested_tensor=True)

        def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
            positions = torch.arange(ids.shape[1], device=ids.device)[None, :]
            x = self.norm(self.words(ids) + self.positions(positions) + self.segments.weight[0])
            return self.encoder(x, src_key_padding_mask=~mask)

    model = Bert()
    model.load_state_dict(state, strict=True, assign=True)
    return model.eval().requires_grad_(False)


def _mapped(weights: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """BERT checkpoint names onto ``torch.nn.TransformerEncoder``'s (query, key and value fused)."""
    import torch

    w = {k.removeprefix("bert."): v for k, v in weights.items()}
    state = {
        "words.weight": w["embeddings.word_embeddings.weight"],
        "positions.weight": w["embeddings.position_embeddings.weight"],
        "segments.weight": w["embeddings.token_type_embeddings.weight"],
        "norm.weight": w["embeddings.LayerNorm.weight"],
        "norm.bias": w["embeddings.LayerNorm.bias"],
    }
    layers = 1 + max(int(k.split(".")[2]) for k in w if k.startswith("encoder.layer."))
    for i in range(layers):
        src, dst = f"encoder.layer.{i}.", f"encoder.layers.{i}."
        for part in ("weight", "bias"):
            qkv = [w[f"{src}attention.self.{name}.{part}"] for name in ("query", "key", "value")]
            state[f"{dst}self_attn.in_proj_{part}"] = torch.cat(qkv)
            state[f"{dst}self_attn.out_proj.{part}"] = w[f"{src}attention.output.dense.{part}"]
            state[f"{dst}norm1.{part}"] = w[f"{src}attention.output.LayerNorm.{part}"]
            state[f"{dst}linear1.{part}"] = w[f"{src}intermediate.dense.{part}"]
            state[f"{dst}linear2.{part}"] = w[f"{src}output.dense.{part}"]
            state[f"{dst}norm2.{part}"] = w[f"{src}output.LayerNorm.{part}"]
    return state
