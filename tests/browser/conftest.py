"""Fixtures of the browser tests: a live forum, Debian's chromium, and ``visit``.

A test that needs a browser asks for ``visit`` and calls it with a page of tests/browser/pages.py
(or any path) and a viewport; it gets the Playwright page, the response, and the console errors
the page logged. Contexts are fresh (no cookies) and closed after the test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from forum.models.group import ADMINISTRATORS
from tests.browser.harness import (
    VIEWPORTS,
    LiveServer,
    Viewport,
    launch,
    missing_tools,
    new_context,
)
from tests.browser.pages import LOCALES, Page


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The forum in its own process on a free port of 127.0.0.1, with the demo data."""
    reason = missing_tools()
    if reason:
        pytest.skip(reason)
    server = LiveServer(tmp_path_factory.mktemp("live")).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    reason = missing_tools()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    chromium = launch(playwright)
    yield chromium
    chromium.close()
    playwright.stop()


@dataclass(frozen=True)
class Member:
    """A person registered in the live forum, and the cookies of their signed-in browser."""

    username: str
    display_name: str
    state: dict[str, Any]


def register(browser: Any, live_server: LiveServer, groups: tuple[str, ...] = ()) -> Member:
    """Identify through the development identity provider and register, exactly as a person
    does it (tests/browser/journeys.py); then join ``groups`` as an administrator would add them."""
    from tests.browser.journeys import display_name, sign_in_and_register

    context = new_context(browser, VIEWPORTS[2], locale=LOCALES["fi"])
    try:
        page = context.new_page()
        page.goto(live_server.url("/"))
        username = sign_in_and_register(page, keyboard=False)
        for group in groups:
            live_server.grant(username, group)
        return Member(username, display_name(username), context.storage_state())
    finally:
        context.close()


@pytest.fixture(scope="session")
def newcomer(browser: Any, live_server: LiveServer) -> Member:
    """A registered newcomer; pages with ``signed_in=True`` are visited as them."""
    return register(browser, live_server)


@pytest.fixture(scope="session")
def signed_in_state(newcomer: Member) -> dict[str, Any]:
    return newcomer.state


@pytest.fixture(scope="session")
def staff(browser: Any, live_server: LiveServer) -> Member:
    """A person who registered like the newcomer and was then made an administrator (and so
    moderates every space); pages with ``staff=True`` are visited as them."""
    return register(browser, live_server, (ADMINISTRATORS,))


@pytest.fixture(scope="session")
def staff_state(staff: Member) -> dict[str, Any]:
    return staff.state


@dataclass
class Visit:
    page: Any
    response: Any
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


@pytest.fixture
def visit(
    browser: Any, live_server: LiveServer, request: pytest.FixtureRequest
) -> Iterator[Callable[..., Visit]]:
    contexts: list[Any] = []

    def open_page(
        target: Page | str, viewport: Viewport = VIEWPORTS[-2], **context_options: Any
    ) -> Visit:
        page_spec = target if isinstance(target, Page) else Page(target, target)
        options = {"locale": LOCALES[page_spec.language], **context_options}
        if page_spec.staff:
            options["storage_state"] = request.getfixturevalue("staff_state")
        elif page_spec.signed_in:
            options["storage_state"] = request.getfixturevalue("signed_in_state")
        context = new_context(browser, viewport, **options)
        contexts.append(context)
        page = context.new_page()
        result = Visit(page=page, response=None)
        page.on(
            "console",
            lambda message: message.type == "error" and result.console_errors.append(message.text),
        )
        page.on("pageerror", lambda error: result.console_errors.append(str(error)))
        page.on("request", lambda request: result.requests.append(request.url))
        result.response = page.goto(live_server.url(page_spec.path), wait_until="load")
        return result

    yield open_page
    for context in contexts:
        context.close()
