"""Plain text from cooked HTML, for topic lists, notifications and e-mail."""

from __future__ import annotations

from html.parser import HTMLParser

# Elements after which words must not run together.
BLOCKS = frozenset(
    {"aside", "blockquote", "br", "div", "h3", "h4", "h5", "h6", "hr", "li", "p", "pre", "td", "th"}
)
ELLIPSIS = "…"


class _TextCollector(HTMLParser):
    """Text of the post's own words: quotes (aside.quote) are left out, images give alt text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.quote_depth = 0
        self.aside_stack: list[bool] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "aside":
            is_quote = ("class", "quote") in attrs
            self.aside_stack.append(is_quote)
            self.quote_depth += is_quote
        elif tag == "img" and not self.quote_depth:
            self.parts.append(dict(attrs).get("alt") or "")
        if tag in BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "aside" and self.aside_stack:
            self.quote_depth -= self.aside_stack.pop()
        if tag in BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.quote_depth:
            self.parts.append(data)


def excerpt(cooked_html: str, length: int = 200) -> str:
    """At most ``length`` characters of plain text, cut at a word with "…" when shortened.

    The result is text, not HTML: a template escapes it like any other string.
    """
    if length < 1:
        raise ValueError("length must be positive")
    collector = _TextCollector()
    collector.feed(cooked_html)
    collector.close()
    text = " ".join("".join(collector.parts).split())
    if len(text) <= length:
        return text
    cut = text[: length - len(ELLIPSIS) + 1]
    # At the last space that fits; inside the word when a single word is longer than that.
    space = cut.rstrip().rfind(" ")
    cut = cut[:space] if space > 0 else cut[: length - len(ELLIPSIS)]
    return cut.rstrip(" ,.;:!?-–—") + ELLIPSIS
