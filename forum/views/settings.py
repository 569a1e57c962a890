"""The person's own settings: API tokens."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user

from forum.actions.errors import ActionError
from forum.actions.tokens import create_api_token, revoke_api_token
from forum.forms import ConfirmForm, TokenForm
from forum.queries.tokens import tokens_of
from forum.views.helpers import attach_error, require_signed_in

bp = Blueprint("settings", __name__, url_prefix="/settings")


@bp.route("/tokens", methods=["GET", "POST"])
def tokens():
    require_signed_in()
    form = TokenForm()
    secret = None
    status = 200
    if request.method == "POST":
        try:
            if not form.validate_on_submit():
                return render_template("errors/400.html"), 400
            _token, secret = create_api_token(current_user, form.name.data or "")
            form.name.data = ""
        except ActionError as error:
            attach_error(form, error)
            status = error.status
    page = render_template(
        "settings/tokens.html",
        form=form,
        secret=secret,
        tokens=tokens_of(current_user),
    )
    # The page may show a new secret: it must not be cached anywhere.
    return page, status, {"Cache-Control": "no-store"}


@bp.post("/tokens/<int:token_id>/revoke")
def revoke(token_id: int):
    require_signed_in()
    if ConfirmForm().validate_on_submit():
        revoke_api_token(current_user, token_id)
    return redirect(url_for("settings.tokens"), code=303)
