"""One real service (uvicorn, real model, an API key set) and one headless Chromium per session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from api.testing import ServerProcess, serve
from tests.desk.desk_browser import Browser, DeskPage, find_browser, start_chromium

ROOT = Path(__file__).resolve().parents[2]
DESK_KEY = "desk-test-key"
WINDOW = (1400, 1000)
# CI sets this: there a missing browser is a failure, not a skip.
REQUIRE_BROWSER_ENV = "DESK_TESTS_REQUIRE_BROWSER"


@pytest.fixture(scope="session")
def system_browser() -> Browser:
    found = find_browser()
    if isinstance(found, str):
        if os.environ.get(REQUIRE_BROWSER_ENV):
            pytest.fail(f"{REQUIRE_BROWSER_ENV} is set and {found}")
        pytest.skip(f"browser tests need a browser: {found}")
    return found


@pytest.fixture(scope="session")
def desk_server(system_browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    log_path = tmp_path_factory.mktemp("desk-server") / "server.log"
    # The packaged model on onnxruntime (the real model, SUMMARIZER_BACKEND=onnx) starts without importing torch.
    # A generous time budget: on a loaded CI machine the first, cold digest must not be cut off.
    settings = {
        "device": "cpu",
        "backend": "onnx",
        "api_keys": DESK_KEY,
        "time_budget_s": "60",
        "shutdown_timeout_s": "90",
    }
    with serve(settings=settings, log_path=log_path, cwd=ROOT) as server:
        yield server


@pytest.fixture(scope="session")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("desk-downloads")


@pytest.fixture(scope="session")
def driver(system_browser: Browser, downloads: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    driver = start_chromium(system_browser, tmp_path_factory.mktemp("chromium-profile"), downloads, size=WINDOW)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def desk(driver: Any, desk_server: ServerProcess) -> Iterator[DeskPage]:
    """The page loaded fresh with the key already given; afterwards, no console error and no foreign request."""
    driver.set_window_size(*WINDOW)
    page = DeskPage(driver, desk_server.base_url)
    page.drain_logs()
    page.open(api_key=DESK_KEY)
    yield page
    problems = page.browser_problems()
    assert not problems, "\n".join(problems)
