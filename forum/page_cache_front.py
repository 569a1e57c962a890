"""Stored anonymous pages answered in front of Flask's dispatch, for visitors who send no cookie.

A request with no cookie and no Authorization header is an anonymous visitor with no session:
no flash message can be waiting, the language comes from Accept-Language alone and the time
zone is the site's. So the page the topic view rendered for one such request is the page for
every request with the same method, host, path, query string and Accept-Language, as long as
the page version is unchanged. This layer remembers, for each of those, which stored page
(forum/page_cache.py) the full stack answered with and the headers it sent, and answers the
next one with the same page and headers, after reading the version on a bare pooled
connection: no routing, no ORM session, no view, no after-request hooks.

The stored page's CSRF stand-in still gets a new visitor's own token, in a new session cookie,
made by Flask-WTF and Flask's session interface in a request context of their own. Anything
else, or a page that is not current, goes to the full stack, which stores the page again.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask, Response, session
from flask_wtf.csrf import generate_csrf
from sqlalchemy import Engine

from forum.extensions import db
from forum.models.page_version import read_version_outside_session
from forum.page_cache import STORED, etag_of, page_cache_of

# Headers made per response, not kept: the front sets its own.
_PER_RESPONSE = frozenset({"set-cookie", "content-length", "etag", "date"})
# How many (host, path, query, Accept-Language) combinations each process remembers.
MAX_KNOWN = 4096

WSGIApp = Callable[[dict, Callable], Iterable[bytes]]
Headers = tuple[tuple[str, str], ...]


def front_key(environ: dict[str, Any]) -> tuple | None:
    """The request's identity for the front, or None if it must go to the full stack."""
    if (
        environ.get("REQUEST_METHOD") != "GET"
        or environ.get("HTTP_COOKIE")
        or environ.get("HTTP_AUTHORIZATION")
    ):
        return None
    return (
        environ.get("wsgi.url_scheme"),
        environ.get("HTTP_HOST") or environ.get("SERVER_NAME"),
        environ.get("SCRIPT_NAME", ""),
        environ.get("PATH_INFO", ""),
        environ.get("QUERY_STRING", ""),
        environ.get("HTTP_ACCEPT_LANGUAGE", ""),
    )


class PageCacheFront:
    """WSGI middleware: answers cookie-less GETs the full stack answered before from the page
    cache; passes everything else through, noting the pages the full stack stores."""

    def __init__(self, app: Flask, wsgi_app: WSGIApp) -> None:
        self.app = app
        self.wsgi_app = wsgi_app
        self._known: OrderedDict[tuple, tuple[tuple, Headers]] = OrderedDict()
        self._header_sets: dict[Headers, Headers] = {}
        self._lock = threading.Lock()
        self._engine: Engine | None = None

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        key = front_key(environ)
        if key is None:
            return self.wsgi_app(environ, start_response)
        known = self._known.get(key)
        if known is not None:
            response = self._answer(environ, *known)
            if response is not None:
                return response(environ, start_response)

        def note(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            stored = environ.get(STORED)
            if stored is not None and status.startswith("200 "):
                self._remember(key, stored[0], headers)
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, note)

    def _remember(self, key: tuple, page_key: tuple, headers: list[tuple[str, str]]) -> None:
        kept = tuple((name, value) for name, value in headers if name.lower() not in _PER_RESPONSE)
        with self._lock:
            # Pages share their headers but for a few: one copy of each set is enough.
            if len(self._header_sets) >= MAX_KNOWN:
                self._header_sets.clear()
            kept = self._header_sets.setdefault(kept, kept)
            self._known[key] = (page_key, kept)
            while len(self._known) > MAX_KNOWN:
                self._known.popitem(last=False)

    def _answer(self, environ: dict, page_key: tuple, headers: Headers) -> Response | None:
        cache = page_cache_of(self.app)
        try:
            version = read_version_outside_session(self.engine)
        except Exception:  # the full stack answers, and reports the database error
            return None
        entry = None if cache is None or version is None else cache.get(page_key, version)
        if entry is None:
            return None
        with self.app.request_context(environ):
            body = entry.body
            if entry.has_token:
                body = body.replace(cache.token_stand_in, generate_csrf().encode())
            response = Response(body, headers=list(headers))
            visitor = session._get_current_object()
            response.set_etag(etag_of(page_key, version, visitor))
            self.app.session_interface.save_session(self.app, visitor, response)
        return response

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            with self.app.app_context():
                self._engine = db.engine
        return self._engine
