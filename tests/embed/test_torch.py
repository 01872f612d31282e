"""The torch backend: the packaged model on PyTorch's own layers gives sentence-transformers'
vectors, and bf16 stays within 0.99 cosine of fp32 on the seeds' real sentences."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from summarizer import Summarizer
from summarizer.embed import SentenceTransformerEmbedder, packaged_model_path
from summarizer.embed._bert import is_plain_bert
from summarizer.errors import ConfigurationError
from summarizer.segment import segment_articles

pytestmark = pytest.mark.model

# Real text the tokenizer must treat as sentence-transformers does: outer spaces, quotes, a long run.
AWKWARD = ["  North Korean troops were pulled back.  ", "“Short,” she said.", "troops " * 400]


@pytest.fixture(scope="module")
def seed_sentences(seed_articles) -> list[str]:
    return sorted({s.text for s in segment_articles(seed_articles)[0]})


@pytest.fixture(scope="module")
def fp32() -> SentenceTransformerEmbedder:
    embedder = SentenceTransformerEmbedder(device="cpu", dtype="float32")
    embedder.load()
    return embedder


def test_packaged_model_runs_without_sentence_transformers_and_gives_its_vectors(fp32, seed_sentences):
    from sentence_transformers import SentenceTransformer

    texts = seed_sentences + AWKWARD
    reference = SentenceTransformer(packaged_model_path(), device="cpu").encode(texts, normalize_embeddings=True)
    ours = fp32.encode(texts)
    assert fp32._model is None and fp32._encoder is not None  # PyTorch's layers, not sentence-transformers
    assert ours.dtype == np.float32 and ours.shape == reference.shape
    assert np.abs(ours - reference).max() < 1e-5


def test_bf16_vectors_stay_within_099_cosine_of_fp32_on_the_seeds(fp32, seed_sentences):
    bf16 = SentenceTransformerEmbedder(device="cpu", dtype="bfloat16")
    full, half = fp32.encode(seed_sentences), bf16.encode(seed_sentences)
    assert half.dtype == np.float32 and np.allclose(np.linalg.norm(half, axis=1), 1.0, atol=1e-5)
    assert np.min(np.sum(full * half, axis=1)) >= 0.99


def test_the_default_dtype_follows_the_cpu_and_float32_can_be_forced():
    from summarizer.hardware import cpu_info

    assert Summarizer(device="cpu").embedder.inner.dtype == ("bfloat16" if cpu_info().has_bf16 else "float32")
    assert Summarizer(device="cpu", dtype="float32").embedder.inner.dtype == "float32"
    with pytest.raises(ConfigurationError, match="float32 only"):
        Summarizer(backend="onnx", dtype="bfloat16")


def test_only_a_plain_mean_pooled_bert_folder_takes_the_native_path(tmp_path):
    packaged = Path(packaged_model_path())
    assert is_plain_bert(packaged)
    copy = tmp_path / "cls-pooled"
    shutil.copytree(packaged, copy, ignore=shutil.ignore_patterns("*.safetensors", "*.bin"))
    (copy / "model.safetensors").symlink_to(packaged / "model.safetensors")
    assert is_plain_bert(copy)
    pooling = copy / "1_Pooling" / "config.json"
    config = json.loads(pooling.read_text())
    pooling.write_text(json.dumps(config | {"pooling_mode_mean_tokens": False, "pooling_mode_cls_token": True}))
    assert not is_plain_bert(copy)  # sentence-transformers computes that one
