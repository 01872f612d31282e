"""The README's picture of the desk, taken from the real page with the seeds' digest.

    .venv/bin/python -m tests.desk.screenshot docs/desk.png

Starts the service and a headless Chromium as the tests do, drops the seed files, digests them,
opens the first marker of the first disputed line and saves the window.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from selenium.webdriver.common.by import By

from api.testing import serve
from tests.desk.desk_browser import DeskPage, find_browser, start_chromium

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "examples" / "seeds"
SIZE = (1400, 900)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="PNG file to write")
    args = parser.parse_args()
    browser = find_browser()
    if isinstance(browser, str):
        raise SystemExit(browser)
    with tempfile.TemporaryDirectory() as scratch, serve(settings={"device": "cpu"}, cwd=ROOT) as server:
        driver = start_chromium(browser, Path(scratch) / "profile", Path(scratch), size=SIZE)
        try:
            desk = DeskPage(driver, server.base_url)
            desk.open()
            desk.add_files(sorted(SEEDS.glob("*.txt")))
            points = desk.digest()
            disputed = next((p for p in points if p.find_elements(By.CLASS_NAME, "disputed")), points[0])
            disputed.find_element(By.CSS_SELECTOR, '[data-testid="citation"]').click()
            desk.reader_mark()
            desk.js("window.scrollTo(0, document.getElementById('workspace').offsetTop - 8)")
            args.out.parent.mkdir(parents=True, exist_ok=True)
            driver.save_screenshot(str(args.out))
        finally:
            driver.quit()
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
