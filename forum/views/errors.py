"""Error pages in the person's language, or JSON for the API; action errors likewise."""

from __future__ import annotations

import logging
import threading
import time

from flask import Flask, current_app, render_template, request, session
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException, InternalServerError

from forum.actions.errors import ActionError
from forum.api.errors import action_error, http_error, is_api_request, json_error
from forum.i18n import SESSION_KEY

PAGES = {400, 403, 404, 405, 429, 500}
# Seconds a client is asked to wait before trying again while the database is away.
RETRY_AFTER = 5
# A database outage is logged once in this many seconds per process, not once per request.
OUTAGE_LOG_EVERY = 60.0

log = logging.getLogger(__name__)


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


def _server_error(error: InternalServerError):
    if is_database_unavailable(error.original_exception):
        return _database_unavailable(error.original_exception)
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


def is_database_unavailable(error: BaseException | None) -> bool:
    """Whether ``error`` means the database cannot be used just now: it is down or restarting,
    a connection broke, the pool had none to give in time, or a lock could not be had."""
    if isinstance(error, OperationalError | PoolTimeout):
        return True
    return isinstance(error, DBAPIError) and error.connection_invalidated


class _OutageLog:
    """Logs a database outage once in OUTAGE_LOG_EVERY seconds: while it lasts every request
    meets it, and a line per request would bury everything else in the log."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last = -OUTAGE_LOG_EVERY
        self._since_last = 0

    def note(self, error: BaseException) -> None:
        now = time.monotonic()
        with self._lock:
            self._since_last += 1
            if now - self._last < OUTAGE_LOG_EVERY:
                return
            self._last, count, self._since_last = now, self._since_last, 0
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()
        log.error(
            "database unavailable, answering 503 (%d requests since the last note): %s: %s",
            count,
            type(error).__name__,
            reason[0] if reason else "",
        )


_outages = _OutageLog()


def _language_without_database() -> str:
    """The person's language from the session or the browser: the account's own setting is in
    the database, which cannot be asked now."""
    languages = current_app.config["LANGUAGES"]
    chosen = session.get(SESSION_KEY)
    if chosen in languages:
        return chosen
    return (
        request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]
    )


def _database_unavailable(error: BaseException):
    """503 with a page or JSON that needs nothing from the database, in the person's language."""
    _outages.note(error)
    headers = {"Retry-After": str(RETRY_AFTER)}
    with force_locale(_language_without_database()):
        message = _("The forum's database is not answering just now. Try again in a moment.")
        if is_api_request():
            return json_error(503, "database_unavailable", message), 503, headers
        return render_template("errors/503.html", message=message), 503, headers


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(ActionError, _action_error)
    app.register_error_handler(OperationalError, _database_unavailable)
    app.register_error_handler(PoolTimeout, _database_unavailable)
    app.register_error_handler(500, _server_error)
