"""Settings come from SUMMARIZER_* variables, with checks that name the variable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from api.settings import DEFAULT_MAX_ARTICLES, Settings

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
