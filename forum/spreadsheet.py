"""CSV cells that a spreadsheet will not run as formulas (OWASP's CSV injection guidance).

A cell that begins with ``= + - @``, a tab or a carriage return is a formula to Excel and
LibreOffice (``=HYPERLINK(...)`` sends a click anywhere). Every CSV the forum writes passes its
cells through ``neutralise``, which puts an apostrophe in front; an import of the forum's own
CSV reads them back through ``restore``, so the round trip loses nothing.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _needs_quote(text: str) -> bool:
    """Apostrophes already in front count too, so ``restore`` can tell ours from the author's."""
    return text.lstrip("'").startswith(FORMULA_STARTS)


def neutralise(value: object) -> object:
    """``value`` as a CSV cell that cannot start a formula; numbers and dates pass unchanged."""
    if isinstance(value, str) and _needs_quote(value):
        return "'" + value
    return value


def restore(text: str) -> str:
    """The text ``neutralise`` was given, from a cell it wrote."""
    if text.startswith("'") and _needs_quote(text):
        return text[1:]
    return text
