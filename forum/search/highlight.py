"""Snippets with the matched words marked, the same for every backend."""

from __future__ import annotations

from markupsafe import Markup, escape

from forum.search.analysis import LANGUAGES, word_terms, words

SNIPPET_LENGTH = 240


def _matches(word: str, terms: set[str]) -> bool:
    return any(term in terms for lang in LANGUAGES for term in word_terms(word, lang))


def highlight(text: str, terms: set[str], length: int | None = None) -> Markup:
    """``text`` escaped, with the words whose terms are in ``terms`` wrapped in <mark>.

    With ``length``, a window of about that many characters around the first match.
    """
    spans = [(m.start(), m.end()) for m in words(text) if terms and _matches(m.group(), terms)]
    start, end = 0, len(text)
    if length is not None and len(text) > length:
        first = spans[0][0] if spans else 0
        start = max(0, first - length // 3)
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        end = min(len(text), start + length)
        while end < len(text) and not text[end].isspace():
            end += 1
    parts: list[str] = ["…" if start > 0 else ""]
    cursor = start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        parts.append(str(escape(text[cursor:span_start])))
        parts.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    parts.append(str(escape(text[cursor:end])))
    if end < len(text):
        parts.append("…")
    return Markup("".join(parts))  # noqa: S704 - every piece of text above is escaped
