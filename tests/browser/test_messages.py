"""A private conversation in a real browser: started from the form, accessible in both colour
schemes, listed in the inbox, and closed to an anonymous visitor."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.harness import VIEWPORTS, axe_violations, describe
from tests.browser.pages import Page

pytestmark = pytest.mark.browser


def test_start_a_conversation_and_read_it(visit):
    seen = visit(Page("/messages/new?to=liisa.kutoja", "new-message", signed_in=True))
    page = seen.page
    page.fill("#title", "Tapaaminen Kainuussa")
    page.fill("#raw", "Hei Liisa, **ehditkö** tavata ensi viikolla?")
    page.get_by_role("button", name="Lähetä").click()
    page.wait_for_load_state("load")
    expect(page.locator("h1")).to_have_text("Tapaaminen Kainuussa")
    expect(page.locator(".conversation-panel")).to_contain_text("Liisa Kutoja")
    address = page.url
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        violations = axe_violations(page)
        assert violations == [], f"{address} ({scheme}):\n{describe(violations)}"
    assert seen.console_errors == []

    inbox = visit(Page("/messages", "inbox", signed_in=True), VIEWPORTS[0]).page
    expect(inbox.get_by_role("link", name="Tapaaminen Kainuussa")).to_be_visible()
    assert axe_violations(inbox) == []

    outsider = visit(urlsplit(address).path)
    assert outsider.response.status == 404
