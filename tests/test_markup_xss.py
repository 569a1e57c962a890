"""Known attack vectors through cook() and sanitise(), judged by parsing the output.

The output is parsed the way a browser parses it (html5lib) and every element and attribute
is checked against what may run nothing: a short list of harmless tags, no event handlers or
styles, and URLs whose scheme is http, https, mailto or none (plus raster data: images). The
URL check here is written independently of forum.markup's own.
"""

from __future__ import annotations

import re

import bleach
import pytest

from forum.markup import _parser as markup_parser
from forum.markup import cook, sanitise
from tests.markup_helpers import FakeContext, parse, parse_strict

SAFE_TAGS = {
    "a", "abbr", "aside", "b", "blockquote", "br", "code", "del", "div", "em", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "ins", "kbd", "li", "ol", "p", "pre", "s", "strong", "sub", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
SAFE_ATTRIBUTES = {"href", "src", "alt", "title", "class", "rel", "loading", "start"}
SAFE_CLASSES = {
    "mention", "mention-group", "quote", "quote-title", "text-left", "text-center", "text-right",
}  # fmt: skip
DATA_IMAGE = re.compile(r"data:image/(png|gif|jpeg|webp);base64,[A-Za-z0-9+/]*=*")

HTML_VECTORS = [
    "<script>alert(1)</script>",
    "<SCRIPT>alert(1)</SCRIPT>",
    "<ScRiPt>alert(1)</sCrIpT>",
    "<script src=https://evil.example/x.js></script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>script>alert(1)<</script>/script>",
    "<script\x00>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<img src=javascript:alert(1)>",
    '<img src="x" ONERROR="alert(1)">',
    "<img/src=x/onerror=alert(1)>",
    "<body onload=alert(1)>",
    '<div onmouseover="alert(1)">x</div>',
    '<a href="#" onclick="alert(1)">x</a>',
    "<p onclick=alert(1)//>x</p>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="javascript:123">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="\x01javascript:alert(1)">x</a>',
    '<a href="jav\tascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="jav&#x0A;ascript:alert(1)">x</a>',
    '<a href="jav&#x0D;ascript:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105'
    '&#0000112&#0000116&#0000058alert(1)">x</a>',
    '<a href="&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A;alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="java\u200bscript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="data:image/png;base64,iVBORw0KGgo=">x</a>',
    '<a href="file:///etc/passwd">x</a>',
    '<a href="feed:javascript:alert(1)">x</a>',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></math>",
    '<math href="javascript:alert(1)">x</math>',
    "<math><maction actiontype=statusline xlink:href=javascript:alert(1)>x</maction></math>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<div style="width: expression(alert(1))">x</div>',
    '<p STYLE="behavior: url(x.htc)">x</p>',
    "<style>@import 'https://evil.example/x.css';</style>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="https://evil.example/x.swf">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    '<button formaction="javascript:alert(1)">x</button>',
    "<input onfocus=alert(1) autofocus>",
    '<base href="javascript:alert(1)//">',
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    "<![CDATA[<script>alert(1)</script>]]>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<template><script>alert(1)</script></template>",
    "<textarea></textarea><script>alert(1)</script>",
    "<title><img src=x onerror=alert(1)></title>",
    '<a href="https://ok.example" target="_blank" id="x" name="y">x</a>',
    '<img src="/ok.png" srcset="https://evil.example/x.png 2x" usemap="#m">',
    '<aside class="quote evil" data-x="1"><div class="evil">x</div></aside>',
    '<code class="language-python onload">x</code>',
    '<h1>otsikko</h1><h2 id="top">x</h2>',
    "<isindex type=image src=1 onerror=alert(1)>",
    "<xss onafterscriptexecute=alert(1)><script>1</script>",
    '<a href="java&#115;cript:alert(1)">x</a>',
    '<a href="//evil.example/%0Ajavascript:alert(1)">x</a>',
]

MARKDOWN_VECTORS = [
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](javascript:123)",
    "[x](javascript&#58;alert(1))",
    "[x](&#x6A;avascript:alert(1))",
    "[x](&#106;avascript&colon;alert(1))",
    "[x](java%0ascript:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x](<java script:alert(1)>)",
    "[x]( javascript:alert(1) )",
    "[x](\\javascript:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](data:image/svg+xml;base64,PHN2Zy8+)",
    "[x](file:///etc/passwd)",
    '[x](/a "t\\" onmouseover=\\"alert(1)")',
    '[x](https://a.example/"onmouseover="alert(1))',
    "[x][r]\n\n[r]: javascript:alert(1)",
    "[x][r]\n\n[r]: <javascript:alert(1)> 'title'",
    "![x](javascript:alert(1))",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "![x](data:text/html,<script>alert(1)</script>)",
    '![x" onerror="alert(1)](/a.png)',
    '![x](/a.png" onerror="alert(1))',
    "![x](https://evil.example/track.png)",
    "![x](//evil.example/track.png)",
    "![x](\\\\evil.example/track.png)",
    "![x](/\\evil.example/track.png)",
    "[![x](https://evil.example/x.png)](javascript:alert(1))",
    "<javascript:alert(1)>",
    "<JAVASCRIPT:alert(1)>",
    "<vbscript:msgbox(1)>",
    "<data:text/html,<script>alert(1)</script>>",
    "javascript:alert(1)",
    "www.example.org/<script>alert(1)</script>",
    'https://example.org/"><script>alert(1)</script>',
    "https://example.org/<img src=x onerror=alert(1)>",
    '<https://example.org/"onmouseover="alert(1)>',
    "`<script>alert(1)</script>`",
    "```html\n<script>alert(1)</script>\n```",
    '```" onmouseover="alert(1)\nx\n```',
    "```javascript:alert(1)\nx\n```",
    "| <script>alert(1)</script> |\n|---|\n| <img src=x onerror=alert(1)> |",
    "# <img src=x onerror=alert(1)>",
    "~~<script>alert(1)</script>~~",
    '[quote="aino\\"><script>alert(1)</script>, post:1, topic:2"]\nx\n[/quote]',
    '[quote="<img src=x onerror=alert(1)>, post:1, topic:1"]\nx\n[/quote]',
    '[quote="javascript:alert(1), post:1, topic:1"]\nx\n[/quote]',
    '[quote="aino, post:1, topic:1"]\n<script>alert(1)</script>\n[/quote]',
    '[quote="aino, post:1, topic:1"]\n[x](javascript:alert(1))\n[/quote]',
    "[quote]\n[quote]\n<img src=x onerror=alert(1)>\n[/quote]",
    '[quote="aino, post:1, topic:1"]\n[/quote]<script>alert(1)</script>\n[/quote]',
    "[quote]\n```\n[/quote]\n<script>alert(1)</script>\n```\n[/quote]",
    '[quote="aino, post:1, topic:1" onmouseover="alert(1)"]\nx\n[/quote]',
    "@aino<script>alert(1)</script>",
    '@aino"><img src=x onerror=alert(1)>',
    "@aino<img src=x onerror=alert(1)>",
    "[@aino](javascript:alert(1))",
    "@<script>alert(1)</script>",
    "@javascript:alert(1)",
    "**@aino** `@aino` [@aino](https://example.org)",
    "\x00<script>alert(1)</script>",
    "\u202e<script>alert(1)</script>",
    "＜script＞alert(1)＜/script＞",
]


