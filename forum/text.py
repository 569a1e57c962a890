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


def slugify(text: str, max_length: int = 80) -> str:
    """A readable ASCII address part: "Klinikka Kainuussa" -> "klinikka-kainuussa"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-") or "topic"
