"""The accent colour: any configured colour keeps AA contrast, served as a cacheable stylesheet."""

import re

import pytest

from forum import create_app, theme
from forum.settings import ROOT, ConfigError

CSS = (ROOT / "static" / "css" / "forum.css").read_text(encoding="utf-8")


def declared(variable: str, css: str) -> list[str]:
    return re.findall(rf"{re.escape(variable)}:\s*(#[0-9a-f]{{6}})", css)


def test_background_constants_match_the_stylesheet():
    light_bg, dark_bg = declared("--bg", CSS)
    light_surface, dark_surface = declared("--surface", CSS)
    assert (light_bg, light_surface) == theme.LIGHT_BACKGROUNDS
    assert (dark_bg, dark_surface) == theme.DARK_BACKGROUNDS


def test_contrast_follows_wcag():
    assert theme.contrast("#000000", "#ffffff") == pytest.approx(21)
    assert theme.contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize(
    "colour", ["#1f5c7a", "#ffcc00", "#ffffff", "#000000", "#8a2be2", "#00ff00", "#e30613"]
)
def test_every_colour_becomes_readable_in_both_schemes(colour):
    css = theme.build(colour).css
    light, dark = declared("--accent", css)
    light_text, dark_text = declared("--accent-contrast", css)
    for accent, text, backgrounds in (
        (light, light_text, theme.LIGHT_BACKGROUNDS),
        (dark, dark_text, theme.DARK_BACKGROUNDS),
    ):
        assert all(theme.contrast(accent, bg) >= 4.5 for bg in backgrounds), (colour, accent)
        assert theme.contrast(accent, text) >= 4.5, (colour, accent, text)


def test_a_readable_colour_is_kept_as_it_is():
    light, _dark = declared("--accent", theme.build("#1f5c7a").css)
    assert light == "#1f5c7a"


@pytest.mark.parametrize("colour", ["red", "#fff", "1f5c7a", "#1f5c7g", ""])
def test_a_malformed_colour_refuses_to_start(tmp_path, colour):
    with pytest.raises(ConfigError, match="ACCENT_COLOUR"):
        create_app({"ENV": "testing", "INSTANCE_PATH": str(tmp_path), "ACCENT_COLOUR": colour})


def test_pages_link_the_versioned_stylesheet_and_it_is_cached(client):
    page = client.get("/")
    href = re.search(r'href="(/theme\.css\?v=[0-9a-f]{12})"', page.text)
    assert href, "the page links /theme.css with its version"
    answer = client.get(href.group(1))
    assert answer.status_code == 200
    assert answer.mimetype == "text/css"
    assert "immutable" in answer.headers["Cache-Control"]
    assert "max-age=31536000" in answer.headers["Cache-Control"]
    assert "--accent: #1f5c7a" in answer.text
    again = client.get(href.group(1), headers={"If-None-Match": answer.headers["ETag"]})
    assert again.status_code == 304


def test_an_unversioned_request_is_revalidated(client):
    answer = client.get("/theme.css?v=old")
    assert answer.status_code == 200
    assert "no-cache" in answer.headers["Cache-Control"]


def test_the_accent_comes_from_forum_accent_colour(tmp_path, monkeypatch):
    monkeypatch.setenv("FORUM_ACCENT_COLOUR", "#8a2be2")
    app = create_app({"ENV": "testing", "INSTANCE_PATH": str(tmp_path)})
    with app.test_request_context():
        answer = app.test_client().get("/theme.css")
    assert "--accent: #8a2be2" in answer.text
