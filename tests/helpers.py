"""Small helpers for tests that talk HTTP."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

_CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_token(client: FlaskClient, path: str = "/") -> str:
    """The CSRF token from a form on ``path``, as a browser would find it."""
    page = client.get(path)
    match = _CSRF_RE.search(page.text)
    assert match, f"no CSRF token in the page at {path}"
    return match.group(1)
