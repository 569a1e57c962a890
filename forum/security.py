"""HTTP security headers on every response.

The Content-Security-Policy allows no inline script or style and no third-party origin: all
scripts, styles and fonts are served by the forum itself.

Pages get them from an after-request hook. Engine.IO answers ``/socket.io/`` (long-polling,
its handshake and its errors) before Flask sees the request, so ``SecurityHeaders`` adds the
same headers there as WSGI middleware. The websocket upgrade's ``101`` answer is written by
simple-websocket on the raw socket, outside WSGI; it has no body for a browser to render or
sniff, and HSTS reaches the browser with every page and poll.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask, Response, current_app

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
HSTS = ("Strict-Transport-Security", "max-age=63072000; includeSubDomains")


def security_headers(*, hsts: bool) -> tuple[tuple[str, str], ...]:
    """The headers every response carries (HSTS only where the forum is served over https)."""
    headers = (
        ("Content-Security-Policy", CSP),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("X-Frame-Options", "DENY"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
    )
    return (*headers, HSTS) if hsts else headers


def add_security_headers(response: Response) -> Response:
    for name, value in security_headers(hsts=current_app.config["HSTS"]):
        response.headers.setdefault(name, value)
    return response


class SecurityHeaders:
    """WSGI middleware: the security headers on answers under ``path`` (Engine.IO's), which
    never pass Flask's after-request hooks. A header the answer sets itself is kept."""

    def __init__(self, wsgi_app: Callable, path: str, *, hsts: bool) -> None:
        self.wsgi_app = wsgi_app
        self.path = "/" + path.strip("/") + "/"
        self.headers = security_headers(hsts=hsts)

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if not environ.get("PATH_INFO", "").startswith(self.path):
            return self.wsgi_app(environ, start_response)

        def start(status: str, headers: list[tuple[str, str]], *exc_info: Any) -> Any:
            present = {name.lower() for name, _value in headers}
            added = [(name, value) for name, value in self.headers if name.lower() not in present]
            return start_response(status, [*headers, *added], *exc_info)

        return self.wsgi_app(environ, start)


def init_app(app: Flask) -> None:
    app.after_request(add_security_headers)
