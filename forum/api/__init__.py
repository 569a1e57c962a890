"""The JSON REST API, version 1, under /api/v1/.

A client authenticates with a personal token (``Authorization: Bearer fst_...``). A browser
may call it with its session cookie too; then every state-changing request must carry the
CSRF token in the ``X-CSRFToken`` header, as the pages' forms do.
"""

from flask import Blueprint, Flask

from forum.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def init_app(app: Flask) -> None:
    from forum.api import (  # noqa: F401
        auth,
        errors,
        events,
        messages,
        notifications,
        openapi,
        posts,
        search,
        spaces,
        topics,
        users,
    )

    csrf.exempt(bp)
    app.register_blueprint(bp)
