"""A fake markup context and an HTML reader for the markup tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from bleach._vendor import html5lib


@dataclass
class FakeContext:
    """Users and groups in memory; records every lookup so tests can count them."""

    users: set[str] = field(default_factory=lambda: {"aino", "aino.virtanen", "matti-k", "both"})
    groups: set[str] = field(default_factory=lambda: {"weavers", "both"})
    user_lookups: list[set[str]] = field(default_factory=list)
    group_lookups: list[set[str]] = field(default_factory=list)
    url_prefix: str = ""

    def existing_usernames(self, names: set[str]) -> set[str]:
        self.user_lookups.append(set(names))
        return names & self.users

    def existing_groups(self, names: set[str]) -> set[str]:
        self.group_lookups.append(set(names))
        return names & self.groups

    def user_url(self, username: str) -> str:
        return f"{self.url_prefix}/u/{username}"

    def group_url(self, name: str) -> str:
        return f"{self.url_prefix}/g/{name}"

    def post_url(self, topic_id: int, post_number: int) -> str:
        return f"{self.url_prefix}/t/{topic_id}#p{post_number}"


def parse(html: str) -> Element:
    """The element tree a browser builds from ``html`` (html5lib, as bleach uses it)."""
    return html5lib.parseFragment(html, treebuilder="etree", namespaceHTMLElements=False)


def parse_strict(html: str) -> Element:
    """As :func:`parse`, but any HTML parse error raises."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parseFragment(html)


def elements(html: str, tag: str | None = None) -> list[Element]:
    root = parse(html)
    return [e for e in root.iter() if e is not root and (tag is None or e.tag == tag)]


def text_of(element: Element) -> str:
    return "".join(element.itertext())
