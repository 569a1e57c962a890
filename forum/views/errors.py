"""Error pages in the person's language, or JSON for the API; action errors likewise."""

from flask import Flask, render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from forum.actions.errors import ActionError
from forum.api.errors import action_error, http_error, is_api_request, json_error

PAGES = {400, 403, 404, 405, 429, 500}


def _http_error(error: HTTPException):
    if is_api_request():
        return http_error(error)
    code = error.code or 500
    template = f"errors/{code}.html" if code in PAGES else "errors/generic.html"
    return render_template(template, error=error), code


def _csrf_error(error: CSRFError):
    if is_api_request():
        return json_error(400, "csrf", error.description)
    return render_template("errors/csrf.html", error=error), 400


def _action_error(error: ActionError):
    if is_api_request():
        return action_error(error)
    return render_template("errors/action.html", message=error.message), error.status


def _server_error(_error: Exception):
    if is_api_request():
        return json_error(
            500,
            "server_error",
            _(
                "The forum could not complete the request. Try again in a moment; if it keeps "
                "happening, tell the administrators."
            ),
        )
    return render_template("errors/500.html"), 500


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(ActionError, _action_error)
    app.register_error_handler(500, _server_error)
