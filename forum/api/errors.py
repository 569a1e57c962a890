"""Errors as JSON: a stable ``error`` code and a ``message`` for people."""

from __future__ import annotations

from flask import Response, jsonify, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from forum.actions.errors import ActionError

HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    429: "rate_limited",
    500: "server_error",
}


def is_api_request() -> bool:
    return request.path.startswith("/api/")


def json_error(status: int, code: str, message: str, field: str | None = None) -> Response:
    body: dict[str, str] = {"error": code, "message": message}
    if field:
        body["field"] = field
    response = jsonify(body)
    response.status_code = status
    return response


def http_error(error: HTTPException) -> Response:
    status = error.code or 500
    messages = {
        401: _("A valid API token is needed."),
        403: _("You may not do that."),
        404: _("Not found."),
        405: _("This address does not accept that method."),
        429: _("You have done this too often in a short time. Wait a moment and try again."),
    }
    message = messages.get(status) or error.description or error.name
    return json_error(status, HTTP_CODES.get(status, "error"), message)


def action_error(error: ActionError) -> Response:
    return json_error(error.status, error.code, error.message, error.field)
