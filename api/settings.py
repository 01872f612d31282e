"""Service settings: the only place that reads the environment.

Every field is read from ``SUMMARIZER_<FIELD NAME>`` (for example
``SUMMARIZER_MAX_ARTICLES=20``); the README's settings table lists them all.
``SUMMARIZER_API_KEYS`` takes a comma-separated list or a JSON array.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

ENV_PREFIX = "SUMMARIZER_"

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_MAX_BODY_BYTES = 1024 * 1024
DEFAULT_MAX_ARTICLES = 50
DEFAULT_MAX_ARTICLE_CHARS = 100_000
DEFAULT_MAX_WORDS = 120
DEFAULT_MIN_MAX_WORDS = 10
DEFAULT_MAX_MAX_WORDS = 1_000
# One digest already keeps every core busy on CPU (torch runs its own thread
# pool), and a fast tokenizer shared between threads can fail with "Already
# borrowed": one at a time is the safe default. Raise it on a GPU.
DEFAULT_MAX_IN_FLIGHT = 1
DEFAULT_QUEUE_TIMEOUT_S = 30.0
# One digest computes for at most this long (2 CPU cores: the seeds take ~1.5 s at first sight,
# a few dozen long articles ~10 s); past it the caller is told to send less, and the slot is free again.
DEFAULT_TIME_BUDGET_S = 15.0
DEFAULT_RETRY_AFTER_S = 5
DEFAULT_SHUTDOWN_TIMEOUT_S = 30
# Slow clients: whole request headers within this, the whole body within that (slowloris).
DEFAULT_HEADER_TIMEOUT_S = 10.0
DEFAULT_BODY_TIMEOUT_S = 30.0
DEFAULT_LOG_LEVEL = "INFO"
DEFAULT_FETCH_TIMEOUT_S = 10.0
DEFAULT_FETCH_MAX_BYTES = 5 * 1024 * 1024
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
_DEVICE = re.compile(r"auto|cpu|mps|cuda(:\d+)?")


class Settings(BaseSettings):
    """Everything an operator can tune, each read from ``SUMMARIZER_<NAME>``."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore", frozen=True)

    host: str = Field(DEFAULT_HOST, description="Interface to bind; 0.0.0.0 in a container.")
    port: int = Field(DEFAULT_PORT, ge=1, le=65_535, description="TCP port to listen on.")
    model: str | None = Field(
        None, description="sentence-transformers model id or folder; unset = the packaged all-MiniLM-L6-v2."
    )
    device: str = Field("auto", description="auto (CUDA when present, else CPU), cpu, cuda, cuda:N or mps.")
    batch_size: int | None = Field(
        None, ge=1, description="Sentences per embedding batch; unset = 64 on CPU, 256 on CUDA."
    )
    dtype: Literal["auto", "float32", "bfloat16", "float16"] = Field(
        "auto",
        description="Number format of the model: auto = bf16 on a CPU with AMX or AVX512-BF16 (read from its flags), "
        "fp16 on CUDA, else float32; float32 forces full precision.",
    )
    backend: Literal["auto", "torch", "onnx"] = Field(
        "auto",
        description="auto: torch for a named model, a GPU or a CPU with native bf16, else onnx; torch: "
        "sentence-transformers (any model, CPU or CUDA); onnx: the packaged model on onnxruntime, CPU, no torch.",
    )

    max_body_bytes: int = Field(DEFAULT_MAX_BODY_BYTES, ge=1, description="Largest request body, in bytes (413 above).")
    max_articles: int = Field(DEFAULT_MAX_ARTICLES, ge=1, description="Most articles in one request (422 above).")
    max_article_chars: int = Field(
        DEFAULT_MAX_ARTICLE_CHARS, ge=1, description="Most characters in one article's text (422 above)."
    )
    default_max_words: int = Field(DEFAULT_MAX_WORDS, ge=1, description="Word budget when a request names none.")
    min_max_words: int = Field(DEFAULT_MIN_MAX_WORDS, ge=1, description="Smallest max_words a request may ask for.")
    max_max_words: int = Field(DEFAULT_MAX_MAX_WORDS, ge=1, description="Largest max_words a request may ask for.")

    max_in_flight: int = Field(DEFAULT_MAX_IN_FLIGHT, ge=1, description="Digests computed at the same time.")
    max_queue: int | None = Field(
        None,
        ge=0,
        description="Digests allowed to wait for a slot; 503 beyond. Unset: as many as still get their slot within "
        "the queue timeout when every digest ahead uses its whole time budget (see queue_size).",
    )
    queue_timeout_s: float = Field(
        DEFAULT_QUEUE_TIMEOUT_S, gt=0, description="Longest wait for a slot before 503, in seconds."
    )
    time_budget_s: float = Field(
        DEFAULT_TIME_BUDGET_S,
        gt=0,
        description="Longest a digest may compute, in seconds: past it the digest stops and the caller gets a "
        "problem (422 'send fewer or shorter articles', or 503 when other digests shared the machine).",
    )
    header_timeout_s: float = Field(
        DEFAULT_HEADER_TIMEOUT_S, gt=0, description="A client must send its request headers within this, in seconds."
    )
    body_timeout_s: float = Field(
        DEFAULT_BODY_TIMEOUT_S, gt=0, description="A client must send its whole body within this, in seconds (408)."
    )
    retry_after_s: int = Field(DEFAULT_RETRY_AFTER_S, ge=1, description="Retry-After sent with every 503, in seconds.")

    fetch_urls: bool = Field(
        False, description="Fetch articles sent as only a url (off: such articles are refused with 422)."
    )
    fetch_private_urls: bool = Field(
        False,
        description="Also fetch from private, loopback and link-local addresses (off: refused, for every "
        "resolved address and every redirect hop).",
    )
    fetch_timeout_s: float = Field(
        DEFAULT_FETCH_TIMEOUT_S, gt=0, description="Longest time to fetch one page, redirects included, in seconds."
    )
    fetch_max_bytes: int = Field(
        DEFAULT_FETCH_MAX_BYTES, ge=1, description="Largest page fetched, in bytes, after decompression."
    )

    api_keys: Annotated[list[SecretStr], NoDecode] = Field(
        default_factory=list, description="Accepted API keys (comma-separated); empty = no authentication."
    )
    log_level: str = Field(DEFAULT_LOG_LEVEL, description=f"Log level of the JSON log lines: {', '.join(LOG_LEVELS)}.")
    shutdown_timeout_s: int = Field(
        DEFAULT_SHUTDOWN_TIMEOUT_S, ge=1, description="Grace period for in-flight requests on shutdown, in seconds."
    )

    @field_validator("api_keys", mode="before")
    @classmethod
    def _split_keys(cls, value: Any) -> Any:
        # Operators write "key1,key2"; a JSON array is accepted as well.
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                return json.loads(text)
            return [part.strip() for part in text.split(",") if part.strip()]
        return value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in LOG_LEVELS:
            raise ValueError(f"{value!r} is not a log level; use one of {', '.join(LOG_LEVELS)}")
        return level

    @field_validator("device")
    @classmethod
    def _known_device(cls, value: str) -> str:
        device = value.strip().lower()
        if not _DEVICE.fullmatch(device):
            raise ValueError(f"{value!r} is not a device; use auto, cpu, cuda, cuda:N (N a GPU number) or mps")
        return device

    @model_validator(mode="after")
    def _check_word_range(self) -> Settings:
        if self.min_max_words > self.max_max_words:
            raise ValueError(
                f"SUMMARIZER_MIN_MAX_WORDS ({self.min_max_words}) is above "
                f"SUMMARIZER_MAX_MAX_WORDS ({self.max_max_words}); lower the first or raise the second"
            )
        if not self.min_max_words <= self.default_max_words <= self.max_max_words:
            raise ValueError(
                f"SUMMARIZER_DEFAULT_MAX_WORDS ({self.default_max_words}) must lie between "
                f"SUMMARIZER_MIN_MAX_WORDS ({self.min_max_words}) and SUMMARIZER_MAX_MAX_WORDS ({self.max_max_words})"
            )
        if self.time_budget_s >= self.shutdown_timeout_s:
            raise ValueError(
                f"SUMMARIZER_TIME_BUDGET_S ({self.time_budget_s:g}) must be below SUMMARIZER_SHUTDOWN_TIMEOUT_S "
                f"({self.shutdown_timeout_s}), so that a digest in flight at shutdown ends within the grace period; "
                "lower the first or raise the second"
            )
        return self

    @property
    def library_device(self) -> str | None:
        """The device for the library: ``None`` means pick CUDA when present."""
        return None if self.device == "auto" else self.device

    @property
    def queue_size(self) -> int:
        """``max_queue`` when set; else the longest queue whose last digest still gets its slot within
        ``queue_timeout_s`` when every digest ahead of it runs for the whole time budget: no queued
        request waits the full timeout only to be refused."""
        if self.max_queue is not None:
            return self.max_queue
        rounds = int(self.queue_timeout_s // self.time_budget_s)  # digests one slot surely finishes in the timeout
        return self.max_in_flight * rounds


def env_name(field: str) -> str:
    """The environment variable behind a settings field, for error messages."""
    return f"{ENV_PREFIX}{field.upper()}"


def unknown_variables(environ: Mapping[str, str]) -> list[str]:
    """One line for each ``SUMMARIZER_*`` variable that names no setting (a typo would be ignored silently)."""
    fields = sorted(name.upper() for name in Settings.model_fields)
    lines = []
    for name in sorted(n for n in environ if n.upper().startswith(ENV_PREFIX)):
        field = name.upper().removeprefix(ENV_PREFIX)
        if field in fields:
            continue
        close = difflib.get_close_matches(field, fields, n=1, cutoff=0.75)
        hint = f"did you mean {ENV_PREFIX}{close[0]}?" if close else "the README lists every setting"
        lines.append(f"unknown setting {name}: {hint}")
    return lines
