"""Error pages in the person's language, and action errors turned into responses."""

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from forum.actions.errors import ActionError

PAGES = {400, 403, 404, 405, 429, 500}


def _http_error(error: HTTPException):
    code = error.code or 500
    template = f"errors/{code}.html" if code in PAGES else "errors/generic.html"
    return render_template(template, error=error), code


def _csrf_error(error: CSRFError):
    return render_template("errors/csrf.html", error=error), 400


def _action_error(error: ActionError):
    return render_template("errors/action.html", message=error.message), error.status


def _server_error(_error: Exception):
    return render_template("errors/500.html"), 500


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(ActionError, _action_error)
    app.register_error_handler(500, _server_error)
