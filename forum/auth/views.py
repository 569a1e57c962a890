"""The /auth pages: choose a provider, its callback, sign out, and the forum's public keys."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from flask import (
    Blueprint,
    abort,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from forum.actions.accounts import sign_in_identified
from forum.actions.errors import ActionError
from forum.actions.sessions import end_all_sessions
from forum.auth import client, flow
from forum.auth.config import provider as find_provider
from forum.auth.config import providers
from forum.auth.errors import SignInError
from forum.auth.keys import forum_keys
from forum.auth.sessions import sign_in, sign_out
from forum.forms import ConfirmForm
from forum.http_input import safe_next
from forum.i18n import current_language
from forum.permissions import registration_complete

log = logging.getLogger(__name__)
bp = Blueprint("auth", __name__, url_prefix="/auth")


def failure_messages() -> dict[str, str]:
    return {
        "unverified": _("Sign-in could not be verified. Please try again."),
        "unavailable": _(
            "The identification service did not answer. Please try again in a moment."
        ),
        "assurance": _(
            "Signing in needs strong identification: a bank ID, a mobile certificate or an ID "
            "card. Please try again with one of them."
        ),
        "identity": _(
            "The identification service did not tell us who you are. Please try another one."
        ),
        "cancelled": _("Sign-in was cancelled."),
        "expired": _("Sign-in took too long. Please try again."),
    }


def _failed(name: str, error: SignInError):
    log.warning("sign-in through %s failed: %s", name, error.reason)
    message = failure_messages().get(error.code) or failure_messages()["unverified"]
    status = 502 if error.code == "unavailable" else 400
    return render_template("auth/failed.html", message=message, provider=name), status


@bp.get("/login")
def login():
    next_url = safe_next(request.args.get("next"))
    return render_template(
        "auth/login.html", providers=list(providers().values()), next_url=next_url
    )


@bp.get("/oidc/<name>/login")
def start(name: str):
    provider = find_provider(name)
    if provider is None:
        abort(404)
    try:
        url = flow.begin(provider, safe_next(request.args.get("next")), current_language())
    except SignInError as error:
        return _failed(name, error)
    return redirect(url, code=303)


@bp.get("/oidc/<name>/callback")
def callback(name: str):
    provider = find_provider(name)
    if provider is None:
        abort(404)
    try:
        person, next_url = flow.complete(provider, request.args.to_dict())
        user = sign_in_identified(provider.name, person.subject, person.nin, person.name)
    except SignInError as error:
        return _failed(name, error)
    except ActionError as error:
        log.warning("sign-in through %s refused: %s", name, error.code)
        return render_template("auth/failed.html", message=error.message, provider=name), 403
    sign_in(user, provider=provider.name, acr=person.acr)
    log.info("user %s signed in through %s", user.id, provider.name)
    if not registration_complete(user):
        return redirect(url_for("account.register", next=next_url), code=303)
    return redirect(safe_next(next_url), code=303)


@bp.post("/logout")
def logout():
    if not ConfirmForm().validate_on_submit():
        abort(400)
    name = sign_out() if current_user.is_authenticated else None
    provider = find_provider(name) if name else None
    if provider is not None:
        try:
            end_session_endpoint = client.metadata(provider).get("end_session_endpoint")
        except SignInError as error:
            log.warning("logout at %s skipped: %s", provider.name, error.reason)
            end_session_endpoint = None
        if end_session_endpoint:
            query = urlencode(
                {
                    "client_id": provider.client_id,
                    "post_logout_redirect_uri": url_for("auth.signed_out", _external=True),
                    "ui_locales": current_language(),
                }
            )
            return redirect(f"{end_session_endpoint}?{query}", code=303)
    return redirect(url_for("auth.signed_out"), code=303)


@bp.post("/logout/everywhere")
@login_required
def logout_everywhere():
    if not ConfirmForm().validate_on_submit():
        abort(400)
    user = current_user._get_current_object()
    ended = end_all_sessions(user)
    log.info("user %s signed out of %d sessions", user.id, ended)
    sign_out()
    return redirect(url_for("auth.signed_out"), code=303)


@bp.get("/signed-out")
def signed_out():
    return render_template("auth/signed_out.html")


@bp.get("/jwks.json")
def jwks():
    keys = forum_keys()
    response = jsonify(keys.public_jwks() if keys else {"keys": []})
    response.cache_control.max_age = 3600
    response.cache_control.public = True
    return response
