"""Every page passes axe-core's WCAG 2.1 A and AA rules, light and dark, at 360 px and desktop.

Add a page to tests/browser/pages.py and it is checked here in every viewport.
"""

from __future__ import annotations

import pytest

from tests.browser.harness import MOBILE, VIEWPORTS, axe_violations, describe
from tests.browser.pages import PAGES

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=lambda v: v.name)
@pytest.mark.parametrize("spec", PAGES, ids=lambda p: p.id)
def test_page_has_no_wcag_21_aa_violations(visit, spec, viewport):
    seen = visit(spec, viewport)
    assert seen.response.status == spec.status
    assert seen.page.locator("html").get_attribute("lang") == spec.language
    violations = axe_violations(seen.page)
    assert violations == [], f"{spec.path} ({viewport.name}):\n{describe(violations)}"
    if spec.status == 200:
        assert seen.console_errors == [], seen.console_errors


@pytest.mark.parametrize("spec", PAGES, ids=lambda p: p.id)
def test_page_fits_a_360_px_screen(visit, spec):
    seen = visit(spec, VIEWPORTS[0])
    width = seen.page.evaluate("document.documentElement.scrollWidth")
    assert width <= MOBILE, f"{spec.path} is {width} px wide at {MOBILE} px"


def test_the_check_finds_a_violation(visit):
    """The harness is not blind: an unlabelled control and poor contrast are reported."""
    seen = visit("/")
    seen.page.evaluate(
        """() => {
        const main = document.querySelector("main");
        main.insertAdjacentHTML("beforeend", '<input type="text" id="unlabelled">');
        const faint = document.createElement("p");
        faint.textContent = "Heikko kontrasti";
        faint.id = "faint";
        main.append(faint);
        faint.style.color = "#dddddd";
    }"""
    )
    found = {violation["id"] for violation in axe_violations(seen.page)}
    assert {"label", "color-contrast"} <= found


def test_skip_link_is_the_first_stop_and_moves_to_the_content(visit):
    seen = visit("/s/yleinen", VIEWPORTS[0])
    page = seen.page
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    box = skip.bounding_box()
    assert box is not None
    assert box["y"] >= 0, "the skip link is visible when focused"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_every_keyboard_stop_shows_a_visible_focus_indicator(visit):
    """Tab through the component gallery: each focused element draws an outline of 2 px+."""
    page = visit("/components").page
    seen = set()
    for _ in range(60):
        page.keyboard.press("Tab")
        stop = page.evaluate(
            """() => { const e = document.activeElement; const s = getComputedStyle(e);
            return {id: e.tagName + "#" + e.id + "." + e.className + ":" + e.textContent.trim(),
                    style: s.outlineStyle, width: parseFloat(s.outlineWidth)}; }"""
        )
        if stop["id"] in seen or stop["id"].startswith("BODY"):
            break
        seen.add(stop["id"])
        assert stop["style"] != "none", stop
        assert stop["width"] >= 2, stop
    assert len(seen) > 10


def test_language_switch_works_without_javascript(visit):
    seen = visit("/s/yleinen", java_script_enabled=False)
    page = seen.page
    page.select_option("#language-select", "sv")
    page.get_by_role("button", name="Vaihda").click()
    page.wait_for_load_state()
    assert page.url.endswith("/s/yleinen")
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.get_by_role("link", name="Hoppa till innehållet").count() == 1


def test_error_summary_links_to_each_field(visit):
    seen = visit("/components")
    page = seen.page
    summary = page.locator(".error-summary")
    assert summary.get_attribute("role") == "alert"
    assert page.evaluate("document.activeElement.className") == "error-summary", "focus on load"
    assert page.title().startswith("Virhe:")
    links = summary.locator("a")
    assert links.count() == 3
    links.first.click()
    assert page.evaluate("document.activeElement.id") == "email"
    described = page.locator("#email").get_attribute("aria-describedby").split()
    assert page.locator(f"#{described[-1]}").inner_text().endswith("Kirjoita sähköpostiosoitteesi.")
