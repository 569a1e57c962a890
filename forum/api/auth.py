"""Who is calling: a personal API token, or a browser session that proves its CSRF token."""

from __future__ import annotations

from flask import g, request
from flask_babel import gettext as _
from flask_login import current_user

from forum.actions.tokens import record_token_use
from forum.api import bp
from forum.api.errors import json_error
from forum.extensions import csrf
from forum.queries.moderation import is_suspended
from forum.queries.tokens import token_by_secret

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


@bp.before_request
def authenticate():
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _sep, secret = header.partition(" ")
        token = token_by_secret(secret.strip()) if scheme.lower() == "bearer" else None
        if token is None or not token.user.is_active or is_suspended(token.user_id):
            return json_error(401, "unauthorized", _("The API token is not valid."))
        # The token's owner is the user for this request; the session plays no part.
        g._login_user = token.user
        record_token_use(token)
        return None
    if request.method in UNSAFE_METHODS and current_user.is_authenticated:
        csrf.protect()
    return None
