"""The live layer in a real browser: a reply posted in one browser appears in another at once."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.pages import Page

TOPIC = "/t/2"  # a demo discussion (Hyvinvointiteknologian lainaamo Satakunnassa)


def test_a_reply_appears_in_another_browser_without_a_reload(visit):
    reader = visit(TOPIC)
    reader.page.evaluate("window.stillTheSamePage = true")
    # Presence shows once the page's live connection has joined the topic.
    expect(reader.page.locator("#live-presence")).not_to_have_text("", timeout=10_000)
    writer = visit(Page(TOPIC, "topic", signed_in=True))
    text = "Tämä vastaus näkyy heti toisessa selaimessa."
    writer.page.fill("#reply-raw", text)
    writer.page.get_by_role("button", name="Lähetä vastaus").click()
    writer.page.wait_for_load_state("load")

    reader.page.get_by_text(text).wait_for(timeout=10_000)
    assert reader.page.evaluate("window.stillTheSamePage") is True
    status = reader.page.locator("#live-status")
    status.filter(has_text="Uusia vastauksia: 1").wait_for(state="attached", timeout=5_000)
    new_post = reader.page.locator("article.post").last
    assert "post--unread" in (new_post.get_attribute("class") or "")
    assert reader.console_errors == []
    assert writer.console_errors == []


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
