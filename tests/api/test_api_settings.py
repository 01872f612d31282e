"""Settings come from SUMMARIZER_* variables, with checks that name the variable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from api.settings import DEFAULT_MAX_ARTICLES, Settings, env_name
from api.testing import free_port

ROOT = Path(__file__).resolve().parents[2]


def test_defaults_need_no_environment() -> None:
    settings = Settings()
    assert settings.max_articles == DEFAULT_MAX_ARTICLES
    assert settings.api_keys == []
    assert settings.library_device is None  # "auto"


def test_every_field_reads_its_prefixed_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUMMARIZER_MAX_ARTICLES", "7")
    monkeypatch.setenv("SUMMARIZER_MAX_BODY_BYTES", "1234")
    monkeypatch.setenv("SUMMARIZER_DEVICE", "cpu")
    monkeypatch.setenv("SUMMARIZER_PORT", "9001")
    monkeypatch.setenv("MAX_ARTICLES", "99")  # unprefixed: ignored
    settings = Settings()
    assert (settings.max_articles, settings.max_body_bytes, settings.port) == (7, 1234, 9001)
    assert settings.library_device == "cpu"


@pytest.mark.parametrize("raw", ["alpha, beta", '["alpha", "beta"]', "alpha,,beta,"])
def test_api_keys_take_a_comma_list_or_a_json_array(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv("SUMMARIZER_API_KEYS", raw)
    keys = Settings().api_keys
    assert [k.get_secret_value() for k in keys] == ["alpha", "beta"]
    assert "alpha" not in repr(Settings())  # secrets stay out of logs and tracebacks


@pytest.mark.parametrize(
    ("env", "mentions"),
    [
        ({"SUMMARIZER_MIN_MAX_WORDS": "500", "SUMMARIZER_MAX_MAX_WORDS": "100"}, "SUMMARIZER_MIN_MAX_WORDS"),
        ({"SUMMARIZER_DEFAULT_MAX_WORDS": "5000"}, "SUMMARIZER_DEFAULT_MAX_WORDS"),
        ({"SUMMARIZER_MAX_IN_FLIGHT": "0"}, "max_in_flight"),
        ({"SUMMARIZER_MAX_ARTICLES": "many"}, "max_articles"),
    ],
)
def test_bad_values_fail_at_start_naming_the_setting(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], mentions: str
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError, match=mentions):
        Settings()


def test_the_entry_point_refuses_bad_settings_with_one_line_each() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SUMMARIZER_")}
    env.update({"SUMMARIZER_MAX_IN_FLIGHT": "0", "SUMMARIZER_PORT": "not-a-port"})
    done = subprocess.run(
        [sys.executable, "-m", "api"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 2
    assert any("SUMMARIZER_PORT" in line for line in lines) and any(
        "SUMMARIZER_MAX_IN_FLIGHT" in line for line in lines
    )


def run_entry_point(env_changes: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """``python -m api`` with these ``SUMMARIZER_*`` variables only (and no network)."""
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("SUMMARIZER_")}
    env.update({"HF_HUB_OFFLINE": "1", "SUMMARIZER_PORT": "1", **env_changes})  # port 1: never bound
    return subprocess.run(
        [sys.executable, "-m", "api"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def test_the_entry_point_refuses_each_bad_value_in_one_line_naming_it() -> None:
    bad = {
        "SUMMARIZER_LOG_LEVEL": "LOUD",
        "SUMMARIZER_DEVICE": "gpu0",
        "SUMMARIZER_BACKEND": "tensorflow",
        "SUMMARIZER_API_KEYS": '["unclosed',
        "SUMMARIZER_MAX_ARTICLE": "5",  # a typo: would be ignored in silence
    }
    done = run_entry_point(bad)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()  # one line per mistake, no traceback
    assert all(line.startswith("summarizer api: ") for line in lines), done.stderr
    for name in bad:
        assert sum(name in line for line in lines) == 1, (name, done.stderr)
    assert any("did you mean SUMMARIZER_MAX_ARTICLES?" in line for line in lines)
    assert any("DEBUG, INFO" in line for line in lines)


@pytest.mark.parametrize(
    ("env", "mentions"),
    [
        ({"SUMMARIZER_TIME_BUDGET_S": "40"}, "SUMMARIZER_SHUTDOWN_TIMEOUT_S"),
        # Each fine alone, impossible together: refused by the library's backend choice, one line all the same.
        ({"SUMMARIZER_BACKEND": "onnx", "SUMMARIZER_MODEL": "x"}, "SUMMARIZER_MODEL"),
        ({"SUMMARIZER_BACKEND": "onnx", "SUMMARIZER_DEVICE": "cuda"}, "SUMMARIZER_DEVICE=cpu"),
    ],
    ids=["budget-past-grace", "onnx-model", "onnx-cuda"],
)
def test_the_entry_point_refuses_settings_that_do_not_go_together_in_one_line(
    env: dict[str, str], mentions: str
) -> None:
    done = run_entry_point(env)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr  # no traceback
    assert lines[0].startswith("summarizer api: ") and mentions in lines[0]


def test_a_model_that_cannot_load_stops_the_server_with_exit_3_and_one_line() -> None:
    done = run_entry_point({"SUMMARIZER_MODEL": "no/such-model", "SUMMARIZER_PORT": str(free_port())}, timeout=120)
    assert done.returncode == 3, done.stderr
    # The JSON log lines go to stderr as well; the last line is the plain one for the operator.
    plain = [line for line in done.stderr.strip().splitlines() if not line.startswith("{")]
    assert len(plain) == 1, done.stderr
    assert "no/such-model" in plain[0] and "local folder" in plain[0]


def test_log_levels_are_checked_and_normalised(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUMMARIZER_LOG_LEVEL", " debug ")
    assert Settings().log_level == "DEBUG"
    monkeypatch.setenv("SUMMARIZER_LOG_LEVEL", "LOUD")
    with pytest.raises(ValidationError, match="DEBUG, INFO, WARNING, ERROR, CRITICAL"):
        Settings()


@pytest.mark.parametrize("device", ["auto", "cpu", "cuda", "cuda:1", "CUDA:0", "mps"])
def test_devices_torch_knows_are_accepted(device: str) -> None:
    assert Settings(device=device).device == device.lower()


def test_the_default_queue_drains_within_the_queue_timeout() -> None:
    # A request at the back of a full queue, behind digests that each use the whole time budget,
    # still gets its slot within the queue timeout; one more place and it might not.
    for in_flight, budget, timeout in [(1, 15.0, 30.0), (2, 10.0, 30.0), (1, 7.0, 30.0), (4, 2.5, 30.0)]:
        settings = Settings(max_in_flight=in_flight, time_budget_s=budget, queue_timeout_s=timeout)
        rounds_ahead = -(-settings.queue_size // in_flight)  # budgets each slot runs before the last waiter's turn
        assert settings.queue_size > 0
        assert rounds_ahead * budget <= timeout < (rounds_ahead + 1) * budget
    assert Settings(max_queue=8).queue_size == 8  # an operator's own choice stands


def test_the_readme_lists_every_setting() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = [line for line in readme.splitlines() if line.startswith("| `SUMMARIZER_")]
    missing = [env_name(f) for f in Settings.model_fields if not any(f"`{env_name(f)}`" in row for row in table)]
    assert not missing, f"add these to the README's settings table: {missing}"
