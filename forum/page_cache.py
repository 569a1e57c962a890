"""The page cache: whole topic pages rendered for visitors who are not signed in, and each
post's article for everyone, kept in each worker process and served again while the site's
page version is unchanged.

How it stays correct:
- Only anonymous GETs with no flash message waiting use it; a signed-in person never does.
- A page is stored only after the view's access check let the visitor in, and served only
  under the same page version. What a visitor may read depends only on rows the version
  covers (spaces, their grants, the topic), so the check's answer cannot have changed; any
  change to them bumps the version and the next request runs the check again.
- The key holds everything else the HTML depends on: host, path and query string, language,
  time zone. Everything stored in the database (posts, reactions, topics, spaces and their
  permissions, plugins switched on, users' names, settings) is covered by the version: any
  transaction that writes a table a page can show bumps it (forum/actions/page_version.py),
  and the version is read with one small query at the start of the request, so every worker
  sees a change as soon as it is committed.
- The session's CSRF token is never stored: the rendered page keeps a per-process stand-in
  where the token was, and each response gets the visitor's own token in its place.
- A post's article is kept per reader standing (``cached_post``), not per page: a signed-in
  reader gets the rest of the page rendered for them.
- A visitor who sends no cookie, or only a session holding nothing but their CSRF token, is
  answered with the stored page by the WSGI layer in front of Flask
  (forum/page_cache_front.py), under the same version check.
- Both are bounded in bytes (PAGE_CACHE_MB per worker, half each; 0 switches them off), least
  recently used first.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, Response, current_app, g, request, session
from flask_babel import get_timezone
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from forum.i18n import current_language
from forum.models import Topic
from forum.models.page_version import read_version
from forum.plugins_core.calls import run_hook
from forum.queries.posts import PostView

_EXTENSION = "forum_page_cache"
_FRAGMENTS = "forum_post_fragments"
_READER = "forum_post_reader"
# Put in the WSGI environ by AnonymousPage.store: (cache key, version) of the page it stored,
# for the front (forum/page_cache_front.py) to answer the same request with next time.
STORED = "forum.page_cache.stored"
# Where the plugins' post footer goes in a stored post; random per process, and no cooked post
# keeps an HTML comment.
_FOOTER_STAND_IN = f"<!--post-footer-{secrets.token_hex(12)}-->"
_FOOTER = Markup(_FOOTER_STAND_IN)  # noqa: S704 - a constant of our own


@dataclass(frozen=True)
class _Entry:
    version: int
    body: bytes
    has_token: bool


class PageCache:
    """Rendered pages by key, bounded by their total size, least recently used out first."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        # Stands where the visitor's CSRF token goes; random per process, so no post can
        # contain it on purpose.
        self.token_stand_in = secrets.token_hex(24).encode()
        self._entries: OrderedDict[tuple, _Entry] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: tuple, version: int) -> _Entry | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry.version != version:
                self._drop(key)
                return None
            self._entries.move_to_end(key)
            return entry

    def put(self, key: tuple, entry: _Entry) -> None:
        if len(entry.body) > self.max_bytes:
            return
        with self._lock:
            if key in self._entries:
                self._drop(key)
            self._entries[key] = entry
            self.size += len(entry.body)
            while self.size > self.max_bytes:
                self._drop(next(iter(self._entries)))

    def _drop(self, key: tuple) -> None:
        self.size -= len(self._entries.pop(key).body)


def init_app(app: Flask) -> None:
    from forum.actions import page_version  # noqa: F401 - registers the version bump
    from forum.page_cache_front import PageCacheFront

    megabytes = float(app.config["PAGE_CACHE_MB"])
    if megabytes > 0:
        half = int(megabytes * 1024 * 1024 / 2)
        app.extensions[_EXTENSION] = PageCache(half)
        app.extensions[_FRAGMENTS] = PageCache(half)
        app.wsgi_app = PageCacheFront(app, app.wsgi_app)  # type: ignore[method-assign]
    app.jinja_env.globals["cached_post"] = cached_post


def page_cache() -> PageCache | None:
    return page_cache_of(current_app)


def page_cache_of(app: Flask) -> PageCache | None:
    return app.extensions.get(_EXTENSION)


def etag_of(key: tuple, version: int, session_token: str | None) -> str:
    """A stored page's ETag for one visitor: their own token is in the page, so their session's
    raw token is part of its identity."""
    raw = repr((key, version, session_token)).encode()
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def current_version() -> int | None:
    """The site's page version; None (cache unused) if its row is missing."""
    return read_version()


