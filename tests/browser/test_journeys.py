"""Journeys through the real forum: a newcomer identifies through the development identity
provider, registers, starts a topic and replies, once with the mouse and once by keyboard only.
Every page on the way is checked with axe.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.harness import VIEWPORTS
from tests.browser.journeys import assert_accessible, follow, sign_in_and_register, tab_to

pytestmark = pytest.mark.browser


def start_topic_and_reply(page: Any, live_server: Any, keyboard: bool) -> None:
    title = "Kokeilu näppäimistöllä" if keyboard else "Kokeilu hiirellä"
    page.goto(live_server.url("/s/yleinen"))
    if keyboard:
        tab_to(page, "a[href$='/new-topic']")
        follow(page)
    else:
        page.get_by_role("link", name="Uusi aihe").click()
    page.wait_for_url("**/new-topic")
    assert_accessible(page)
    body = "Etsimme **kumppania** liikuntaneuvonnan palveluketjuun."
    if keyboard:
        tab_to(page, "#title")
        page.keyboard.type(title)
        tab_to(page, "#raw")
        page.keyboard.type(body)
        tab_to(page, ".composer-form button[type=submit]:not([name])")
        follow(page)
    else:
        page.fill("#title", title)
        page.fill("#raw", body)
        page.get_by_role("button", name="Aloita aihe").click()
    page.wait_for_url("**/t/**")
    assert page.locator("h1").inner_text() == title
    assert_accessible(page)
    reply = "Kiitos, otan yhteyttä."
    if keyboard:
        tab_to(page, "#reply-raw")
        page.keyboard.type(reply)
        tab_to(page, ".composer button[type=submit]:not([name])")
        follow(page)
    else:
        page.fill("#reply-raw", reply)
        page.get_by_role("button", name="Lähetä vastaus").click()
    page.wait_for_load_state()
    assert page.get_by_text(reply).count() == 1
    assert_accessible(page)


@pytest.mark.parametrize("keyboard", [False, True], ids=["pointer", "keyboard-only"])
def test_newcomer_registers_starts_a_topic_and_replies(visit, live_server, keyboard):
    page = visit("/", VIEWPORTS[2]).page
    sign_in_and_register(page, keyboard)
    assert_accessible(page)
    start_topic_and_reply(page, live_server, keyboard)


def test_newcomer_journey_works_on_a_phone_in_the_dark(visit, live_server):
    page = visit("/", VIEWPORTS[1]).page
    sign_in_and_register(page, keyboard=False)
    start_topic_and_reply(page, live_server, keyboard=False)
