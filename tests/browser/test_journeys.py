"""Journeys through the real forum: a newcomer identifies through the development identity
provider, registers, starts a topic and replies, reacts, is answered by another member and sees
the notification arrive live, opens it, and finds the topic with search; once with the mouse and
once by keyboard only. Every page on the way is checked with axe.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from forum.demo import OFF_TOPIC_REPLY
from tests.browser.harness import VIEWPORTS
from tests.browser.journeys import assert_accessible, follow, sign_in_and_register, tab_to
from tests.browser.pages import Page
from tests.browser.test_requests import foreign

pytestmark = pytest.mark.browser


# The first post of a demo discussion (Hyvinvointiteknologian lainaamo Satakunnassa, /t/2).
REACTIONS_OF_A_DEMO_POST = "#p3-reactions"


def start_topic_and_reply(page: Any, live_server: Any, keyboard: bool) -> str:
    """Start a topic and reply to it; returns its title, leaving the page on the topic."""
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
    return title


def react(page: Any, live_server: Any, keyboard: bool) -> None:
    page.goto(live_server.url("/t/2"))
    first = f"{REACTIONS_OF_A_DEMO_POST} button"
    if keyboard:
        tab_to(page, first)
        follow(page)
    else:
        with page.expect_navigation():
            page.locator(first).first.click()
    pressed = page.locator(f"{REACTIONS_OF_A_DEMO_POST} button[aria-pressed=true]")
    expect(pressed).to_have_count(1)
    assert_accessible(page)


def answered_live(page: Any, visit: Any, username: str, topic_url: str, answerer: Any) -> None:
    """Another member answers with a mention while the newcomer's page stays open: the reply
    and the notification badge arrive without a reload."""
    page.goto(topic_url)
    expect(page.locator("#live-presence")).not_to_have_text("", timeout=10_000)
    page.evaluate("window.stillTheSamePage = true")
    badge = page.locator("[data-notification-count]")
    expect(badge).to_be_hidden()
    answer = f"@{username} hyvä ajatus, meillä Kainuussa on samanlainen ketju."
    other = visit(Page(urlsplit(topic_url).path, "topic", signed_in=True))
    other.page.fill("#reply-raw", answer)
    other.page.get_by_role("button", name="Lähetä vastaus").click()
    other.page.wait_for_load_state()
    expect(page.get_by_text(answer)).to_be_visible(timeout=10_000)
    expect(badge).to_have_attribute("data-notification-count", "1", timeout=10_000)
    expect(badge).to_be_visible()
    # Read out politely, whichever of the two announcements came last.
    heard = re.compile(f"Uusia vastauksia: 1|{re.escape(answerer.display_name)}")
    expect(page.locator("#live-region")).to_have_text(heard)
    assert page.evaluate("window.stillTheSamePage") is True
    assert_accessible(page)


def open_the_notification(page: Any, answerer: Any, keyboard: bool) -> None:
    if keyboard:
        tab_to(page, "a.site-nav__notifications")
        follow(page)
    else:
        page.locator("a.site-nav__notifications").click()
    page.wait_for_url("**/notifications")
    notification = page.locator(".notification--unread button")
    expect(notification).to_have_count(1)
    expect(notification).to_contain_text(answerer.display_name)
    assert_accessible(page)
    if keyboard:
        tab_to(page, ".notification--unread button")
        follow(page)
    else:
        with page.expect_navigation():
            notification.click()
    assert "/t/" in page.url
    expect(page.locator("[data-notification-count]")).to_be_hidden()


def find_with_search(page: Any, title: str, keyboard: bool) -> None:
    if keyboard:
        tab_to(page, "#site-search-q")
        page.keyboard.type(title)
    else:
        page.fill("#site-search-q", title)
    follow(page)
    assert "/search" in page.url
    expect(page.get_by_role("link", name=title, exact=True)).to_have_count(1)
    assert_accessible(page)


@pytest.mark.parametrize("keyboard", [False, True], ids=["pointer", "keyboard-only"])
def test_newcomer_takes_part_is_answered_and_finds_their_topic(
    visit, live_server, newcomer, keyboard
):
    seen = visit("/", VIEWPORTS[2])
    page = seen.page
    username = sign_in_and_register(page, keyboard)
    assert_accessible(page)
    title = start_topic_and_reply(page, live_server, keyboard)
    topic_url = page.url.split("#")[0]
    react(page, live_server, keyboard)
    answered_live(page, visit, username, topic_url, newcomer)
    open_the_notification(page, newcomer, keyboard)
    find_with_search(page, title, keyboard)
    # Identity provider, registration and live layer included, nothing left the forum.
    assert foreign(seen.requests, live_server.origin) == []


def test_newcomer_journey_works_on_a_phone_in_the_dark(visit, live_server):
    page = visit("/", VIEWPORTS[1]).page
    sign_in_and_register(page, keyboard=False)
    start_topic_and_reply(page, live_server, keyboard=False)


def test_moderator_handles_a_flag(visit, newcomer, staff):
    """A member flags an off-topic reply of the demo; a moderator agrees in the review queue;
    the reply is hidden from everyone else."""
    flagger = visit(Page("/t/4", "topic", signed_in=True)).page
    reply = flagger.locator("#p2")
    expect(reply).to_contain_text(OFF_TOPIC_REPLY)
    with flagger.expect_navigation():
        reply.get_by_role("link", name="Liputa").click()
    assert_accessible(flagger)
    flagger.check("#reason-spam")
    flagger.fill("#message", "Mainos, ei liity tapaamiseen.")
    flagger.get_by_role("button", name="Lähetä liputus").click()
    expect(flagger.get_by_role("status").filter(has_text="Kiitos")).to_be_visible()
    assert_accessible(flagger)

    moderator = visit(Page("/review", "review-queue", staff=True)).page
    item = moderator.locator(".review-item", has_text=OFF_TOPIC_REPLY)
    expect(item).to_contain_text(newcomer.display_name)
    assert_accessible(moderator)
    item.locator("textarea[id^=reason-]").fill("Myynti-ilmoitukset eivät kuulu tänne.")
    with moderator.expect_navigation():
        item.get_by_role("button", name="Samaa mieltä: piilota viesti").click()
    expect(moderator.locator(".review-item", has_text=OFF_TOPIC_REPLY)).to_have_count(0)
    assert_accessible(moderator)

    reader = visit("/t/4").page
    expect(reader.locator("#p2")).to_contain_text("Tämä viesti on poistettu.")
    expect(reader.get_by_text(OFF_TOPIC_REPLY)).to_have_count(0)