def scheme(url: str) -> str | None:
    """The scheme a browser would read from an attribute value, or None for a relative URL."""
    cleaned = re.sub(r"[\x00-\x20\x7f-\xa0\u200b-\u200f\ufeff]", "", url).lower()
    head = re.split(r"[/?#\\]", cleaned, maxsplit=1)[0]
    return head.split(":", 1)[0] if ":" in head else None


def problems(html: str) -> list[str]:
    """Everything in ``html`` that could run, style, frame, submit or fetch from elsewhere."""
    found = []
    root = parse(html)
    for element in root.iter():
        if element is root:
            continue
        tag = element.tag
        if tag not in SAFE_TAGS:
            found.append(f"tag {tag}")
        for name, value in element.attrib.items():
            if name not in SAFE_ATTRIBUTES:
                found.append(f"attribute {name} on {tag}")
            elif name == "class" and not (
                re.fullmatch(r"language-[\w+#.-]+", value)
                if tag == "code"
                else value in SAFE_CLASSES
            ):
                found.append(f"class {value!r} on {tag}")
        href, src = element.get("href"), element.get("src")
        if href is not None and scheme(href) not in (None, "http", "https", "mailto"):
            found.append(f"href {href!r}")
        if src is not None:
            if tag != "img":
                found.append(f"src on {tag}")
            elif scheme(src) == "data":
                if not DATA_IMAGE.fullmatch(src.strip()):
                    found.append(f"data src {src!r}")
            elif scheme(src) is not None or src.replace("\\", "/").lstrip().startswith("//"):
                found.append(f"third-party image {src!r}")
        if tag == "a" and element.get("rel") != "nofollow ugc noopener":
            found.append(f"link without rel: {element.attrib}")
    return found


