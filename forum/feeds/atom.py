"""Atom feeds (RFC 4287), written with ElementTree so that every text is escaped."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

ATOM = "http://www.w3.org/2005/Atom"
MIMETYPE = "application/atom+xml"


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    url: str
    published: datetime
    updated: datetime
    author: str
    summary: str
    content_html: str
    categories: tuple[str, ...] = ()


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def render(
    *, feed_id: str, title: str, self_url: str, page_url: str, lang: str, entries: Iterable[Entry]
) -> bytes:
    """The feed as UTF-8 XML. ``updated`` is the newest entry's, as RFC 4287 asks."""
    ET.register_namespace("", ATOM)
    entries = list(entries)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": lang})
    _el(feed, "id", feed_id)
    _el(feed, "title", title)
    newest = max((e.updated for e in entries), default=datetime(2000, 1, 1, tzinfo=UTC))
    _el(feed, "updated", newest.isoformat())
    _el(feed, "link", rel="self", type=MIMETYPE, href=self_url)
    _el(feed, "link", rel="alternate", type="text/html", href=page_url)
    _el(feed, "generator", "Social innovation forum")
    for entry in entries:
        item = _el(feed, "entry")
        _el(item, "id", entry.id)
        _el(item, "title", entry.title)
        _el(item, "link", rel="alternate", type="text/html", href=entry.url)
        _el(item, "published", entry.published.isoformat())
        _el(item, "updated", entry.updated.isoformat())
        _el(_el(item, "author"), "name", entry.author)
        for category in entry.categories:
            _el(item, "category", term=category)
        _el(item, "summary", entry.summary, type="text")
        _el(item, "content", entry.content_html, type="html")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
