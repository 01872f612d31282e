"""The fast CPU backend must give the same vectors, and so the same digest, as the default one."""

import numpy as np
import pytest

from summarizer import Summarizer
from summarizer.embed import OnnxEmbedder
from summarizer.errors import ConfigurationError

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def onnx_summarizer() -> Summarizer:
    return Summarizer(backend="onnx")


def test_vectors_match_the_torch_model(real_summarizer):
    texts = ["North Korean troops were pulled back from the front.", "The river burst its banks.", "Short."]
    torch_vectors = real_summarizer.embedder.encode(texts)
    onnx_vectors = OnnxEmbedder().encode(texts + texts[:1])
    assert onnx_vectors.shape == (4, 384)
    assert np.allclose(np.linalg.norm(onnx_vectors, axis=1), 1.0, atol=1e-5)
    assert np.min(np.sum(torch_vectors * onnx_vectors[:3], axis=1)) > 0.995
    assert np.array_equal(onnx_vectors[0], onnx_vectors[3])


def test_seed_digest_is_the_same_on_both_backends(real_summarizer, onnx_summarizer, seed_articles):
    torch_digest = real_summarizer.summarize(seed_articles)
    onnx_digest = onnx_summarizer.summarize(seed_articles)
    assert [p.support for p in onnx_digest.points][:3] == [p.support for p in torch_digest.points][:3]
    assert {c.about for c in onnx_digest.conflicts} == {c.about for c in torch_digest.conflicts}
    assert onnx_digest.meta["model"] == "all-MiniLM-L6-v2 (int8 ONNX)"


def test_onnx_backend_refuses_a_model_it_cannot_run():
    with pytest.raises(ConfigurationError, match="drop --model"):
        Summarizer(backend="onnx", model="sentence-transformers/all-mpnet-base-v2")


def test_onnx_backend_refuses_a_gpu():
    with pytest.raises(ConfigurationError, match="CPU only"):
        Summarizer(backend="onnx", device="cuda")


def test_onnx_backend_honours_batch_size():
    summarizer = Summarizer(backend="onnx", batch_size=7, cache_bytes=0)
    assert summarizer.embedder.batch_size == 7