def test_the_checker_finds_what_it_looks_for():
    """Without sanitising, the checker flags the vectors: it can fail."""
    unflagged = [vector for vector in HTML_VECTORS if not problems(vector)]
    # Harmless as they stand: a body tag is dropped in a fragment, and without quotes the
    # slash-separated "onerror" is part of the (relative) src.
    assert unflagged == ["<img/src=x/onerror=alert(1)>", "<body onload=alert(1)>"]
    assert problems('<a href="javascript:123" rel="nofollow ugc noopener">x</a>')
    assert problems('<img src="https://evil.example/x.png">')
    assert problems('<p><svg onload="alert(1)"></svg></p>')
    assert not problems('<p><a href="/t/1#p2" rel="nofollow ugc noopener">x</a></p>')


def test_bleach_alone_lets_a_scheme_with_only_digits_through():
    """The gap sanitise() closes: bleach's own check takes "javascript:123" as host:port."""
    assert 'href="javascript:123"' in bleach.clean('<a href="javascript:123">x</a>')
    assert "href" not in sanitise('<a href="javascript:123">x</a>')


@pytest.mark.parametrize("vector", HTML_VECTORS + MARKDOWN_VECTORS)
def test_cooked_vectors_are_harmless_and_valid(vector: str):
    html = cook(vector, FakeContext()).html
    assert problems(html) == []
    parse_strict(html)


@pytest.mark.parametrize("vector", HTML_VECTORS + MARKDOWN_VECTORS)
def test_sanitised_vectors_are_harmless(vector: str):
    assert problems(sanitise(vector)) == []


@pytest.mark.parametrize("vector", MARKDOWN_VECTORS)
def test_the_sanitiser_holds_even_if_markdown_let_every_link_through(
    vector: str, monkeypatch: pytest.MonkeyPatch
):
    """markdown-it refuses javascript: links itself; the sanitiser must not rely on that."""
    monkeypatch.setattr(markup_parser(), "validateLink", lambda url: True)
    assert problems(cook(vector, FakeContext()).html) == []


def test_turning_off_markdown_link_checks_does_reach_the_sanitiser(
    monkeypatch: pytest.MonkeyPatch,
):
    monkeypatch.setattr(markup_parser(), "validateLink", lambda url: True)
    rendered = markup_parser().render("[x](javascript:alert(1))")
    assert 'href="javascript:alert(1)"' in rendered
    assert "href" not in cook("[x](javascript:alert(1))").html


@pytest.mark.parametrize("vector", HTML_VECTORS[:20] + MARKDOWN_VECTORS)
def test_vectors_inside_quotes_and_lists_are_harmless(vector: str):
    raw = f'[quote="aino, post:1, topic:1"]\n- {vector}\n\n> {vector}\n[/quote]'
    assert problems(cook(raw, FakeContext()).html) == []


@pytest.mark.parametrize(
    "bad_url",
    ["javascript:alert(1)", "javascript:123", 'x" onmouseover="alert(1)', "data:text/html,x"],
)
def test_a_hostile_context_cannot_inject_through_its_urls(bad_url: str):
    class Hostile(FakeContext):
        def user_url(self, username: str) -> str:
            return bad_url

        def group_url(self, name: str) -> str:
            return bad_url

        def post_url(self, topic_id: int, post_number: int) -> str:
            return bad_url

    raw = '@aino @weavers\n\n[quote="aino, post:1, topic:1"]\nx\n[/quote]'
    html = cook(raw, Hostile()).html
    assert problems(html) == []
    assert "onmouseover=" not in html.replace("onmouseover=&quot;", "")


def test_allowed_things_survive_sanitising():
    html = sanitise(
        '<p><a href="https://example.org/a?b=1#c" title="t">x</a> <a href="mailto:a@b.fi">m</a> '
        '<a href="/t/1#p2" class="mention">@aino</a> <img src="/u/a.png" alt="a"></p>'
        '<ol start="2"><li><code class="language-python">x</code></li></ol>'
    )
    assert problems(html) == []
    for kept in (
        'href="https://example.org/a?b=1#c"',
        'href="mailto:a@b.fi"',
        'class="mention"',
        'loading="lazy"',
        'start="2"',
        'class="language-python"',
        'title="t"',
    ):
        assert kept in html


def test_disallowed_tags_are_removed_not_shown():
    assert sanitise("<h1>Otsikko</h1><span>teksti</span>") == "Otsikkoteksti"
