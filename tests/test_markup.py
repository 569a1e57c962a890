"""Cooking Markdown: CommonMark and its extensions, headings, images, links, output quality."""

from __future__ import annotations

import time
import unicodedata
from concurrent.futures import ThreadPoolExecutor

import pytest

from forum.markup import cook, excerpt, sanitise
from tests.markup_helpers import FakeContext, elements, parse_strict, text_of

REL = "nofollow ugc noopener"


def html(raw: str) -> str:
    return cook(raw, FakeContext()).html


def test_commonmark_basics():
    out = html("Hei *maailma* ja **kaikki**.\n\n1. yksi\n2. kaksi\n\n- a\n- b\n\n`koodi`")
    assert "<em>maailma</em>" in out
    assert "<strong>kaikki</strong>" in out
    assert [text_of(li) for li in elements(out, "li")] == ["yksi", "kaksi", "a", "b"]
    assert "<code>koodi</code>" in out


def test_ordered_list_keeps_its_start():
    assert '<ol start="3">' in html("3. kolmas\n4. neljäs")


def test_fenced_code_keeps_its_language_and_escapes_its_content():
    out = html("```python\nif a < b:\n    print('<b>')\n```")
    (code,) = elements(out, "code")
    assert code.get("class") == "language-python"
    assert text_of(code) == "if a < b:\n    print('<b>')\n"


def test_table_with_alignment_as_classes_not_styles():
    out = html("| Alue | Määrä |\n|:---|---:|\n| Kainuu | 3 |")
    assert [c.get("class") for c in elements(out, "th")] == ["text-left", "text-right"]
    assert [text_of(c) for c in elements(out, "td")] == ["Kainuu", "3"]
    assert len(elements(out, "thead")) == len(elements(out, "tbody")) == 1
    assert "style" not in out


def test_strikethrough():
    assert "<s>vanha</s>" in html("~~vanha~~ uusi")


def test_raw_html_is_shown_as_text():
    out = html('<b>lihava</b> <div class="x">lohko</div>\n\n<p onclick="x">kappale</p>')
    assert [e.tag for e in elements(out)] == ["p", "p"]
    assert "&lt;b&gt;lihava&lt;/b&gt;" in out
    assert "&lt;p onclick=" in out


@pytest.mark.parametrize(
    ("raw", "tag"),
    [
        ("# Yksi", "h3"),
        ("## Kaksi", "h4"),
        ("### Kolme", "h5"),
        ("#### Neljä", "h6"),
        ("###### Kuusi", "h6"),
        ("Setext\n======", "h3"),
        ("Setext\n------", "h4"),
    ],
)
def test_headings_are_shifted_below_the_page_headings(raw: str, tag: str):
    (heading,) = [e for e in elements(html(raw)) if e.tag.startswith("h")]
    assert heading.tag == tag


def test_links_get_rel_and_keep_their_title():
    (link,) = elements(html('[Innokylä](https://innokyla.fi "Innokylä")'), "a")
    assert link.get("href") == "https://innokyla.fi"
    assert link.get("rel") == REL
    assert link.get("title") == "Innokylä"


@pytest.mark.parametrize(
    ("raw", "href"),
    [
        ("katso https://innokyla.fi/fi/toimintamalli", "https://innokyla.fi/fi/toimintamalli"),
        ("katso www.thl.fi tästä", "http://www.thl.fi"),
        ("katso <https://stea.fi>", "https://stea.fi"),
        ("kirjoita aino@example.org", "mailto:aino@example.org"),
    ],
)
def test_autolinks(raw: str, href: str):
    (link,) = elements(html(raw), "a")
    assert link.get("href") == href
    assert link.get("rel") == REL


def test_relative_and_data_images_stay_images():
    pixel = "data:image/png;base64,iVBORw0KGgo="
    out = html(f"![Kartta](/uploads/kartta.png) ![Piste]({pixel})")
    first, second = elements(out, "img")
    assert (first.get("src"), first.get("alt"), first.get("loading")) == (
        "/uploads/kartta.png",
        "Kartta",
        "lazy",
    )
    assert (second.get("src"), second.get("alt")) == (pixel, "Piste")


@pytest.mark.parametrize(
    "src",
    ["https://cdn.example.org/kuva.png", "http://example.org/a.png", "//example.org/a.png"],
)
def test_an_image_from_another_host_becomes_a_link(src: str):
    out = html(f"![Kartta]({src})")
    assert not elements(out, "img")
    (link,) = elements(out, "a")
    assert (link.get("href"), text_of(link), link.get("rel")) == (src, "Kartta", REL)


def test_a_remote_image_without_alt_text_is_labelled_by_its_address():
    (link,) = elements(html("![](https://example.org/a.png)"), "a")
    assert text_of(link) == "https://example.org/a.png"


def test_a_remote_image_inside_a_link_becomes_its_alt_text():
    out = html("[![Logo](https://example.org/logo.png)](https://example.org)")
    (link,) = elements(out, "a")
    assert not elements(out, "img")
    assert (link.get("href"), text_of(link)) == ("https://example.org", "Logo")


