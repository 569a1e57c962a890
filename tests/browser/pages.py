"""Every page the browser tests visit: add a new page here and it is checked with axe in both
colour schemes at mobile and desktop widths, and for requests to other hosts.

``path`` is visited as an anonymous visitor in Finnish unless ``language`` says otherwise;
``status`` is the HTTP status the page answers with.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    path: str
    name: str
    status: int = 200
    language: str = "fi"

    @property
    def id(self) -> str:
        return self.name if self.language == "fi" else f"{self.name}-{self.language}"


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
    Page("/accessibility", "accessibility"),
    Page("/accessibility", "accessibility", language="sv"),
    Page("/accessibility", "accessibility", language="en"),
    Page("/components", "components"),
    Page("/s/no-such-space", "not-found", status=404),
    Page("/language", "method-not-allowed", status=405),
]

# The languages as a browser asks for them (Accept-Language).
LOCALES = {"fi": "fi-FI", "sv": "sv-FI", "en": "en-GB"}
