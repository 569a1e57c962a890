"""A site's own accent colour reaches the pages and keeps them AA in both colour schemes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from forum import theme
from tests.browser.harness import VIEWPORTS, LiveServer, axe_violations, describe, new_context

pytestmark = pytest.mark.browser

# A bright yellow: unreadable as link text on white until the forum darkens it.
YELLOW = "#ffcc00"


@pytest.fixture(scope="module")
def yellow_server(browser: Any, tmp_path_factory) -> Iterator[LiveServer]:
    """A second forum, configured with FORUM_ACCENT_COLOUR like a deployment would be."""
    server = LiveServer(tmp_path_factory.mktemp("yellow"), {"ACCENT_COLOUR": YELLOW}).start()
    yield server
    server.stop()


def rgb(colour: str) -> str:
    return "rgb({}, {}, {})".format(*theme.parse(colour))


@pytest.mark.parametrize("viewport", [VIEWPORTS[1], VIEWPORTS[2]], ids=lambda v: v.name)
def test_configured_accent_is_used_and_stays_readable(browser: Any, yellow_server, viewport):
    light, dark = re.findall(r"--accent: (#[0-9a-f]{6})", theme.build(YELLOW).css)
    assert light != YELLOW, "the yellow is darkened for the light scheme"
    expected = dark if viewport.color_scheme == "dark" else light
    context = new_context(browser, viewport)
    try:
        page = context.new_page()
        page.goto(yellow_server.url("/components"))
        colour = page.evaluate(
            "getComputedStyle(document.querySelector('main .button')).backgroundColor"
        )
        assert colour == rgb(expected)
        violations = axe_violations(page)
        assert violations == [], describe(violations)
    finally:
        context.close()
