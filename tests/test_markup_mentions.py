"""@mentions of users and groups."""

from __future__ import annotations

import pytest

from forum.markup import cook
from tests.markup_helpers import FakeContext, elements, text_of


def links(html: str) -> list[tuple[str | None, str | None, str]]:
    return [(a.get("class"), a.get("href"), text_of(a)) for a in elements(html, "a")]


def test_an_existing_user_is_linked_and_reported():
    result = cook("Kiitos @aino!", FakeContext())
    assert links(result.html) == [("mention", "/u/aino", "@aino")]
    assert result.mentions == frozenset({"aino"})
    assert result.group_mentions == frozenset()


def test_an_existing_group_is_linked_and_reported():
    result = cook("Kysytään @weavers.", FakeContext())
    assert links(result.html) == [("mention-group", "/g/weavers", "@weavers")]
    assert result.group_mentions == frozenset({"weavers"})
    assert result.mentions == frozenset()


def test_unknown_names_stay_text():
    result = cook("Hei @tuntematon ja @aino", FakeContext())
    assert links(result.html) == [("mention", "/u/aino", "@aino")]
    assert "@tuntematon" in result.html
    assert result.mentions == frozenset({"aino"})


def test_mentions_are_case_insensitive_and_keep_the_writing():
    result = cook("@Aino ja @WEAVERS", FakeContext())
    assert links(result.html) == [
        ("mention", "/u/aino", "@Aino"),
        ("mention-group", "/g/weavers", "@WEAVERS"),
    ]
    assert result.mentions == frozenset({"aino"})


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("@aino.virtanen kirjoitti", {"aino.virtanen"}),
        ("@matti-k: hei", {"matti-k"}),
        ("viestin lopussa @aino.", {"aino"}),
        ("(@aino)", {"aino"}),
        ("@aino, @matti-k ja @aino", {"aino", "matti-k"}),
        ("@aino- ja @matti-k-", {"aino", "matti-k"}),
        ("@ainö", set()),
        ("@aino_", set()),
        ("x@aino", set()),
        ("@@aino", set()),
        ("@" + "a" * 31, set()),
    ],
)
def test_username_pattern(raw: str, expected: set[str]):
    assert cook(raw, FakeContext(users={"aino", "aino.virtanen", "matti-k"})).mentions == expected


def test_a_name_both_user_and_group_means_the_user():
    result = cook("@both", FakeContext())
    assert links(result.html) == [("mention", "/u/both", "@both")]
    assert result.group_mentions == frozenset()


@pytest.mark.parametrize(
    "raw",
    [
        "`@aino`",
        "```\n@aino\n```",
        "    @aino",
        "[@aino](https://example.org)",
        "<https://example.org/@aino>",
        "https://example.org/@aino",
        "![@aino](/kuva.png)",
        "aino@example.org",
        "kirjoita aino@weavers.fi",
    ],
)
def test_no_mentions_in_code_links_images_or_addresses(raw: str):
    result = cook(raw, FakeContext())
    assert result.mentions == frozenset()
    assert result.group_mentions == frozenset()
    assert not [a for a in elements(result.html, "a") if a.get("class")]


def test_a_mention_inside_a_quote_is_linked_but_not_reported():
    raw = '[quote="matti-k, post:1, topic:2"]\nKysy @aino ja @weavers\n[/quote]\n\nKiitos @matti-k'
    result = cook(raw, FakeContext())
    assert [c for c, _, _ in links(result.html)] == [
        None,
        "mention",
        "mention-group",
        "mention",
    ]
    assert result.mentions == frozenset({"matti-k"})
    assert result.group_mentions == frozenset()


def test_mentions_in_emphasis_headings_lists_and_tables():
    raw = "# @aino\n\n*@aino*\n\n- @weavers\n\n| a |\n|---|\n| @matti-k |"
    result = cook(raw, FakeContext())
    assert [c for c, _, _ in links(result.html)] == ["mention"] * 2 + ["mention-group", "mention"]


def test_names_are_looked_up_once_per_cooking():
    context = FakeContext()
    cook("@aino @Aino @weavers @matti-k @ghost " * 20, context)
    assert context.user_lookups == [{"aino", "weavers", "matti-k", "ghost"}]
    assert context.group_lookups == [{"weavers", "ghost"}]


def test_nothing_is_looked_up_without_candidates():
    context = FakeContext()
    cook("Ei mainintoja, vain aino@example.org ja `@koodi`", context)
    assert context.user_lookups == []
    assert context.group_lookups == []


def test_groups_are_not_looked_up_when_every_name_is_a_user():
    context = FakeContext()
    cook("@aino", context)
    assert context.group_lookups == []
