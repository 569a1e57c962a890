"""Checks on text that people type, shared by every action that stores it."""

import re
import unicodedata

from flask_babel import gettext as _

from forum.actions.errors import ValidationError


def clean_text(value: str, *, field: str | None = None) -> str:
    """NFC-normalised text without NUL or other control characters (newlines and tabs kept)."""
    if not isinstance(value, str):
        raise ValidationError(_("Text was expected."), field=field)
    text = unicodedata.normalize("NFC", value)
    text = text.replace("\r\n", "\n")
    if any(ch not in "\n\t" and unicodedata.category(ch) == "Cc" for ch in text):
        raise ValidationError(_("The text contains control characters."), field=field)
    return text.strip()


def clean_line(value: str, *, field: str | None = None) -> str:
    """One line of text: as ``clean_text`` and without line breaks, inner spaces folded."""
    text = clean_text(value, field=field)
    if "\n" in text:
        raise ValidationError(_("This must be a single line."), field=field)
    return " ".join(text.split())


# Embeddings, overrides and isolates (LRE..RLO, LRI..PDI): they reorder what follows, so a title
# could show other words than it holds; the marks LRM/RLM stay, they change only neutrals.
BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
# Letters that draw nothing (Hangul fillers, the blank Braille pattern).
BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def visible_line(value: str, *, field: str | None = None) -> str:
    """As ``clean_line``, without bidirectional overrides, and refused unless something in it
    can be seen: a name of only format characters (zero-width, direction marks) and spaces
    would show as nothing."""
    text = " ".join(clean_line(value, field=field).translate(BIDI_CONTROLS).split())
    if not any(is_visible(ch) for ch in text):
        raise ValidationError(_("Write at least one visible character."), field=field)
    return text


def is_visible(ch: str) -> bool:
    return unicodedata.category(ch)[0] not in "CZ" and ch not in BLANK_LETTERS


def slugify(text: str, max_length: int = 80) -> str:
    """A readable ASCII address part: "Klinikka Kainuussa" -> "klinikka-kainuussa"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-") or "topic"
