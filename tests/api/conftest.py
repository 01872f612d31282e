"""Fixtures for the service tests: apps over a fake or the real summariser, and request builders."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any

import pytest
from api_helpers import FakeSummarizer
from fastapi.testclient import TestClient

from api import Settings, create_app
from api.runtime import SummarizerLike

MakeClient = Callable[..., TestClient]


@pytest.fixture(autouse=True)
def _no_summarizer_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings come from each test, never from the shell that runs the suite."""
    for name in list(os.environ):
        if name.startswith("SUMMARIZER_"):
            monkeypatch.delenv(name)


@pytest.fixture
def make_client() -> Iterator[MakeClient]:
    """Builds a started app (lifespan run, model ready unless ``wait_ready=False``) and its client."""
    with ExitStack() as stack:

        def make(
            summarizer: SummarizerLike | None = None,
            *,
            wait_ready: bool = True,
            raise_server_exceptions: bool = True,
            **settings: Any,
        ) -> TestClient:
            app = create_app(Settings(**settings), summarizer if summarizer is not None else FakeSummarizer())
            client = stack.enter_context(TestClient(app, raise_server_exceptions=raise_server_exceptions))
            if wait_ready:
                assert app.state.loader.wait(timeout=10), "the app never became ready"
            return client

        yield make


@pytest.fixture
def client(make_client: MakeClient) -> TestClient:
    """Default settings over the fake summariser."""
    return make_client()
