"""Every page the browser tests visit: add a new page here and it is checked with axe in both
colour schemes at mobile and desktop widths, and for requests to other hosts.

``path`` is visited as an anonymous visitor in Finnish unless ``language`` says otherwise;
``signed_in`` visits it as a registered newcomer who signed in through the development identity
provider (see the ``signed_in_state`` fixture); ``status`` is the HTTP status the page answers.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    path: str
    name: str
    status: int = 200
    language: str = "fi"
    signed_in: bool = False

    @property
    def id(self) -> str:
        parts = [self.name]
        if self.language != "fi":
            parts.append(self.language)
        if self.signed_in:
            parts.append("signed-in")
        return "-".join(parts)


PAGES = [
    Page("/", "home"),
    Page("/", "home", language="sv"),
    Page("/", "home", language="en"),
    Page("/s/yleinen", "space"),
    Page("/s/alueet", "space-with-sub-spaces"),
    Page("/s/kainuu", "sub-space"),
    Page("/s/yleinen/top", "space-top"),
    Page("/latest", "latest"),
    Page("/top", "top"),
    Page("/tags/satakunta", "tag"),
    Page("/t/1", "topic"),
    Page("/t/2", "topic-with-table-quote-and-mention"),
    Page("/t/5", "topic-in-english"),
    Page("/t/2", "topic", language="sv"),
    Page("/", "home", signed_in=True),
    Page("/t/2", "topic", signed_in=True),
    Page("/s/yleinen/new-topic", "composer", signed_in=True),
    Page("/t/1/reply", "reply", signed_in=True),
    Page("/account/settings", "account-settings", signed_in=True),
    Page("/bookmarks", "bookmarks", signed_in=True),
    Page("/settings/tokens", "tokens", signed_in=True),
    Page("/auth/login", "sign-in"),
    Page("/news", "news"),
    Page("/t/7", "news-item"),
    Page("/events", "events"),
    Page("/events?region=MK18&mode=in-person", "events-filtered"),
    Page("/t/10", "event"),
    Page("/t/10", "event", signed_in=True),
    Page("/s/tapahtumat/new-topic?kind=event", "event-composer", signed_in=True),
    Page("/s/uutiset/new-topic?kind=news", "news-composer", signed_in=True),
    Page("/settings/calendar", "calendar-settings", signed_in=True),
    Page("/accessibility", "accessibility"),
    Page("/accessibility", "accessibility", language="sv"),
    Page("/accessibility", "accessibility", language="en"),
    Page("/components", "components"),
    Page("/s/no-such-space", "not-found", status=404),
    Page("/language", "method-not-allowed", status=405),
]

# The languages as a browser asks for them (Accept-Language).
LOCALES = {"fi": "fi-FI", "sv": "sv-FI", "en": "en-GB"}
