"""The desk's files as the service serves them (no browser needed): all there, all same-origin."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from api import Settings, create_app
from api.desk import ASSET_PREFIX, STATIC_DIR

HOOKS = ("files-input", "text-input", "digest-button")


@pytest.fixture(scope="module")
def client() -> TestClient:
    # No lifespan: the page and its files need no model.
    return TestClient(create_app(Settings(default_max_words=80, min_max_words=20, max_max_words=400)))


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.testids: list[str] = []
        self.inline_scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.links += [value for name, value in attrs if name in ("src", "href") and value]
        if found.get("data-testid"):
            self.testids.append(str(found["data-testid"]))
        if tag == "script" and "src" not in found:
            self.inline_scripts += 1
        if "style" in found or any(name.startswith("on") for name in found):
            raise AssertionError(f"inline style or handler on <{tag}>: the page's CSP forbids them")


def test_the_page_is_served_at_the_root_with_its_hooks_and_only_its_own_files(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in response.headers["content-security-policy"]
    page = _Links()
    page.feed(response.text)
    assert set(HOOKS) <= set(page.testids)
    assert page.inline_scripts == 0
    assert page.links and all(link.startswith(ASSET_PREFIX) for link in page.links), page.links
    for link in page.links:
        assert client.get(link).status_code == 200, link


def test_every_module_the_script_imports_is_served(client: TestClient) -> None:
    scripts = sorted(STATIC_DIR.glob("*.js"))
    for script in scripts:
        for name in re.findall(r'from "\./([\w.-]+)"', script.read_text(encoding="utf-8")):
            answer = client.get(f"{ASSET_PREFIX}{name}")
            assert answer.status_code == 200, f"{script.name} imports {name}, which is not served"
            assert answer.headers["content-type"].startswith("text/javascript")
        # Nothing fetched from elsewhere: no absolute URL other than the check on an article's own link.
        text = script.read_text(encoding="utf-8")
        assert not re.search(r"""["'`](https?:)?//""", text), f"{script.name} names another origin"


def test_the_page_learns_the_services_word_budget(client: TestClient) -> None:
    config = client.get(f"{ASSET_PREFIX}config.json").json()
    assert (config["default_max_words"], config["min_max_words"], config["max_max_words"]) == (80, 20, 400)


def test_nothing_else_is_served_from_the_desks_folder(client: TestClient) -> None:
    for path in ("/desk/missing.js", "/desk/../main.py", "/desk/%2e%2e/main.py", "/desk/"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.headers["content-type"] == "application/problem+json"
