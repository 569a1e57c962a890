"""Plain text from cooked HTML, for topic lists, notifications and e-mail."""

from __future__ import annotations

from html.parser import HTMLParser

# Elements after which words must not run together.
BLOCKS = frozenset(
    {"aside", "blockquote", "br", "div", "h3", "h4", "h5", "h6", "hr", "li", "p", "pre", "td", "th"}
)
ELLIPSIS = "…"


class _TextCollector(HTMLParser):
    """Text in document order, each piece marked as inside a quote (aside.quote) or not.

    Images give their alt text; the title of a quote (who wrote it) is left out.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[tuple[bool, str]] = []
        self.quote_depth = 0
        self.aside_stack: list[bool] = []
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "aside":
            is_quote = ("class", "quote") in attrs
            self.aside_stack.append(is_quote)
            self.quote_depth += is_quote
        elif tag == "img":
            self.handle_data(dict(attrs).get("alt") or "")
        elif tag == "div" and ("class", "quote-title") in attrs:
            self.in_title = True
        if tag in BLOCKS:
            self.handle_data(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "aside" and self.aside_stack:
            self.quote_depth -= self.aside_stack.pop()
        elif tag == "div":
            self.in_title = False
        if tag in BLOCKS:
            self.handle_data(" ")

    def handle_data(self, data: str) -> None:
        if not self.in_title:
            self.parts.append((self.quote_depth > 0, data))

    def text(self, *, quotes: bool) -> str:
        return " ".join("".join(p for quoted, p in self.parts if quotes or not quoted).split())


def excerpt(cooked_html: str, length: int = 200) -> str:
    """At most ``length`` characters of plain text, cut at a word with "…" when shortened.

    The post's own words: quoted text is left out, unless the post is nothing but quotes.
    The result is text, not HTML: a template escapes it like any other string.
    """
    if length < 1:
        raise ValueError("length must be positive")
    collector = _TextCollector()
    collector.feed(cooked_html)
    collector.close()
    text = collector.text(quotes=False) or collector.text(quotes=True)
    if len(text) <= length:
        return text
    cut = text[: length - len(ELLIPSIS) + 1]
    # At the last space that fits; inside the word when a single word is longer than that.
    space = cut.rstrip().rfind(" ")
    cut = cut[:space] if space > 0 else cut[: length - len(ELLIPSIS)]
    return cut.rstrip(" ,.;:!?-–—") + ELLIPSIS
