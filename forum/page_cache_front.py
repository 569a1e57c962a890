"""Stored anonymous pages answered in front of Flask's dispatch, for visitors with no session
or with a session that holds nothing but their CSRF token.

A request with no cookie and no Authorization header is an anonymous visitor with no session:
no flash message can be waiting, the language comes from Accept-Language alone and the time
zone is the site's. So the page the topic view rendered for one such request is the page for
every request with the same method, host, path, query string and Accept-Language, as long as
the page version is unchanged. The same holds for a returning visitor whose signed session
holds only what reading anonymous pages writes into it (Visitors.returning). This layer
remembers, for each of those requests, which stored page (forum/page_cache.py) the full stack
answered a cookie-less one with and the headers it sent, and answers the next one with the
same page and headers (or 304 Not Modified), after reading the version on a bare pooled
connection: no routing, no ORM session, no view, no after-request hooks.

The stored page's CSRF stand-in gets the visitor's own token: a new visitor's in a new session
cookie, a returning one's from their session, made and read as Flask-WTF and Flask's cookie
sessions do in a request (Visitors), with their serializers built once per process instead of
in a request context each time. Anything else, or a page that is not current, goes to the full
stack, which stores the page again.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import Engine
from werkzeug.http import dump_cookie, is_resource_modified, parse_cookie, remove_entity_headers

from forum.extensions import db
from forum.models.page_version import read_version_outside_session
from forum.page_cache import STORED, etag_of, page_cache_of

# Headers made per response, not kept: the front sets its own.
_PER_RESPONSE = frozenset({"set-cookie", "content-length", "etag", "date"})
# Requests the full stack answers: a signed-in API client, and conditions other than ETag.
_PASSED_ON = ("HTTP_AUTHORIZATION", "HTTP_IF_MATCH", "HTTP_RANGE", "HTTP_IF_RANGE")
# How many (host, path, query, Accept-Language) combinations each process remembers.
MAX_KNOWN = 4096

WSGIApp = Callable[[dict, Callable], Iterable[bytes]]
Headers = tuple[tuple[str, str], ...]


def front_key(environ: dict[str, Any]) -> tuple | None:
    """The request's identity for the front, or None if it must go to the full stack."""
    if environ.get("REQUEST_METHOD") != "GET" or any(environ.get(header) for header in _PASSED_ON):
        return None
    return (
        environ.get("wsgi.url_scheme"),
        environ.get("HTTP_HOST") or environ.get("SERVER_NAME"),
        environ.get("SCRIPT_NAME", ""),
        environ.get("PATH_INFO", ""),
        environ.get("QUERY_STRING", ""),
        environ.get("HTTP_ACCEPT_LANGUAGE", ""),
    )


class Visitors:
    """Anonymous visitors' CSRF tokens and the session cookies that hold them, made and read as
    Flask-WTF's generate_csrf and Flask's cookie session interface do in a request (a raw token
    in the session, signed for the form), so that the forms' CSRF check takes them as its own.

    ``new`` is a first visit's. ``returning`` accepts a session cookie only when the session
    holds exactly what reading anonymous pages leaves in it: the raw token, and the
    ``_fresh: False`` that Flask-Login's basic session protection adds on the second request
    (that request, which changes the session, goes to the full stack). Anything more (a
    signed-in user, a chosen language, a flash message) is the full stack's to answer. So is
    every session when Flask-Login is set to change it on more requests than that."""

    def __init__(self, app: Flask) -> None:
        self.field = app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
        secret = app.config.get("WTF_CSRF_SECRET_KEY") or app.secret_key
        self._tokens = URLSafeTimedSerializer(secret, salt="wtf-csrf-token")
        interface = app.session_interface
        self._sessions = interface.get_signing_serializer(app)
        self._max_age = int(app.permanent_session_lifetime.total_seconds())
        protection = app.config.get("SESSION_PROTECTION", app.login_manager.session_protection)
        self._answers_returning = protection == "basic" and not app.config.get(
            "REMEMBER_COOKIE_REFRESH_EACH_REQUEST"
        )
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
        return raw, self.form_token(raw), cookie

    def form_token(self, raw: str) -> str:
        return self._tokens.dumps(raw)

    def returning(self, cookie_header: str) -> str | None:
        """The raw token of a returning anonymous visitor's session, or None if the request
        carries anything else."""
        if not self._answers_returning:
            return None
        cookies = parse_cookie(cookie_header)
        if (
            list(cookies.keys()) != [self._cookie_name]
            or len(cookies.getlist(self._cookie_name)) != 1
        ):
            return None
        try:
            session = self._sessions.loads(cookies[self._cookie_name], max_age=self._max_age)
        except BadSignature:
            return None
        if not isinstance(session, dict) or set(session) != {self.field, "_fresh"}:
            return None
        raw = session[self.field]
        return raw if isinstance(raw, str) and session["_fresh"] is False else None


class PageCacheFront:
    """WSGI middleware: answers anonymous GETs (no session, or one holding only the CSRF
    token) that the full stack answered before from the page cache; passes everything else
    through, noting the pages the full stack stores for cookie-less requests."""

    def __init__(self, app: Flask, wsgi_app: WSGIApp) -> None:
        self.app = app
        self.wsgi_app = wsgi_app
        self._known: OrderedDict[tuple, tuple[tuple, Headers]] = OrderedDict()
        self._header_sets: dict[Headers, Headers] = {}
        self._lock = threading.Lock()
        self._engine: Engine | None = None
        self._visitors: Visitors | None = None

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        key = front_key(environ)
        if key is None:
            return self.wsgi_app(environ, start_response)
        cookies = environ.get("HTTP_COOKIE")
        known = self._known.get(key)
        if known is not None:
            answered = self._answer(*known, environ, cookies, start_response)
            if answered is not None:
                return answered
        if cookies:  # only a request without a session shows what a new visitor is sent
            return self.wsgi_app(environ, start_response)

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
        self,
        page_key: tuple,
        headers: Headers,
        environ: dict,
        cookies: str | None,
        start_response: Callable,
    ) -> Iterable[bytes] | None:
        if self._visitors is None:
            self._visitors = Visitors(self.app)
        if cookies:
            raw_token = self._visitors.returning(cookies)
            if raw_token is None:
                return None
            cookie = None
        else:
            raw_token, token, cookie = self._visitors.new()
        cache = page_cache_of(self.app)
        try:
            version = read_version_outside_session(self.engine)
        except Exception:  # the full stack answers, and reports the database error
            return None
        entry = None if cache is None or version is None else cache.get(page_key, version)
        if entry is None:
            return None
        etag = etag_of(page_key, version, raw_token)
        answer = [*headers, ("ETag", f'"{etag}"')]
        if cookie is not None:
            answer.append(("Set-Cookie", cookie))
        if not is_resource_modified(environ, etag):
            remove_entity_headers(answer)
            start_response("304 NOT MODIFIED", answer)
            return []
        if cookie is None:  # signed only now: a 304 needs no token
            token = self._visitors.form_token(raw_token)
        body = entry.body
        if entry.has_token:
            body = body.replace(cache.token_stand_in, token.encode())
        start_response("200 OK", [*answer, ("Content-Length", str(len(body)))])
        return [body]

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            with self.app.app_context():
                self._engine = db.engine
        return self._engine
