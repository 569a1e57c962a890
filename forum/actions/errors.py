"""Typed errors that actions raise; views and the API turn them into responses."""

from __future__ import annotations


class ActionError(Exception):
    """A change that cannot be made. ``message`` is written for a person, already translated."""

    status = 400
    code = "invalid"

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        if code:
            self.code = code


class ValidationError(ActionError):
    status = 400
    code = "invalid"


class PermissionDenied(ActionError):
    status = 403
    code = "forbidden"


class NotFound(ActionError):
    status = 404
    code = "not_found"


class Conflict(ActionError):
    status = 409
    code = "conflict"
