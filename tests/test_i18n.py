"""The catalogues: complete in Finnish and Swedish, placeholders kept."""

import re

import pytest
from babel.messages.pofile import read_po

from forum.settings import ROOT

TRANSLATIONS = ROOT / "forum" / "translations"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def catalog(lang: str):
    with open(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle, locale=lang)


def _strings(value: str | tuple[str, ...]) -> tuple[str, ...]:
    return value if isinstance(value, tuple) else (value,)


def template_ids() -> set[str]:
    with open(TRANSLATIONS / "messages.pot", "rb") as handle:
        return {_strings(m.id)[0] for m in read_po(handle) if m.id}


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_every_message_is_translated(lang):
    messages = {_strings(m.id)[0]: m for m in catalog(lang) if m.id}
    missing = sorted(
        i for i in template_ids() if i not in messages or not all(_strings(messages[i].string))
    )
    assert missing == [], f"untranslated in {lang}: {missing[:10]}"
    fuzzy = sorted(m.id for m in messages.values() if m.fuzzy)
    assert fuzzy == [], f"fuzzy in {lang}: {fuzzy[:10]}"


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_translations_keep_their_placeholders(lang):
    for message in catalog(lang):
        if message.id and message.string:
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            expected = {p for text in ids for p in PLACEHOLDER.findall(text)}
            for text in strings:
                assert set(PLACEHOLDER.findall(text)) == expected, message.id


def test_every_language_has_a_compiled_catalogue():
    for lang in ("fi", "sv", "en"):
        assert (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.mo").exists(), lang


def test_template_is_current():
    """Every translatable string in the code is in messages.pot (run make update-catalogs)."""
    from babel.messages.extract import extract_from_dir

    found = set()
    method_map = [
        ("forum/**.py", "python"),
        ("plugins/**.py", "python"),
        ("templates/**.html", "jinja2"),
        ("plugins/**/templates/**.html", "jinja2"),
    ]
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None}
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map=method_map, keywords=keywords
    ):
        found.add(message if isinstance(message, str) else message[0])
    missing = sorted(found - template_ids())
    assert missing == [], f"not in messages.pot: {missing[:10]}"
