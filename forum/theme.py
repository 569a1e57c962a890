"""The site's accent colour, served as a tiny generated stylesheet (/theme.css).

An administrator sets one colour (ACCENT_COLOUR, e.g. FORUM_ACCENT_COLOUR="#8a2be2"). Links and
buttons must keep a WCAG AA contrast of 4.5:1 in both colour schemes, so the colour is darkened
for the light scheme and lightened for the dark one (hue and saturation kept) until it does, and
the text on accent-coloured buttons is white or near-black, whichever contrasts more.
The stylesheet is static for a given configuration, so it is served with a content hash in its
URL and cached for a year.
"""

from __future__ import annotations

import colorsys
import hashlib
import re
from dataclasses import dataclass
from functools import cache

from forum.settings import ConfigError

HEX = re.compile(r"#[0-9a-fA-F]{6}")
AA_TEXT = 4.5
WHITE = "#ffffff"
INK = "#0f1417"
# The page and card backgrounds of static/css/forum.css; a test keeps them in step with it.
LIGHT_BACKGROUNDS = ("#f7f6f2", "#ffffff")
DARK_BACKGROUNDS = ("#13171a", "#1b2125")


def parse(colour: str) -> tuple[int, int, int]:
    if not isinstance(colour, str) or not HEX.fullmatch(colour):
        raise ConfigError(f"ACCENT_COLOUR is {colour!r}; write it as #rrggbb, e.g. #1f5c7a.")
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def to_hex(rgb: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def luminance(colour: str) -> float:
    """Relative luminance as WCAG 2.1 defines it."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in parse(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _with_lightness(colour: str, lightness: float) -> str:
    hue, _, saturation = colorsys.rgb_to_hls(*(v / 255 for v in parse(colour)))
    rgb = colorsys.hls_to_rgb(hue, lightness, saturation)
    return to_hex(tuple(round(v * 255) for v in rgb))


def readable_on(colour: str, backgrounds: tuple[str, ...], lighter: bool) -> str:
    """``colour`` with its hue and saturation, darker or lighter just enough to reach AA
    contrast on every background."""
    start = colorsys.rgb_to_hls(*(v / 255 for v in parse(colour)))[1]
    for step in range(101):
        lightness = start + (1 - start) * step / 100 if lighter else start * (1 - step / 100)
        candidate = _with_lightness(colour, lightness)
        if all(contrast(candidate, bg) >= AA_TEXT for bg in backgrounds):
            return candidate
    return WHITE if lighter else INK


def text_on(colour: str) -> str:
    """White or near-black text, whichever reads better on ``colour``."""
    return WHITE if contrast(WHITE, colour) >= contrast(INK, colour) else INK


@dataclass(frozen=True)
class Theme:
    css: str
    version: str


@cache
def build(colour: str) -> Theme:
    parse(colour)
    light = readable_on(colour, LIGHT_BACKGROUNDS, lighter=False)
    dark = readable_on(colour, DARK_BACKGROUNDS, lighter=True)
    css = (
        "/* Generated from ACCENT_COLOUR: AA contrast in both colour schemes. */\n"
        f":root {{ --accent: {light}; --accent-contrast: {text_on(light)}; }}\n"
        "@media (prefers-color-scheme: dark) {\n"
        f"  :root {{ --accent: {dark}; --accent-contrast: {text_on(dark)}; }}\n"
        "}\n"
    )
    return Theme(css=css, version=hashlib.sha256(css.encode()).hexdigest()[:12])