class AnonymousPage:
    """One anonymous request for a cacheable page: its key and the version read at its start.

    Read the version before anything the page shows, so that a page is never stored under a
    version newer than its data."""

    def __init__(self, cache: PageCache, version: int) -> None:
        self.cache = cache
        self.version = version
        self.key = (
            request.host_url,
            request.full_path,
            current_language(),
            str(get_timezone()),
        )

    def _respond(self, entry: _Entry) -> Response:
        body = entry.body
        if entry.has_token:
            body = body.replace(self.cache.token_stand_in, generate_csrf().encode())
        response = Response(body, mimetype="text/html")
        response.set_etag(etag_of(self.key, self.version, session.get(_token_field())))
        # The page carries this visitor's CSRF token: browsers may keep it, proxies may not.
        response.cache_control.private = True
        response.cache_control.no_cache = True
        return response.make_conditional(request)

    def cached(self) -> Response | None:
        """The stored page (or 304 Not Modified), if it is still current."""
        entry = self.cache.get(self.key, self.version)
        return None if entry is None else self._respond(entry)

    def store(self, html: str) -> Response:
        """Keep the page just rendered, without the session's CSRF token, and send it."""
        body = html.encode()
        token = g.get(_token_field())
        has_token = bool(token) and token.encode() in body
        if has_token:
            body = body.replace(token.encode(), self.cache.token_stand_in)
        entry = _Entry(self.version, body, has_token)
        self.cache.put(self.key, entry)
        request.environ[STORED] = (self.key, self.version)
        return self._respond(entry)


def anonymous_page() -> AnonymousPage | None:
    """An AnonymousPage if this request may use the whole-page cache, else None.

    Call it first in the view: it also reads the version the page's post fragments are kept
    under (``cached_post``), before any of the data they show."""
    cache = page_cache()
    if cache is None:
        return None
    version = g.page_version = current_version()
    if (
        version is None
        or current_user.is_authenticated
        or request.method not in ("GET", "HEAD")
        or "_flashes" in session
    ):
        return None
    return AnonymousPage(cache, version)


def cached_post(
    render: Callable[..., Markup],
    view: PostView,
    topic: Topic,
    previous_read: int | None,
    reactions: dict[str, str],
    can_reply: bool,
    can_moderate: bool,
    labels: dict[str, str],
) -> Markup:
    """One post's article (``render``: the post_article macro), kept per post and page version
    for readers who stand alike towards it: same language, the same post verbs, own post or
    not, the same reactions of their own, bookmark and unread mark.

    Stored with stand-ins for the reader's CSRF token and for the plugins' footer slot, which
    may differ by reader and is asked afresh on each page.
    """
    fragments: PageCache | None = current_app.extensions.get(_FRAGMENTS)
    version = g.get("page_version")
    args = (view, topic, previous_read, reactions, can_reply, can_moderate, labels)
    if fragments is None or version is None:
        return render(*args)
    post = view.post
    language, zone, signed_in, reader_id = _reader()
    key = (
        post.id,
        language,
        zone,
        signed_in,
        post.user_id == reader_id,
        previous_read is not None and post.post_number > previous_read,
        view.visible,
        view.bookmarked,
        tuple(sorted(view.may)),
        tuple(sorted(view.mine)),
        can_reply,
        can_moderate,
    )
    entry = fragments.get(key, version)
    if entry is None:
        html = str(render(*args, footer=_FOOTER)).encode()
        token = g.get(_token_field())
        has_token = bool(token) and token.encode() in html
        if has_token:
            html = html.replace(token.encode(), fragments.token_stand_in)
        entry = _Entry(version, html, has_token)
        fragments.put(key, entry)
    body = entry.body
    if entry.has_token:
        body = body.replace(fragments.token_stand_in, generate_csrf().encode())
    footer = str(run_hook("forum_tpl_post_footer", post=post))
    # Every piece is the escaping template's output, the signed token or the hooks' Markup.
    return Markup(body.decode().replace(_FOOTER_STAND_IN, footer))  # noqa: S704


def _reader() -> tuple[str, str, bool, int | None]:
    """Language, time zone, signed in and user id of this request's reader: the same for every
    post on a page, so worked out once per request rather than once per post."""
    kept = g.get(_READER)
    if kept is not None and kept[0] is request._get_current_object():
        return kept[1]
    user = current_user._get_current_object()
    reader = (
        current_language(),
        str(get_timezone()),
        bool(user.is_authenticated),
        getattr(user, "id", None),
    )
    setattr(g, _READER, (request._get_current_object(), reader))
    return reader


def _token_field() -> str:
    return current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
