"""Take the README's screenshot of a provenance page (run by `make render`).

Usage: python docs/screenshot.py PAGE.html OUT.png [PASSAGE]

Opens the page in Debian's headless Chromium (or ARGMAP_CHROMIUM) through
Playwright at a laptop's size, clicks one quoted passage so that the picture
shows the link between text and diagram, and writes the PNG atomically.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

CHROMIUM = os.environ.get("ARGMAP_CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main(page_path: str, out_path: str, passage: str = "In October a bombing in Ankara") -> int:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        print(f"screenshot: Chromium not found at {CHROMIUM}; install Debian's `chromium` or set ARGMAP_CHROMIUM", file=sys.stderr)
        return 1
    out = Path(out_path)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1366, "height": 768}, device_scale_factor=1)
            page.goto(Path(page_path).resolve().as_uri())
            page.locator("mark", has_text=passage).first.click()
            page.wait_for_timeout(600)  # let the smooth scrolling settle
            handle, temporary = tempfile.mkstemp(suffix=".png", dir=out.parent)
            os.close(handle)
            page.screenshot(path=temporary)
            os.chmod(temporary, 0o644)
            os.replace(temporary, out)
        finally:
            browser.close()
    print(f"wrote {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(*sys.argv[1:]))
