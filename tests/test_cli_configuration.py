"""Configuration mistakes on the command line: one line on stderr that says what to change, never a traceback."""

from __future__ import annotations

import pytest

from summarizer.cli import EXIT_BAD_INPUT, EXIT_MODEL_UNAVAILABLE, main
from tests.conftest import SEEDS_DIR


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    code = main(["digest", str(SEEDS_DIR), "--quiet", *args])
    return code, capsys.readouterr().err.strip().splitlines()


@pytest.mark.parametrize(
    ("args", "mentions"),
    [
        (["--backend", "onnx", "--model", "sentence-transformers/all-mpnet-base-v2"], "--backend torch"),
        (["--backend", "onnx", "--device", "cuda"], "--device cpu"),
    ],
    ids=["onnx-with-a-model", "onnx-on-cuda"],
)
def test_knobs_a_backend_cannot_honour_are_refused_in_one_line(
    capsys: pytest.CaptureFixture[str], args: list[str], mentions: str
) -> None:
    code, lines = run(capsys, *args)
    assert code == EXIT_BAD_INPUT
    assert len(lines) == 1 and lines[0].startswith("error: ") and mentions in lines[0]


@pytest.mark.parametrize("why", ["HF_HUB_OFFLINE", "hub out of reach"])
def test_an_unknown_model_id_without_a_network_fails_at_once_in_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, why: str
) -> None:
    from huggingface_hub import constants

    if why == "HF_HUB_OFFLINE":
        monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)
    else:  # nothing listens there: the probe is refused at once, as on a machine with no route out
        monkeypatch.setattr(constants, "HF_HUB_OFFLINE", False)
        monkeypatch.setattr(constants, "ENDPOINT", "http://127.0.0.1:9")
        monkeypatch.delenv("HTTPS_PROXY", raising=False)
        monkeypatch.delenv("https_proxy", raising=False)
    code, lines = run(capsys, "--model", "no/such-model", "--device", "cpu")
    assert code == EXIT_MODEL_UNAVAILABLE
    assert len(lines) == 1, lines
    assert "no/such-model" in lines[0] and "local folder" in lines[0]
