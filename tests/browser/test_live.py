"""The live layer in a real browser: a reply posted in one browser appears in another at once, the
notification badge counts up, and both are announced through the page's one live region."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.pages import Page

pytestmark = pytest.mark.browser

TOPIC = "/t/2"  # a demo discussion (Hyvinvointiteknologian lainaamo Satakunnassa)


def test_a_reply_appears_in_another_browser_without_a_reload(visit):
    reader = visit(TOPIC)
    reader.page.evaluate("window.stillTheSamePage = true")
    # Presence shows once the page's live connection has joined the topic.
    expect(reader.page.locator("#live-presence")).not_to_have_text("", timeout=10_000)
    writer = visit(Page(TOPIC, "topic", signed_in=True))
    # In Swedish on a Finnish page: the inserted post is marked lang="sv", as on the server.
    text = "Det här svaret syns genast i den andra webbläsaren, och det är bra."
    writer.page.fill("#reply-raw", text)
    writer.page.get_by_role("button", name="Lähetä vastaus").click()
    writer.page.wait_for_load_state("load")

    reader.page.get_by_text(text).wait_for(timeout=10_000)
    assert reader.page.evaluate("window.stillTheSamePage") is True
    # Announcements that arrive together are read as one (the writer's typing may come first).
    expect(reader.page.locator("#live-region")).to_contain_text("Uusia vastauksia: 1")
    new_post = reader.page.locator("article.post").last
    assert "post--unread" in (new_post.get_attribute("class") or "")
    assert new_post.locator(".post__body").get_attribute("lang") == "sv"
    assert reader.console_errors == []
    assert writer.console_errors == []


def test_someone_writing_is_shown_and_announced(visit, newcomer):
    reader = visit(TOPIC)
    expect(reader.page.locator("#live-presence")).not_to_have_text("", timeout=10_000)
    writer = visit(Page(TOPIC, "topic", signed_in=True))
    expect(writer.page.locator("#live-presence")).to_contain_text(newcomer.display_name)
    writer.page.locator("#reply-raw").press_sequentially("Kirjoitan vastausta")
    writing = f"{newcomer.display_name} kirjoittaa…"
    expect(reader.page.locator("#live-typing")).to_have_text(writing, timeout=10_000)
    expect(reader.page.locator("#live-region")).to_have_text(writing)


def test_the_notification_badge_counts_up_without_a_reload(visit, newcomer, staff):
    """Issue #7: someone mentions the newcomer; the badge in the newcomer's open page counts up
    and the notification is read out by the live region, without a reload."""
    reader = visit(Page("/t/3", "topic", signed_in=True))
    page = reader.page
    page.evaluate("window.stillTheSamePage = true")
    expect(page.locator("#live-presence")).not_to_have_text("", timeout=10_000)
    badge = page.locator("[data-notification-count]")
    before = int(badge.get_attribute("data-notification-count"))

    writer = visit(Page("/t/1", "topic", staff=True))
    writer.page.fill("#reply-raw", f"@{newcomer.username} tervetuloa mukaan, kerro itsestäsi!")
    writer.page.get_by_role("button", name="Lähetä vastaus").click()
    writer.page.wait_for_load_state("load")

    expect(badge).to_have_attribute("data-notification-count", str(before + 1), timeout=10_000)
    expect(badge).to_be_visible()
    expect(badge).to_have_text(f"{before + 1} lukematon")
    expect(page.locator("#live-region")).to_contain_text(staff.display_name)
    assert page.evaluate("window.stillTheSamePage") is True
    assert reader.console_errors == []


def test_the_live_layer_loads_only_from_the_forum_itself(visit, live_server):
    page = visit(TOPIC)
    expect(page.page.locator("#live-presence")).not_to_have_text("", timeout=10_000)
    origin = live_server.url("/").rstrip("/")
    assert any(url.startswith(f"{origin}/static/vendor/socket.io") for url in page.requests)
    assert all(url.startswith(origin) or url.startswith("data:") for url in page.requests)


def test_registration_counts_change_in_another_browser(visit):
    event = "/t/10"  # the demo clinic: its three places are taken, one person waits
    reader = visit(event)
    expect(reader.page.locator("#live-presence")).not_to_have_text("", timeout=10_000)
    counts = reader.page.locator("#event-counts")
    expect(counts).to_contain_text("1 jonossa")
    registrant = visit(Page(event, "event", signed_in=True))
    registrant.page.get_by_role("button", name="Liity jonoon").click()
    registrant.page.wait_for_load_state("load")
    expect(counts).to_have_text("3/3 paikkaa varattu, 0 jäljellä · 2 jonossa", timeout=10_000)
    assert reader.console_errors == []
