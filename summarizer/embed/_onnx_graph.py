"""The packaged BERT sentence encoder written as one ONNX graph of onnxruntime's fused kernels.

Built from the packaged folder's ``model.safetensors`` and ``config.json`` (no torch, no
export): the embeddings and their layer norm are one ``EmbedLayerNormalization``, each
layer's attention one ``Attention`` (query, key and value in one matrix, padding from the
mask), the residual adds folded into ``SkipLayerNormalization`` and the feed-forward bias
into ``BiasGelu`` (exact erf GELU, as BERT's). The output is the last hidden state, which
the embedder mean-pools; the arithmetic is BERT's own, in float32, so the vectors equal
the torch backend's to float rounding (tested).

Building needs the ``onnx`` package and takes about a second; ``built_model`` does it once
per model and keeps the file in the user's cache, so a cold start only opens it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import onnx

log = logging.getLogger(__name__)

GRAPH_VERSION = 1  # bump when the graph changes, so cached files are rebuilt
_MS = "com.microsoft"  # onnxruntime's contrib operators


def cache_dir() -> Path:
    """Where built graphs are kept: ``$XDG_CACHE_HOME/summarizer`` (``~/.cache/summarizer``)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "summarizer"


def built_model(folder: str | Path, *, directory: Path | None = None) -> str | bytes:
    """The graph of the BERT folder ``folder``: a cached file's path, built on first use.

    Where the cache cannot be written (a read-only home), the graph is built in memory and
    its bytes returned: slower to start, same vectors.
    """
    root = Path(folder)
    weights = root / "model.safetensors"
    stat = weights.stat()
    key = hashlib.sha256(f"{GRAPH_VERSION}:{weights.resolve()}:{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()
    target = (directory or cache_dir()) / f"bert-{key[:16]}.onnx"
    if target.is_file():
        return str(target)
    log.info("building the ONNX graph of the model in %s once (cached in %s)", root, target.parent)
    data = build_graph(root).SerializeToString()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # Written whole, then renamed: a concurrent or interrupted build never leaves half a file.
        with tempfile.NamedTemporaryFile(dir=target.parent, suffix=".tmp", delete=False) as part:
            part.write(data)
        os.chmod(part.name, 0o644)  # readable by whoever else runs the service from this cache
        os.replace(part.name, target)
    except OSError as exc:
        log.warning("could not cache the ONNX graph in %s (%s): building it on every start", target.parent, exc)
        return data
    return str(target)


def build_graph(folder: str | Path) -> onnx.ModelProto:
    """The ONNX model of a plain-BERT sentence-transformers folder (see ``_bert.is_plain_bert``).

    Inputs are int32 ``input_ids``, ``token_type_ids`` and ``attention_mask`` of shape
    (batch, tokens), right-padded; the output ``last_hidden_state`` is (batch, tokens, hidden).
    """
    from onnx import TensorProto, helper
    from safetensors.numpy import load_file

    root = Path(folder)
    config = json.loads((root / "config.json").read_text(encoding="utf-8"))
    weights = {k.removeprefix("bert."): v for k, v in load_file(str(root / "model.safetensors")).items()}
    graph = _Graph(weights, eps=float(config.get("layer_norm_eps", 1e-12)))
    hidden = graph.embeddings()
    for i in range(int(config["num_hidden_layers"])):
        hidden = graph.layer(i, hidden, heads=int(config["num_attention_heads"]))
    graph.nodes.append(helper.make_node("Identity", [hidden], ["last_hidden_state"]))
    inputs = [
        helper.make_tensor_value_info(name, TensorProto.INT32, ["batch", "tokens"])
        for name in ("input_ids", "token_type_ids", "attention_mask")
    ]
    output = helper.make_tensor_value_info(
        "last_hidden_state", TensorProto.FLOAT, ["batch", "tokens", int(config["hidden_size"])]
    )
    body = helper.make_graph(graph.nodes, root.name, inputs, [output], graph.initializers)
    return helper.make_model(body, opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid(_MS, 1)])


class _Graph:
    """Collects nodes and weights; each method adds one part of BERT and returns its output's name."""

    def __init__(self, weights: dict[str, np.ndarray], *, eps: float):
        self.weights, self.eps = weights, eps
        self.nodes: list[Any] = []
        self.initializers: list[Any] = []

    def _const(self, name: str, array: np.ndarray) -> str:
        from onnx import numpy_helper

        self.initializers.append(numpy_helper.from_array(np.ascontiguousarray(array, dtype=np.float32), name))
        return name

    def _weight(self, key: str) -> str:
        return self._const(key, self.weights[key])

    def _node(self, op: str, inputs: list[str], output: str, **attributes: Any) -> str:
        from onnx import helper

        domain = "" if op in ("MatMul", "Identity") else _MS
        self.nodes.append(helper.make_node(op, inputs, [output], name=output, domain=domain, **attributes))
        return output

    def embeddings(self) -> str:
        from onnx import helper

        e = "embeddings."
        inputs = ["input_ids", "token_type_ids"]
        inputs += [self._weight(e + f"{k}_embeddings.weight") for k in ("word", "position", "token_type")]
        inputs += [self._weight(e + "LayerNorm.weight"), self._weight(e + "LayerNorm.bias"), "attention_mask"]
        self.nodes.append(
            helper.make_node(
                "EmbedLayerNormalization", inputs, ["embedded", "mask_index"], domain=_MS, epsilon=self.eps
            )
        )
        return "embedded"

    def layer(self, i: int, x: str, *, heads: int) -> str:
        w, p = self.weights, f"encoder.layer.{i}."
        parts = ("query", "key", "value")
        qkv_weight = np.concatenate([w[f"{p}attention.self.{n}.weight"].T for n in parts], axis=1)
        qkv_bias = np.concatenate([w[f"{p}attention.self.{n}.bias"] for n in parts])
        qkv = [self._const(f"{p}qkv.weight", qkv_weight), self._const(f"{p}qkv.bias", qkv_bias)]
        attended = self._node("Attention", [x, *qkv, "mask_index"], f"{p}attention", num_heads=heads)
        projected = self._node("MatMul", [attended, self._linear(f"{p}attention.output.dense")], f"{p}projected")
        h = self._skip_norm(projected, x, f"{p}attention.output", f"{p}attention.output.dense.bias", f"{p}h")
        inner = self._node("MatMul", [h, self._linear(f"{p}intermediate.dense")], f"{p}inner")
        activated = self._node("BiasGelu", [inner, self._weight(f"{p}intermediate.dense.bias")], f"{p}gelu")
        out = self._node("MatMul", [activated, self._linear(f"{p}output.dense")], f"{p}out")
        return self._skip_norm(out, h, f"{p}output", f"{p}output.dense.bias", f"{p}x")

    def _linear(self, prefix: str) -> str:
        """A torch Linear's weight, transposed for ``x @ W``."""
        return self._const(f"{prefix}.weight.T", self.weights[f"{prefix}.weight"].T)

    def _skip_norm(self, x: str, skip: str, norm: str, bias: str, output: str) -> str:
        """LayerNorm(x + bias + skip), BERT's residual."""
        ln = [self._weight(f"{norm}.LayerNorm.weight"), self._weight(f"{norm}.LayerNorm.bias"), self._weight(bias)]
        return self._node("SkipLayerNormalization", [x, skip, *ln], output, epsilon=self.eps)
