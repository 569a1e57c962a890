"""``make screenshots``: the key pages, in Finnish, at desktop and mobile widths, as PNG files.

    python -m tests.browser.screenshots docs/screenshots

Starts the forum with the demo data exactly as the browser tests do. Add a page to SHOTS when a
new key page lands.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from tests.browser.harness import LiveServer, Viewport, launch, missing_tools, new_context

SHOTS = [
    # file name, path
    ("home", "/"),
    ("space", "/s/alueet"),
    ("topic", "/t/2"),
    ("latest", "/latest"),
    ("accessibility", "/accessibility"),
    ("components", "/components"),
    ("not-found", "/s/ei-ole"),
]
SIZES = [Viewport("desktop", 1280, 860), Viewport("mobile", 360, 740)]
# The dark colour scheme, for the pages named here.
DARK = [(Viewport("desktop-dark", 1280, 860, "dark"), ["home", "topic", "components"])]
# Cap on the height of a full-page shot, and colours kept, so the files stay small.
MAX_HEIGHT = 1800
COLOURS = 128


def shrink(file: Path) -> None:
    """Re-save a screenshot with a palette of COLOURS: a third of the size, same look."""
    from PIL import Image

    with Image.open(file) as image:
        palette = image.convert("RGB").quantize(
            colors=COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        )
    palette.save(file, optimize=True)


def render(target: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    target.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as instance:
        server = LiveServer(Path(instance)).start()
        try:
            with sync_playwright() as playwright:
                browser = launch(playwright)
                plan = [(size, SHOTS) for size in SIZES] + [
                    (size, [shot for shot in SHOTS if shot[0] in names]) for size, names in DARK
                ]
                for size, shots in plan:
                    context = new_context(browser, size)
                    page = context.new_page()
                    for name, path in shots:
                        page.goto(server.url(path))
                        height = min(
                            page.evaluate("document.documentElement.scrollHeight"), MAX_HEIGHT
                        )
                        file = target / f"{name}-{size.name}.png"
                        page.screenshot(
                            path=str(file),
                            clip={"x": 0, "y": 0, "width": size.width, "height": height},
                            full_page=True,
                        )
                        shrink(file)
                        written.append(file)
                    context.close()
                browser.close()
        finally:
            server.stop()
    return written


def main() -> None:
    reason = missing_tools()
    if reason:
        sys.exit(f"screenshots: {reason}")
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    for file in render(target):
        print(f"{file} ({file.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
