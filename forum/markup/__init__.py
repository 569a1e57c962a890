"""Markdown as people write it, cooked into the sanitised HTML that pages show.

A post keeps its ``raw`` Markdown and the ``cooked`` HTML made from it once, on write::

    cooked = cook(raw, DatabaseMarkupContext())
    post.cooked = cooked.html           # notify cooked.mentions, cooked.group_mentions

CommonMark (markdown-it-py) with tables, strikethrough and bare links; HTML typed into a post
is shown as text. ``#`` headings become <h3> (a topic page owns <h1> and <h2>). Discourse-style
``[quote="aino, post:3, topic:12"]`` quotes and ``@name`` mentions of users and groups that
exist become links. Whatever the Markdown produced, :func:`sanitise` has the last word.
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass
from typing import Protocol

from markdown_it import MarkdownIt

from forum.markup import quotes as _quotes
from forum.markup.context import (
    DatabaseMarkupContext,
    default_group_url,
    default_post_url,
    default_user_url,
)
from forum.markup.excerpt import excerpt
from forum.markup.quotes import quote_markdown
from forum.markup.sanitise import sanitise
from forum.markup.tokens import adjust_blocks, find_mentions, link_mentions

__all__ = [
    "Cooked",
    "DatabaseMarkupContext",
    "MarkupContext",
    "QuoteRef",
    "cook",
    "default_group_url",
    "default_post_url",
    "default_user_url",
    "excerpt",
    "quote_markdown",
    "sanitise",
]


@dataclass(frozen=True)
class QuoteRef:
    username: str
    topic_id: int
    post_number: int


@dataclass(frozen=True)
class Cooked:
    html: str
    # Users and groups that exist, mentioned in the post's own words: a mention inside a quote
    # is linked but not counted, so quoting a post does not notify its mentions again.
    mentions: frozenset[str]
    group_mentions: frozenset[str]
    quotes: tuple[QuoteRef, ...]


class MarkupContext(Protocol):
    """The lookups cooking needs from the forum; tests pass a fake."""

    def existing_usernames(self, names: set[str]) -> set[str]: ...

    def existing_groups(self, names: set[str]) -> set[str]: ...

    def user_url(self, username: str) -> str: ...

    def group_url(self, name: str) -> str: ...

    def post_url(self, topic_id: int, post_number: int) -> str: ...


def _new_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": True, "typographer": False})
    md.enable(["table", "strikethrough", "linkify"])
    md.block.ruler.before(
        "fence",
        "quote",
        _quotes.quote_rule,
        {"alt": ["paragraph", "reference", "blockquote", "list"]},
    )
    md.add_render_rule("quote_open", _quotes.render_quote_open)
    md.add_render_rule("quote_close", _quotes.render_quote_close)
    return md


_local = threading.local()


def _parser() -> MarkdownIt:
    """One parser per thread: linkify-it keeps the state of its last match on itself."""
    md = getattr(_local, "md", None)
    if md is None:
        md = _local.md = _new_parser()
    return md


def cook(raw: str, context: MarkupContext | None = None) -> Cooked:
    """Markdown to sanitised HTML. Without a context nothing is looked up: no mention links."""
    if not isinstance(raw, str):
        raise TypeError(f"cook() needs text, not {type(raw).__name__}")
    text = unicodedata.normalize("NFC", raw.replace("\r\n", "\n"))
    md = _parser()
    env: dict = {}
    tokens = md.parse(text, env)

    post_url = context.post_url if context else default_post_url
    found_quotes = adjust_blocks(tokens, post_url)

    found = find_mentions(tokens)
    users: set[str] = set()
    groups: set[str] = set()
    if context is not None and found.names:
        users = {name.lower() for name in context.existing_usernames(set(found.names))}
        others = found.names - users
        groups = {name.lower() for name in context.existing_groups(others)} if others else set()
        link_mentions(tokens, users, groups, context.user_url, context.group_url)

    html = sanitise(md.renderer.render(tokens, md.options, env))
    return Cooked(
        html=html,
        mentions=frozenset(users & found.outside_quotes),
        group_mentions=frozenset(groups & found.outside_quotes),
        quotes=tuple(
            QuoteRef(q.username, q.topic_id, q.post_number)
            for q in found_quotes
            if q.username and q.topic_id is not None and q.post_number is not None
        ),
    )
