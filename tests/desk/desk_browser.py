"""Drive the editors' desk in the system's headless Chromium (Debian's chromium + chromium-driver).

Selenium is given the driver explicitly, so Selenium Manager never downloads one. The flags
keep Chromium from opening connections of its own (sync, component updates, field trials), so
every request the tests see is the page's.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser")
CHROMEDRIVER_CANDIDATES = ("/usr/bin/chromedriver", "chromedriver")
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)
INSTALL_HINT = "install Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver)"
DEFAULT_WAIT_S = 60.0
# Schemes that reach a network; others (data:, blob:, the browser's own chrome://) stay inside the browser.
NETWORK_SCHEMES = ("http", "https", "ws", "wss", "ftp")

T = TypeVar("T")


def _which(candidates: Iterable[str]) -> str | None:
    for candidate in candidates:
        found = shutil.which(candidate)
        if found:
            return found
    return None


@dataclass(frozen=True)
class Browser:
    chromium: str
    chromedriver: str


def find_browser() -> Browser | str:
    """The system's Chromium and its driver, or why they cannot be used."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed: pip install -e '.[test]'"
    chromium, driver = _which(CHROMIUM_CANDIDATES), _which(CHROMEDRIVER_CANDIDATES)
    if chromium is None:
        return f"no Chromium found; {INSTALL_HINT}"
    if driver is None:
        return f"no chromedriver found; {INSTALL_HINT}"
    return Browser(chromium, driver)


def start_chromium(browser: Browser, profile_dir: Path, download_dir: Path, *, size: tuple[int, int]) -> Any:
    """A headless Chromium with a fresh profile, logging the console and the network."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = browser.chromium
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile_dir}")
    options.add_argument(f"--window-size={size[0]},{size[1]}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(browser.chromedriver), options=options)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(download_dir)})
    return driver


def wait_for(condition: Callable[[], T], *, timeout_s: float = DEFAULT_WAIT_S, what: str) -> T:
    """Polls ``condition`` until it returns something truthy; fails naming ``what`` otherwise."""
    deadline = time.monotonic() + timeout_s
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_s:g} s waiting for {what}")
        time.sleep(0.05)


class DeskPage:
    """The desk as a user sees it, through its data-testid hooks."""

    def __init__(self, driver: Any, base_url: str) -> None:
        self.driver = driver
        self.base_url = base_url

    def open(self, *, api_key: str | None = None) -> None:
        """Loads the page fresh; ``api_key`` is put in the tab's session as if typed once before."""
        self.driver.get(f"{self.base_url}/")
        self.driver.execute_script("sessionStorage.clear()")
        if api_key is not None:
            self.driver.execute_script("sessionStorage.setItem('summarizer.apiKey', arguments[0])", api_key)
        self.driver.get(f"{self.base_url}/")
        wait_for(lambda: self.js("return document.getElementById('max-words').value !== ''"), what="the page's config")

    def js(self, script: str, *args: Any) -> Any:
        return self.driver.execute_script(script, *args)

    def by_testid(self, testid: str) -> list[Any]:
        from selenium.webdriver.common.by import By

        return list(self.driver.find_elements(By.CSS_SELECTOR, f'[data-testid="{testid}"]'))

    def one(self, css: str) -> Any:
        from selenium.webdriver.common.by import By

        return self.driver.find_element(By.CSS_SELECTOR, css)

    def add_files(self, paths: Iterable[Path]) -> None:
        self.by_testid("files-input")[0].send_keys("\n".join(str(p) for p in paths))

    def paste(self, text: str) -> None:
        """Puts ``text`` in the box as a paste does (one input event), not key by key."""
        box = self.by_testid("text-input")[0]
        self.js(
            "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}))",
            box,
            text,
        )

    def set_words(self, words: str) -> None:
        field = self.one("#max-words")
        field.clear()
        field.send_keys(words)

    def digest(self) -> list[Any]:
        """Presses Digest and waits for the digest lines."""
        self.js("document.getElementById('stories').replaceChildren()")
        self.by_testid("digest-button")[0].click()
        shown = "const p = document.getElementById('problem'); return p.hidden ? '' : p.innerText"

        def done() -> list[Any] | str:
            return self.by_testid("point") or self.js(shown)

        outcome = wait_for(done, what="digest lines")
        if isinstance(outcome, str):
            raise AssertionError(f"the page shows an error instead of a digest: {outcome}")
        return outcome

    def problem(self) -> str:
        """The error box's text once it shows, one line per line shown."""
        script = "const p = document.getElementById('problem'); return p.hidden ? '' : p.innerText"
        text = wait_for(lambda: self.js(script), what="an error message")
        return "\n".join(line for line in text.splitlines() if line.strip())

    def reader_mark(self) -> str:
        """The marked span in the article view, once the view shows."""
        from selenium.webdriver.common.by import By

        source = self.by_testid("source")[0]
        wait_for(source.is_displayed, what="the article view")
        return str(source.find_element(By.TAG_NAME, "mark").text)

    def mark_text_exact(self) -> str:
        """The mark's text node as is (``.text`` normalises white space; offsets do not)."""
        return str(self.js("return document.querySelector('[data-testid=source] mark').textContent"))

    def drain_logs(self) -> None:
        self.driver.get_log("browser")
        self.driver.get_log("performance")

    def browser_problems(self) -> list[str]:
        """Console errors and warnings, and requests to any other origin, since the last drain."""
        origin = urlsplit(self.base_url)
        problems = []
        for entry in self.driver.get_log("browser"):
            if entry["level"] not in ("SEVERE", "WARNING"):
                continue
            # The API's own 4xx answers are logged by Chromium as failed loads; the page shows them.
            if entry["source"] == "network" and f"{self.base_url}/v1/" in entry["message"] and " 4" in entry["message"]:
                continue
            problems.append(f"console {entry['level']}: {entry['message']}")
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message["method"] != "Network.requestWillBeSent":
                continue
            url = message["params"]["request"]["url"]
            parts = urlsplit(url)
            if parts.scheme not in NETWORK_SCHEMES:
                continue
            if (parts.scheme, parts.hostname, parts.port) != (origin.scheme, origin.hostname, origin.port):
                problems.append(f"request to another origin: {url}")
        return problems
