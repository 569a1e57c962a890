"""Work on the markdown-it token stream between parsing and rendering.

Mentions are found in two passes so that the names can be looked up all at once: ``find_mentions``
collects the candidates, the caller asks the database, ``link_mentions`` turns the ones that
exist into links. Text inside code, links and images is never a mention.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from markdown_it.token import Token

from forum.markup.names import MENTION_RE
from forum.markup.quotes import QuoteMarker

ALIGN_STYLES = {f"text-align:{side}": f"text-{side}" for side in ("left", "center", "right")}


@dataclass
class Mentions:
    """Candidate mentions: the names (lower-case), and which of them stand outside quotes."""

    names: set[str] = field(default_factory=set)
    outside_quotes: set[str] = field(default_factory=set)


def _inline_with_quote_depth(tokens: list[Token]) -> Iterator[tuple[Token, int]]:
    depth = 0
    for token in tokens:
        if token.type == "quote_open":
            depth += 1
        elif token.type == "quote_close":
            depth -= 1
        elif token.type == "inline" and token.children:
            yield token, depth


def _mention_texts(inline: Token) -> Iterator[Token]:
    """The text children of ``inline`` that are not inside a link."""
    in_link = 0
    for child in inline.children or ():
        if child.type == "link_open":
            in_link += 1
        elif child.type == "link_close":
            in_link -= 1
        elif child.type == "text" and not in_link and "@" in child.content:
            yield child


def find_mentions(tokens: list[Token]) -> Mentions:
    found = Mentions()
    for inline, quote_depth in _inline_with_quote_depth(tokens):
        for text in _mention_texts(inline):
            for match in MENTION_RE.finditer(text.content):
                name = match.group(1).lower()
                found.names.add(name)
                if not quote_depth:
                    found.outside_quotes.add(name)
    return found


def _link(url: str, css_class: str, label: str) -> list[Token]:
    opening = Token("link_open", "a", 1, attrs={"href": url, "class": css_class})
    return [opening, Token("text", "", 0, content=label), Token("link_close", "a", -1)]


def link_mentions(
    tokens: list[Token],
    users: set[str],
    groups: set[str],
    user_url: Callable[[str], str],
    group_url: Callable[[str], str],
) -> None:
    """Replace mentions of existing users and groups by links, in place."""
    if not users and not groups:
        return
    for inline, _ in _inline_with_quote_depth(tokens):
        texts = {id(text) for text in _mention_texts(inline)}
        if not texts:
            continue
        children: list[Token] = []
        for child in inline.children or ():
            if id(child) in texts:
                children.extend(_split_text(child, users, groups, user_url, group_url))
            else:
                children.append(child)
        inline.children = children


def _split_text(
    text: Token,
    users: set[str],
    groups: set[str],
    user_url: Callable[[str], str],
    group_url: Callable[[str], str],
) -> list[Token]:
    parts: list[Token] = []
    content, position = text.content, 0
    for match in MENTION_RE.finditer(content):
        name = match.group(1).lower()
        if name in users:
            link = _link(user_url(name), "mention", match.group(0))
        elif name in groups:
            link = _link(group_url(name), "mention-group", match.group(0))
        else:
            continue
        if match.start() > position:
            parts.append(Token("text", "", 0, content=content[position : match.start()]))
        parts.extend(link)
        position = match.end()
    if position == 0:
        return [text]
    if position < len(content):
        parts.append(Token("text", "", 0, content=content[position:]))
    return parts


def adjust_blocks(tokens: list[Token], post_url: Callable[[int, int], str]) -> list[QuoteMarker]:
    """Shift headings (``#`` is h3, capped at h6), move table alignment from ``style`` to a
    class (no style attributes pass the sanitiser), link quote titles to their posts; return
    the quotes in document order.
    """
    quotes = []
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + 2, 6)}"
        elif token.type in ("th_open", "td_open") and token.attrs:
            style = str(token.attrs.pop("style", ""))
            if style in ALIGN_STYLES:
                token.attrs["class"] = ALIGN_STYLES[style]
        elif token.type == "quote_open":
            marker: QuoteMarker = token.meta["marker"]
            if marker.topic_id is not None and marker.post_number is not None:
                token.meta["url"] = post_url(marker.topic_id, marker.post_number)
                quotes.append(marker)
    return quotes
