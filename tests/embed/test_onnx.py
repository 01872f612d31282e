"""The ONNX backend must give the torch model's vectors, and so the same digest, and choose itself
only where it finishes first."""

from pathlib import Path

import numpy as np
import pytest

from summarizer import Summarizer
from summarizer.embed import DEFAULT_FAST_START_CHARS, OnnxEmbedder, packaged_model_path, resolve_backend
from summarizer.embed._onnx_graph import built_model
from summarizer.errors import ConfigurationError
from summarizer.hardware import cpu_info

TEXTS = ["North Korean troops were pulled back from the front.", "The river burst its banks.", "Short."]


@pytest.fixture(scope="module")
def onnx_summarizer() -> Summarizer:
    return Summarizer(backend="onnx")


@pytest.mark.model
def test_vectors_equal_the_torch_model_in_float32():
    from summarizer.embed import SentenceTransformerEmbedder

    torch_vectors = SentenceTransformerEmbedder(dtype="float32", device="cpu").encode(TEXTS)
    onnx_vectors = OnnxEmbedder().encode(TEXTS + TEXTS[:1])
    assert onnx_vectors.shape == (4, 384)
    assert np.allclose(np.linalg.norm(onnx_vectors, axis=1), 1.0, atol=1e-5)
    # The same arithmetic in the same precision: equal to float rounding, not merely close.
    assert np.min(np.sum(torch_vectors * onnx_vectors[:3], axis=1)) > 0.99999
    assert np.array_equal(onnx_vectors[0], onnx_vectors[3])


@pytest.mark.model
def test_seed_digest_is_the_same_on_both_backends(real_summarizer, onnx_summarizer, seed_articles):
    torch_digest = real_summarizer.summarize(seed_articles)
    onnx_digest = onnx_summarizer.summarize(seed_articles)
    assert [p.support for p in onnx_digest.points][:3] == [p.support for p in torch_digest.points][:3]
    assert {c.about for c in onnx_digest.conflicts} == {c.about for c in torch_digest.conflicts}
    assert onnx_digest.meta["model"] == "all-MiniLM-L6-v2 (ONNX)"


@pytest.mark.model
def test_the_graph_is_built_once_and_then_read_from_the_cache(tmp_path):
    first = built_model(packaged_model_path(), directory=tmp_path)
    assert isinstance(first, str) and Path(first).parent == tmp_path
    written = Path(first).stat().st_mtime_ns
    assert built_model(packaged_model_path(), directory=tmp_path) == first
    assert Path(first).stat().st_mtime_ns == written
    assert [p.name for p in tmp_path.iterdir()] == [Path(first).name]  # no temporary file left behind


@pytest.mark.model
def test_an_unwritable_cache_still_gives_a_working_model(tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be")
    graph = built_model(packaged_model_path(), directory=blocked)
    assert isinstance(graph, bytes) and len(graph) > 1_000_000  # built in memory, for onnxruntime to open
    assert list(tmp_path.iterdir()) == [blocked]


def test_onnx_backend_refuses_a_model_it_cannot_run():
    with pytest.raises(ConfigurationError, match="drop --model"):
        Summarizer(backend="onnx", model="sentence-transformers/all-mpnet-base-v2")


def test_onnx_backend_refuses_a_gpu():
    with pytest.raises(ConfigurationError, match="CPU only"):
        Summarizer(backend="onnx", device="cuda")


def test_onnx_backend_honours_batch_size():
    summarizer = Summarizer(backend="onnx", batch_size=7, cache_bytes=0)
    assert summarizer.embedder.batch_size == 7


def test_auto_backend_takes_torch_for_a_named_model_a_gpu_or_half_precision():
    assert resolve_backend("auto", model="sentence-transformers/all-mpnet-base-v2") == "torch"
    assert resolve_backend("auto", device="cuda") == "torch"
    assert resolve_backend("auto", device="cpu", dtype="bfloat16") == "torch"
    assert resolve_backend("auto", device="cpu", dtype="float32") == "onnx"


def test_auto_backend_on_cpu_starts_fast_for_a_small_input_and_runs_fast_for_a_long_one():
    small = resolve_backend("auto", device="cpu", input_chars=20_000)
    large = resolve_backend("auto", device="cpu", input_chars=DEFAULT_FAST_START_CHARS + 1)
    long_lived = resolve_backend("auto", device="cpu")
    assert small == "onnx"
    expected = "torch" if cpu_info().has_bf16 else "onnx"  # bf16 pays for torch's start only where it exists
    assert large == long_lived == expected


def test_explicit_backends_are_kept_and_unknown_ones_refused():
    assert resolve_backend("torch", input_chars=10) == "torch"
    assert resolve_backend("onnx") == "onnx"
    with pytest.raises(ConfigurationError, match="use one of auto, torch, onnx"):
        resolve_backend("tensorflow")
