"""The one HTML allow-list of the forum.

Everything that reaches a page as HTML written by people (cooked posts, and any other HTML a
feature or plugin accepts) goes through :func:`sanitise`. bleach parses the HTML the way a
browser does (html5lib) and keeps only the tags, attributes and URLs listed here; a filter then
gives every link its ``rel`` and turns images from other hosts into links, because the forum's
Content-Security-Policy allows images only from itself and ``data:``, and the forum makes no
third-party requests on its readers' behalf.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator, Mapping

from bleach.html5lib_shim import Filter
from bleach.sanitizer import Cleaner

ALLOWED_TAGS = frozenset(
    {
        "a",
        "abbr",
        "aside",
        "b",
        "blockquote",
        "br",
        "code",
        "del",
        "div",
        "em",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "ins",
        "kbd",
        "li",
        "ol",
        "p",
        "pre",
        "s",
        "strong",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    }
)

# Attributes without URLs, per tag. ``class`` and URLs are checked separately below.
PLAIN_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"title"}),
    "abbr": frozenset({"title"}),
    "img": frozenset({"alt", "title"}),
    "ol": frozenset({"start"}),
}
URL_ATTRIBUTES: dict[str, str] = {"a": "href", "img": "src"}

ALIGN_CLASSES = frozenset({"text-left", "text-center", "text-right"})
ALLOWED_CLASSES: dict[str, frozenset[str]] = {
    "a": frozenset({"mention", "mention-group"}),
    "aside": frozenset({"quote"}),
    "div": frozenset({"quote-title"}),
    "th": ALIGN_CLASSES,
    "td": ALIGN_CLASSES,
}
CODE_CLASS_RE = re.compile(r"language-[a-z0-9_+#.-]{1,40}", re.IGNORECASE)

LINK_SCHEMES = frozenset({"http", "https", "mailto"})
IMAGE_SCHEMES = frozenset({"http", "https"})
DATA_IMAGE_RE = re.compile(r"data:image/(?:png|gif|jpeg|webp);base64,[a-z0-9+/]*={0,2}", re.I)
LINK_REL = "nofollow ugc noopener"

# Characters a browser ignores in a URL (C0 controls, space, tab, newlines) and other invisible
# or blank ones: removed before the scheme is read, so "java\tscript:" is seen as "javascript:".
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f-\xa0\s\u00ad\u200b-\u200f\u2028-\u202f\ufeff]+")
_URL_HEAD_END = re.compile(r"[/?#]")


def _normalised_url(value: str) -> str:
    return _IGNORED_IN_URL.sub("", value).replace("\\", "/")


def _scheme(url: str) -> str | None:
    """The scheme of a normalised URL, or None for a relative one.

    Any colon before the first "/", "?" or "#" counts as a scheme separator, whether or not
    the part before it is a well-formed scheme, so nothing odd passes as relative (bleach
    itself takes "javascript:123" for a host and port, and lets it through).
    """
    head = _URL_HEAD_END.split(url, maxsplit=1)[0]
    if ":" not in head:
        return None
    return head.split(":", 1)[0].lower()


def url_allowed(value: str, *, image: bool = False) -> bool:
    """Whether ``value`` may stand in a link's href (or, with ``image``, an image's src)."""
    url = _normalised_url(value)
    scheme = _scheme(url)
    if scheme is None:
        return True
    if image and scheme == "data":
        return DATA_IMAGE_RE.fullmatch(url) is not None
    return scheme in (IMAGE_SCHEMES if image else LINK_SCHEMES)


def is_local_image(src: str) -> bool:
    """A same-site (relative) or data: image, which the Content-Security-Policy allows."""
    url = _normalised_url(src)
    scheme = _scheme(url)
    if scheme is None:
        return not url.startswith("//")
    return scheme == "data" and DATA_IMAGE_RE.fullmatch(url) is not None


def _class_allowed(tag: str, value: str) -> bool:
    if tag == "code":
        return CODE_CLASS_RE.fullmatch(value) is not None
    return value in ALLOWED_CLASSES.get(tag, ())


def _allow_attribute(tag: str, name: str, value: str) -> bool:
    if URL_ATTRIBUTES.get(tag) == name:
        return url_allowed(value, image=tag == "img")
    if name == "class":
        return _class_allowed(tag, value)
    return name in PLAIN_ATTRIBUTES.get(tag, ())


def _attributes(tags: frozenset[str], extra: Mapping[str, frozenset[str]]) -> dict[str, object]:
    def allow(tag: str, name: str, value: str) -> bool:
        return _allow_attribute(tag, name, value) or name in extra.get(tag, ())

    return dict.fromkeys(ALLOWED_TAGS | tags, allow if extra else _allow_attribute)


def _plugin_additions() -> tuple[frozenset[str], Mapping[str, frozenset[str]]]:
    """Tags and plain attributes the enabled plugins add (forum_filter_markup_allowlist)."""
    from flask import has_app_context

    if not has_app_context():
        return frozenset(), {}
    from forum.plugins_core.calls import markup_additions

    return markup_additions()


class LinkAndImageFilter(Filter):
    """Runs after bleach's sanitiser: ``rel`` on links, lazy local images, other images as links.

    An image from another host becomes a link to it labelled with its alt text; inside a link
    (where a second link cannot go) it becomes its alt text alone.
    """

    def __iter__(self) -> Iterator[dict]:
        in_link = 0
        for token in super().__iter__():
            kind, name = token["type"], token.get("name")
            if name == "a" and kind == "StartTag":
                in_link += 1
                token["data"][(None, "rel")] = LINK_REL
            elif name == "a" and kind == "EndTag":
                in_link = max(0, in_link - 1)
            elif name == "img" and kind in ("EmptyTag", "StartTag"):
                yield from self._image(token, linked=in_link > 0)
                continue
            yield token

    @staticmethod
    def _image(token: dict, *, linked: bool) -> Iterator[dict]:
        attributes = token["data"]
        src = attributes.get((None, "src"), "")
        alt = attributes.get((None, "alt"), "")
        if src and is_local_image(src):
            attributes[(None, "loading")] = "lazy"
            yield token
        elif src and not linked:
            namespace = token.get("namespace")
            link = {(None, "href"): src, (None, "rel"): LINK_REL}
            yield {"type": "StartTag", "name": "a", "namespace": namespace, "data": link}
            yield {"type": "Characters", "data": alt or src}
            yield {"type": "EndTag", "name": "a", "namespace": namespace}
        elif alt:
            yield {"type": "Characters", "data": alt}


_local = threading.local()


def _cleaner() -> Cleaner:
    """One bleach Cleaner per thread (and set of plugin additions): a Cleaner holds parser
    state and is not thread-safe."""
    tags, attributes = _plugin_additions()
    key = (tags, tuple(sorted(attributes.items())))
    if not hasattr(_local, "cleaners"):
        _local.cleaners = {}
    cleaner = _local.cleaners.get(key)
    if cleaner is None:
        cleaner = _local.cleaners[key] = Cleaner(
            tags=ALLOWED_TAGS | tags,
            attributes=_attributes(tags, attributes),
            # bleach's own URL check runs after ours; "data" passes it only because
            # url_allowed has already limited data: to images of the four raster types.
            protocols=LINK_SCHEMES | {"data"},
            strip=True,
            strip_comments=True,
            filters=[LinkAndImageFilter],
        )
    return cleaner


def sanitise(html: str) -> str:
    """HTML reduced to the forum's allow-list; safe to put in a page as it is."""
    return _cleaner().clean(unicodedata.normalize("NFC", html))
