"""Why a sign-in failed. The reason goes to the log; the person sees a plain message."""

from __future__ import annotations


class SignInError(Exception):
    """A sign-in that must not succeed. ``reason`` is for the log: never put claim values in it.

    ``code`` picks the message the person sees (see forum/auth/views.py).
    """

    def __init__(self, reason: str, *, code: str = "unverified"):
        super().__init__(reason)
        self.reason = reason
        self.code = code
