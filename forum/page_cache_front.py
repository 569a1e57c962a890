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
made as Flask-WTF and Flask's cookie sessions make them in a request (NewVisitors), with their
serializers built once per process instead of in a request context each time. Anything else,
or a page that is not current, goes to the full stack, which stores the page again.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import Engine
from werkzeug.http import dump_cookie

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


class NewVisitors:
    """A new visitor's CSRF token and the session cookie that holds it, made as Flask-WTF's
    generate_csrf and Flask's cookie session interface make them in a request (a raw token in
    the session, signed for the form), so that the forms' CSRF check takes them as its own."""

    def __init__(self, app: Flask) -> None:
        self.field = app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
        secret = app.config.get("WTF_CSRF_SECRET_KEY") or app.secret_key
        self._tokens = URLSafeTimedSerializer(secret, salt="wtf-csrf-token")
        interface = app.session_interface
        self._sessions = interface.get_signing_serializer(app)
        self._cookie_name = interface.get_cookie_name(app)
        self._cookie_options = {
            "domain": interface.get_cookie_domain(app),
            "path": interface.get_cookie_path(app),
            "secure": interface.get_cookie_secure(app),
            "httponly": interface.get_cookie_httponly(app),
            "samesite": interface.get_cookie_samesite(app),
            "partitioned": interface.get_cookie_partitioned(app),
        }

    def new(self) -> tuple[str, str, str]:
        """A new visitor's raw session token, the same signed for the form, and the Set-Cookie
        value of the session holding it."""
        raw = hashlib.sha1(os.urandom(64)).hexdigest()  # noqa: S324 - Flask-WTF's own token
        session = self._sessions.dumps({self.field: raw})
        cookie = dump_cookie(self._cookie_name, session, **self._cookie_options)
        return raw, self._tokens.dumps(raw), cookie


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
        self._visitors: NewVisitors | None = None

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        key = front_key(environ)
        if key is None:
            return self.wsgi_app(environ, start_response)
        known = self._known.get(key)
        if known is not None:
            answered = self._answer(*known, start_response)
            if answered is not None:
                return answered

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

    def _answer(
        self, page_key: tuple, headers: Headers, start_response: Callable
    ) -> Iterable[bytes] | None:
        cache = page_cache_of(self.app)
        try:
            version = read_version_outside_session(self.engine)
        except Exception:  # the full stack answers, and reports the database error
            return None
        entry = None if cache is None or version is None else cache.get(page_key, version)
        if entry is None:
            return None
        if self._visitors is None:
            self._visitors = NewVisitors(self.app)
        raw_token, token, cookie = self._visitors.new()
        body = entry.body
        if entry.has_token:
            body = body.replace(cache.token_stand_in, token.encode())
        start_response(
            "200 OK",
            [
                *headers,
                ("Content-Length", str(len(body))),
                ("ETag", f'"{etag_of(page_key, version, raw_token)}"'),
                ("Set-Cookie", cookie),
            ],
        )
        return [body]

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            with self.app.app_context():
                self._engine = db.engine
        return self._engine
