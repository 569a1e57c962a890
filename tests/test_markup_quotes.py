"""Quotes in Discourse's syntax, and the Markdown that quotes a post."""

from __future__ import annotations

import pytest

from forum.markup import QuoteRef, cook, quote_markdown
from tests.markup_helpers import FakeContext, elements, parse, text_of


def cooked(raw: str, context: FakeContext | None = None):
    return cook(raw, context or FakeContext())


def test_a_quote_is_an_aside_with_a_linked_title_and_a_blockquote():
    result = cooked('[quote="aino, post:3, topic:12"]\nHyvä **idea**.\n[/quote]')
    (aside,) = elements(result.html, "aside")
    assert aside.get("class") == "quote"
    title, blockquote = list(aside)
    assert (title.tag, title.get("class")) == ("div", "quote-title")
    (link,) = list(title)
    assert (link.get("href"), text_of(link)) == ("/t/12#p3", "aino")
    assert blockquote.tag == "blockquote"
    assert blockquote.find("p/strong").text == "idea"
    assert not [e for e in aside.iter() if e.tag in {"h1", "h2", "h3", "h4", "h5", "h6"}]
    assert result.quotes == (QuoteRef("aino", 12, 3),)


def test_the_title_links_through_the_context():
    result = cooked('[quote="aino, post:3, topic:12"]\nx\n[/quote]', FakeContext(url_prefix="/f"))
    (link,) = elements(result.html, "a")
    assert link.get("href") == "/f/t/12#p3"


def test_quotes_nest_and_are_listed_in_order():
    raw = (
        '[quote="aino, post:3, topic:12"]\n'
        "Ulompi.\n\n"
        '[quote="Matti-K, post:1, topic:12"]\n'
        "Sisempi.\n"
        "[/quote]\n"
        "[/quote]\n\n"
        'Oma vastaus.\n\n[quote="aino, post:5, topic:9"]\nToinen.\n[/quote]'
    )
    result = cooked(raw)
    root = parse(result.html)
    outer, second = root.findall("aside")
    (inner,) = outer.findall("blockquote/aside")
    assert text_of(inner.find("blockquote")).strip() == "Sisempi."
    assert text_of(outer.find("blockquote/p")) == "Ulompi."
    assert text_of(second.find("blockquote")).strip() == "Toinen."
    assert result.quotes == (
        QuoteRef("aino", 12, 3),
        QuoteRef("matti-k", 12, 1),
        QuoteRef("aino", 9, 5),
    )


def test_a_quote_can_interrupt_a_paragraph_and_be_followed_by_text():
    result = cooked('Kuten sanottiin:\n[quote="aino, post:3, topic:12"]\nx\n[/quote]\nJa sitten.')
    assert [e.tag for e in parse(result.html)] == ["p", "aside", "p"]


def test_a_quote_inside_a_list_item():
    raw = '- kohta\n\n  [quote="aino, post:3, topic:12"]\n  lainaus\n  [/quote]\n- toinen'
    result = cooked(raw)
    (aside,) = elements(result.html, "aside")
    assert text_of(aside.find("blockquote")).strip() == "lainaus"
    assert len(elements(result.html, "li")) == 2


def test_markers_are_case_insensitive_and_may_carry_full():
    result = cooked('[QUOTE="aino, topic:12, post:3, full:true"]\nx\n[/Quote]')
    assert result.quotes == (QuoteRef("aino", 12, 3),)


def test_an_anonymous_quote_has_no_title_and_no_reference():
    result = cooked("[quote]\nSananlasku.\n[/quote]")
    (aside,) = elements(result.html, "aside")
    assert [e.tag for e in aside] == ["blockquote"]
    assert result.quotes == ()


def test_a_quote_of_a_name_alone_has_an_unlinked_title():
    result = cooked('[quote="aino"]\nx\n[/quote]')
    (aside,) = elements(result.html, "aside")
    assert text_of(aside.find("div")) == "aino"
    assert not elements(result.html, "a")
    assert result.quotes == ()


