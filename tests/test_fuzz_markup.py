"""Property-based fuzzing of the Markdown pipeline: whatever text a person writes, cooking
never raises and nothing executable survives in the HTML."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forum.markup import cook
from tests.markup_helpers import FakeContext, parse
from tests.test_markup_xss import HTML_VECTORS, MARKDOWN_VECTORS, problems, scheme

# Pieces that, joined in any order, build the shapes attacks are made of.
PIECES = [
    "<", ">", "</", "/>", "<script>", "</script>", "<img src=x ", "onerror=", "onload=",
    "<a href=", "<svg", "<iframe", "<style>", "javascript:", "JaVaScRiPt:", "java\tscript:",
    "&#106;avascript:", "&#x6A;", "data:text/html,", "vbscript:", "alert(1)", "\"", "'", "`",
    "```", "~~~", "[", "]", "(", ")", "](", "![", "<http://", "<javascript:alert(1)>",
    "@aino", "@weavers", "> ", ">>", "\n", "\n\n", "    ", "*", "_", "**", "|", "|---|",
    "- ", "1. ", "# ", "[quote=\"aino, post:1, topic:2\"]", "[/quote]", "&", "&amp;", "&lt;",
    "\\", "\x00", "\u202e", "\u200b", "\ufeff", "＜script＞", "{{", "%",
]  # fmt: skip

markdown = st.one_of(
    st.text(max_size=200),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=40).map("".join),
    st.lists(st.sampled_from(HTML_VECTORS + MARKDOWN_VECTORS + PIECES), max_size=6).map("\n".join),
)

FUZZ = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(raw=markdown)
def test_cooking_never_raises_and_lets_nothing_executable_through(raw):
    html = cook(raw, FakeContext()).html
    assert "<script" not in html.lower()
    for element in parse(html).iter():
        assert element.tag != "script"
        assert not [name for name in element.attrib if name.lower().startswith("on")], html
        for url in (element.get("href"), element.get("src")):
            assert url is None or scheme(url) not in ("javascript", "vbscript"), html
    assert problems(html) == [], (raw, html)


@FUZZ
@given(raw=markdown)
def test_cooking_without_a_context_is_as_safe(raw):
    html = cook(raw).html
    assert problems(html) == [], (raw, html)
