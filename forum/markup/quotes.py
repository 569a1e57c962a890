"""Quotes in Discourse's syntax: ``[quote="aino, post:3, topic:12"]`` ... ``[/quote]``.

Both markers stand alone on their lines; quotes nest. The content is Markdown. A marker that
is malformed, or an opening one without its closing one, is ordinary text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token

from forum.markup.names import USERNAME_RE

OPEN_RE = re.compile(r'\[quote(?:="([^"\n]*)")?\]', re.IGNORECASE)
CLOSE_RE = re.compile(r"\[/quote\]", re.IGNORECASE)
FENCE_RE = re.compile(r"(`{3,}|~{3,})(.*)")
NUMBER_RE = re.compile(r"[1-9][0-9]{0,9}")
MAX_NUMBER = 2**31 - 1

# Lines the quote rule may scan per document while looking for closing markers: keeps a post
# made of thousands of unclosed openers linear instead of quadratic.
SCAN_BUDGET = 20_000


@dataclass(frozen=True)
class QuoteMarker:
    username: str | None = None
    topic_id: int | None = None
    post_number: int | None = None


def parse_opening(line: str) -> QuoteMarker | None:
    """The quote an opening marker line names, or None when the line is not one."""
    match = OPEN_RE.fullmatch(line)
    if match is None:
        return None
    if match.group(1) is None:
        return QuoteMarker()
    name, *pairs = (part.strip() for part in match.group(1).split(","))
    if USERNAME_RE.fullmatch(name) is None:
        return None
    fields: dict[str, str] = {}
    for pair in pairs:
        key, _, value = (part.strip() for part in pair.partition(":"))
        key = key.lower()
        if key in fields or key not in ("post", "topic", "full"):
            return None
        fields[key] = value
    if fields.get("full", "true") not in ("true", "false"):
        return None
    numbers = [fields.get("post"), fields.get("topic")]
    if numbers == [None, None]:
        return QuoteMarker(name.lower())
    if not all(n and NUMBER_RE.fullmatch(n) and int(n) <= MAX_NUMBER for n in numbers):
        return None
    return QuoteMarker(name.lower(), int(fields["topic"]), int(fields["post"]))


def _line(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]].rstrip()


def _closes_fence(fence: str, match: re.Match[str] | None) -> bool:
    return bool(
        match
        and match.group(1)[0] == fence[0]
        and len(match.group(1)) >= len(fence)
        and not match.group(2).strip()
    )


def _opens_fence(match: re.Match[str] | None) -> str | None:
    if match is None or (match.group(1)[0] == "`" and "`" in match.group(2)):
        return None
    return match.group(1)


def _find_close(state: StateBlock, start: int, end: int) -> int | None:
    """The line of the marker closing the quote opened on ``start``, skipping code."""
    budget = state.env.get("quote_scan_budget", SCAN_BUDGET)
    depth, fence, line = 1, None, start
    try:
        for line in range(start + 1, min(end, start + 1 + budget)):
            if state.sCount[line] < state.blkIndent and not state.isEmpty(line):
                return None
            text = _line(state, line)
            code = state.is_code_block(line)
            fence_match = None if code else FENCE_RE.fullmatch(text)
            if fence is not None:
                if _closes_fence(fence, fence_match):
                    fence = None
            elif code:
                continue
            elif fence_match and (opened := _opens_fence(fence_match)):
                fence = opened
            elif parse_opening(text) is not None:
                depth += 1
            elif CLOSE_RE.fullmatch(text):
                depth -= 1
                if depth == 0:
                    return line
        return None
    finally:
        state.env["quote_scan_budget"] = budget - (line - start)


def quote_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """markdown-it block rule for ``[quote]`` ... ``[/quote]``."""
    if state.is_code_block(start):
        return False
    marker = parse_opening(_line(state, start))
    if marker is None:
        return False
    close = _find_close(state, start, end)
    if close is None:
        return False
    if silent:
        return True
    old_parent, old_max = state.parentType, state.lineMax
    state.parentType = "quote"  # type: ignore[assignment]
    state.lineMax = close
    token = state.push("quote_open", "aside", 1)
    token.block, token.map, token.meta = True, [start, close + 1], {"marker": marker}
    state.md.block.tokenize(state, start + 1, close)
    token = state.push("quote_close", "aside", -1)
    token.block = True
    state.parentType, state.lineMax = old_parent, old_max
    state.line = close + 1
    return True


def render_quote_open(
    self: RendererHTML, tokens: list[Token], idx: int, options: object, env: dict
) -> str:
    meta = tokens[idx].meta
    marker: QuoteMarker = meta["marker"]
    title = ""
    if marker.username:
        name = escapeHtml(marker.username)
        url = meta.get("url")
        link = f'<a href="{escapeHtml(url)}">{name}</a>' if url else name
        title = f'<div class="quote-title">{link}</div>\n'
    return f'<aside class="quote">\n{title}<blockquote>\n'


def render_quote_close(
    self: RendererHTML, tokens: list[Token], idx: int, options: object, env: dict
) -> str:
    return "</blockquote>\n</aside>\n"


def quote_markdown(username: str, topic_id: int, post_number: int, raw: str) -> str:
    """Markdown that quotes post ``post_number`` of topic ``topic_id``, written by ``username``.

    Quote markers in ``raw`` that have no partner are escaped, so the quoted text cannot close
    the new quote early or swallow what follows it.
    """
    if USERNAME_RE.fullmatch(username) is None:
        raise ValueError(f"not a username: {username!r}")
    if not all(isinstance(n, int) and 0 < n <= MAX_NUMBER for n in (topic_id, post_number)):
        raise ValueError("topic_id and post_number must be positive integers")
    body = _balance_markers(raw.replace("\r\n", "\n").strip("\n"))
    opening = f'[quote="{username.lower()}, post:{post_number}, topic:{topic_id}"]'
    return f"{opening}\n{body}\n[/quote]\n"


def _balance_markers(text: str) -> str:
    lines = text.split("\n")
    openers: list[int] = []
    unmatched: list[int] = []
    fence = None
    for number, line in enumerate(lines):
        stripped = line.strip()
        fence_match = FENCE_RE.fullmatch(stripped)
        if fence is not None:
            if _closes_fence(fence, fence_match):
                fence = None
        elif opened := _opens_fence(fence_match):
            fence = opened
        elif parse_opening(stripped) is not None:
            openers.append(number)
        elif CLOSE_RE.fullmatch(stripped):
            if openers:
                openers.pop()
            else:
                unmatched.append(number)
    for number in [*unmatched, *openers]:
        indent = len(lines[number]) - len(lines[number].lstrip())
        lines[number] = lines[number][:indent] + "\\" + lines[number][indent:]
    return "\n".join(lines)
