"""Steps of the journeys, shared by tests/browser/test_journeys.py and the ``signed_in_state``
fixture: sign in and register as a person does, move by keyboard, check a page with axe.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from tests.browser.harness import axe_violations, describe

# A fresh test person and username per journey: registration is once per identity.
_people = itertools.count()
# The development identity provider's test persons.
PERSONS = [
    "Aino Testinen",
    "Bertil Testsson",
    "Kaisa Kokeilija",
    "Matti Meikäläinen",
    "Sanna Sample",
]


def display_name(username: str) -> str:
    """The display name ``sign_in_and_register`` gave the person it registered as ``username``."""
    number = int("".join(c for c in username if c.isdigit()))
    return f"{PERSONS[number]} (kokeilu)"


def assert_accessible(page: Any) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{page.url}:\n{describe(violations)}"


FOCUS_RING = """() => {
  const e = document.activeElement;
  const s = getComputedStyle(e);
  return {visible: e.matches(":focus-visible"), style: s.outlineStyle,
          width: parseFloat(s.outlineWidth), what: e.outerHTML.slice(0, 120)};
}"""


def tab_to(page: Any, selector: str, limit: int = 120) -> None:
    """Press Tab until the focused element matches ``selector``, as a keyboard user would;
    the element must then show a focus ring (an outline of 2 px or more)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            ring = page.evaluate(FOCUS_RING)
            assert ring["visible"], f"no visible focus on {page.url}: {ring}"
            assert ring["style"] != "none", f"{page.url}: {ring}"
            assert ring["width"] >= 2, f"{page.url}: {ring}"
            return
    pytest.fail(f"{selector} cannot be reached with Tab on {page.url}")


def follow(page: Any, key: str = "Enter") -> None:
    """Press ``key`` on the focused link or button and wait for the page it leads to."""
    with page.expect_navigation():
        page.keyboard.press(key)


def sign_in_and_register(page: Any, keyboard: bool) -> str:
    """From the front page to a registered, signed-in account; returns the username.

    Each call identifies as the next test person, so that each registers afresh.
    """
    number = next(_people)
    assert number < len(PERSONS), "every test person has registered already"
    person = PERSONS[number]
    username = f"kokeilija{number}{'k' if keyboard else 'h'}"
    if keyboard:
        tab_to(page, "a[href^='/auth/login']")
        follow(page)
        tab_to(page, ".provider-list a")
        follow(page)
        assert_accessible(page)
        tab_to(page, "input[name=person]")
        for _ in range(PERSONS.index(person)):
            page.keyboard.press("ArrowDown")
        tab_to(page, "main button[type=submit]")
        follow(page)
    else:
        page.get_by_role("link", name="Kirjaudu sisään").click()
        page.locator(".provider-list a").first.click()
        page.get_by_label(person).check()
        page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "/account/register" in page.url, (page.url, page.locator("main").inner_text()[:500])
    assert_accessible(page)
    fields = {"#display_name": display_name(username), "#username": username}
    fields["#email"] = f"{username}@example.org"
    if keyboard:
        for selector, value in fields.items():
            tab_to(page, selector)
            page.keyboard.type(value)
        tab_to(page, "#accept_terms")
        page.keyboard.press("Space")
        tab_to(page, "main form button[type=submit]")
        follow(page)
    else:
        for selector, value in fields.items():
            page.fill(selector, value)
        page.check("#accept_terms")
        page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "/account/register" not in page.url, page.locator("main").inner_text()
    header = page.locator(".site-account").inner_text()
    assert display_name(username) in header
    return username