@pytest.mark.parametrize(
    "raw",
    [
        '[quote="aino, post:3, topic:12"]\nei loppua',
        "ei alkua\n[/quote]",
        "[quote=aino]\nx\n[/quote]",
        '[quote="aino, post:x, topic:12"]\nx\n[/quote]',
        '[quote="aino, post:3"]\nx\n[/quote]',
        '[quote="aino, post:0, topic:12"]\nx\n[/quote]',
        '[quote="aino, post:3, topic:99999999999"]\nx\n[/quote]',
        '[quote="aino, post:3, post:4, topic:12"]\nx\n[/quote]',
        '[quote="aino, colour:red"]\nx\n[/quote]',
        '[quote="aino virtanen, post:3, topic:12"]\nx\n[/quote]',
        '[quote=""]\nx\n[/quote]',
        '[quote="aino, post:3, topic:12"] ja tekstiä\nx\n[/quote]',
        '[quote="aino, post:3, topic:12"]x[/quote]',
    ],
)
def test_malformed_markers_stay_literal_text(raw: str):
    result = cooked(raw)
    assert not elements(result.html, "aside")
    assert result.quotes == ()
    shown = text_of(parse(result.html))
    assert "[quote" in shown or "[/quote]" in shown


def test_an_unclosed_inner_quote_leaves_the_outer_one_unclosed_too():
    raw = '[quote="aino, post:1, topic:1"]\n[quote="aino, post:2, topic:1"]\nx\n[/quote]'
    result = cooked(raw)
    assert len(elements(result.html, "aside")) == 1
    assert result.quotes == (QuoteRef("aino", 1, 2),)
    assert '[quote="aino, post:1, topic:1"]' in text_of(parse(result.html))


def test_markers_inside_code_are_code():
    fenced = cooked('```\n[quote="aino, post:3, topic:12"]\nx\n[/quote]\n```')
    indented = cooked('    [quote="aino, post:3, topic:12"]\n    x\n    [/quote]')
    for result in (fenced, indented):
        assert not elements(result.html, "aside")
        assert "[/quote]" in text_of(elements(result.html, "code")[0])


def test_a_closing_marker_inside_quoted_code_does_not_close_the_quote():
    raw = '[quote="aino, post:3, topic:12"]\n```\n[/quote]\n```\njälkeen\n[/quote]'
    (aside,) = elements(cooked(raw).html, "aside")
    assert text_of(aside.find("blockquote/pre/code")) == "[/quote]\n"
    assert text_of(aside.find("blockquote/p")) == "jälkeen"


def test_quote_markdown_round_trips():
    raw = quote_markdown("Aino", 12, 3, "Hyvä **idea**.\n")
    assert raw == '[quote="aino, post:3, topic:12"]\nHyvä **idea**.\n[/quote]\n'
    result = cooked(raw)
    assert result.quotes == (QuoteRef("aino", 12, 3),)
    assert elements(result.html, "strong")[0].text == "idea"


def test_quoting_a_post_that_quotes_keeps_the_nesting():
    inner = quote_markdown("matti-k", 12, 1, "Alkuperäinen.")
    result = cooked(quote_markdown("aino", 12, 3, inner + "\nVastaus."))
    assert result.quotes == (QuoteRef("aino", 12, 3), QuoteRef("matti-k", 12, 1))
    assert len(parse(result.html).findall("aside/blockquote/aside")) == 1


def test_quoting_text_with_stray_markers_cannot_break_out_of_the_quote():
    original = "Alku\n[/quote]\n[quote]\nLoppu"
    raw = quote_markdown("aino", 12, 3, original) + "\nOma teksti."
    result = cooked(raw)
    (aside,) = elements(result.html, "aside")
    quoted = text_of(aside.find("blockquote"))
    assert "[/quote]" in quoted
    assert "[quote]" in quoted
    assert "Loppu" in quoted
    assert text_of(parse(result.html).findall("p")[-1]) == "Oma teksti."


def test_stray_markers_inside_code_are_left_as_they_are():
    raw = quote_markdown("aino", 1, 1, "```\n[/quote]\n```")
    assert "```\n[/quote]\n```" in raw
    (aside,) = elements(cooked(raw).html, "aside")
    assert text_of(aside.find("blockquote/pre/code")) == "[/quote]\n"


@pytest.mark.parametrize(
    ("username", "topic_id", "post_number"),
    [("aino virtanen", 1, 1), ('aino"]', 1, 1), ("", 1, 1), ("aino", 0, 1), ("aino", 1, -1)],
)
def test_quote_markdown_refuses_what_it_cannot_write(username, topic_id, post_number):
    with pytest.raises(ValueError, match=r"username|positive"):
        quote_markdown(username, topic_id, post_number, "x")