def test_only_raster_data_images_are_allowed():
    out = html("![x](data:image/svg+xml;base64,PHN2Zz4=) ![y](data:image/gif;base64,R0lGOD=)")
    (img,) = elements(out, "img")
    assert img.get("alt") == "y"


def test_finnish_and_swedish_text_is_untouched():
    raw = "Äänestys, öljy ja Åbo – sää på svenska: ÅÄÖ åäö «lainaus» €"
    assert text_of(elements(html(raw), "p")[0]) == raw


def test_output_is_nfc_even_when_the_input_is_not():
    decomposed = unicodedata.normalize("NFD", "Pääkaupunkiseutu ja Åland")
    assert decomposed != "Pääkaupunkiseutu ja Åland"
    out = html(decomposed)
    assert "Pääkaupunkiseutu ja Åland" in out
    assert unicodedata.is_normalized("NFC", out)


def test_windows_line_breaks_are_ordinary_line_breaks():
    assert html("rivi\r\n\r\n- a\r\n- b") == html("rivi\n\n- a\n- b")


def test_cooking_something_other_than_text_is_a_clear_error():
    with pytest.raises(TypeError, match="needs text"):
        cook(b"bytes")  # type: ignore[arg-type]


def test_cooking_in_several_threads_at_once_gives_the_same_html():
    expected = html(SAMPLE)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: html(SAMPLE), range(200)))
    assert set(results) == {expected}


def test_nul_characters_do_not_reach_the_output():
    assert "\x00" not in html("a\x00b")


SAMPLE = """# Aluekehittäjien tapaaminen

Hei @aino ja @weavers! Tässä **muistio** ja linkki https://innokyla.fi.

[quote="matti-k, post:2, topic:7"]
Ehdotin *kehittämisklinikkaa*.
[/quote]

| Päivä | Paikka |
|---|---|
| ti | Kajaani |

1. Avaus
2. ~~Tauko~~ Keskustelu

![Kartta](/uploads/kartta.png)

```
koodi < 3
```
"""


def test_cooking_is_stable():
    assert cook(SAMPLE, FakeContext()) == cook(SAMPLE, FakeContext())


def test_sanitising_cooked_html_changes_nothing():
    out = html(SAMPLE)
    assert sanitise(out) == out


def test_output_is_valid_html():
    parse_strict(html(SAMPLE))


def test_cooking_without_a_context_looks_nothing_up():
    cooked = cook('Hei @aino\n\n[quote="aino, post:3, topic:12"]\nx\n[/quote]')
    assert [a.get("href") for a in elements(cooked.html, "a")] == ["/t/12#p3"]
    assert cooked.mentions == frozenset()


def test_excerpt_is_plain_text_of_the_post_without_its_quotes():
    cooked = html(SAMPLE)
    text = excerpt(cooked)
    assert text.startswith("Aluekehittäjien tapaaminen Hei @aino ja @weavers! Tässä muistio")
    assert "kehittämisklinikkaa" not in text
    assert "<" not in text.replace("koodi < 3", "")
    assert "Kartta" in text


def test_the_excerpt_of_a_post_that_only_quotes_is_the_quote():
    cooked = html('[quote="aino, post:3, topic:12"]\nVain *lainaus*.\n[/quote]')
    assert excerpt(cooked) == "Vain lainaus."


def test_excerpt_unescapes_entities_and_keeps_words_apart():
    assert excerpt("<p>a &lt;b&gt; &amp; c</p><ul><li>yksi</li><li>kaksi</li></ul>") == (
        "a <b> & c yksi kaksi"
    )


@pytest.mark.parametrize("length", [20, 45, 100])
def test_a_long_excerpt_is_cut_at_a_word_and_marked(length: int):
    text = excerpt(html("Sosiaalisten innovaatioiden osaamiskeskus kokoaa alueiden " * 5), length)
    assert len(text) <= length
    assert text.endswith("…")
    words = text[:-1].split()
    assert all(
        w in {"Sosiaalisten", "innovaatioiden", "osaamiskeskus", "kokoaa", "alueiden"}
        for w in words
    )


def test_a_single_long_word_is_cut_inside_the_word():
    assert excerpt("<p>" + "a" * 50 + "</p>", 10) == "a" * 9 + "…"


def test_excerpt_refuses_a_length_below_one():
    with pytest.raises(ValueError, match="positive"):
        excerpt("<p>x</p>", 0)


@pytest.mark.parametrize(
    "raw",
    [
        "[quote]\n" * 5000,
        '[quote="aino, post:1, topic:1"]\n' * 3000 + "[/quote]\n",
        "> " * 5000 + "x",
        "@" * 20000,
        "[" * 20000,
        "*a " * 10000,
        "| a " * 3000 + "|\n|" + "---|" * 3000,
    ],
    ids=["openers", "nested-openers", "blockquotes", "ats", "brackets", "emphasis", "table"],
)
def test_pathological_input_cooks_in_reasonable_time(raw: str):
    start = time.perf_counter()
    cook(raw, FakeContext())
    assert time.perf_counter() - start < 5
