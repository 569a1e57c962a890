"""The person's own data: the settings page, the export download and account erasure."""

from __future__ import annotations

import logging

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select

from forum.actions.account_export import export_path, request_export
from forum.actions.accounts import confirm_email, request_email_verification, set_show_presence
from forum.actions.erasure import erase_account
from forum.actions.errors import ActionError
from forum.auth import email as mail
from forum.auth.errors import SignInError
from forum.auth.export import (
    export_in_background,
    export_token,
    export_zip,
    read_export_token,
)
from forum.auth.forms import ErasureForm
from forum.auth.sessions import sign_out
from forum.extensions import db
from forum.forms import ConfirmForm
from forum.models import Profile, RoleGrant, RoleRequest, UserSession
from forum.queries.exports import exports_of, ready_export

log = logging.getLogger(__name__)
bp = Blueprint("own_data", __name__, url_prefix="/account")
EXPORT_LINK_TTL = 3600  # seconds a download link works


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="account-export")


@bp.get("/settings")
@login_required
def settings():
    user = current_user
    return render_template(
        "account/settings.html",
        profile=db.session.get(Profile, user.id),
        sessions=db.session.scalar(
            select(func.count()).select_from(UserSession).where(UserSession.user_id == user.id)
        ),
        grants=list(db.session.scalars(select(RoleGrant).where(RoleGrant.user_id == user.id))),
        requests=list(
            db.session.scalars(select(RoleRequest).where(RoleRequest.user_id == user.id))
        ),
        form=ConfirmForm(),
        exports=exports_of(user),
        export_token=export_token,
    )


@bp.post("/presence")
@login_required
def presence():
    if ConfirmForm().validate_on_submit():
        set_show_presence(current_user, request.form.get("show_presence") == "1")
    return redirect(url_for("own_data.settings"), code=303)


@bp.post("/export")
@login_required
def start_export():
    """A small account downloads at once; a large one's export is built by the worker."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    user = current_user._get_current_object()
    if not export_in_background(user):
        token = _serializer().dumps({"u": user.id})
        return redirect(url_for("own_data.download", token=token), code=303)
    try:
        request_export(user)
    except ActionError as error:
        flash(error.message, "error")
    else:
        flash(_("We are preparing your data. You will be notified when it is ready."), "success")
    return redirect(url_for("own_data.settings"), code=303)


@bp.get("/export/file/<token>")
@login_required
def export_file(token: str):
    """A background export's file, for its owner, until its time is up."""
    try:
        owner_and_export = read_export_token(token)
    except SignatureExpired:
        return render_template("account/export_expired.html"), 410
    if owner_and_export is None or owner_and_export[0] != current_user.id:
        abort(404)
    export = ready_export(current_user, owner_and_export[1])
    path = export_path(export) if export else None
    if path is None or not path.is_file():
        return render_template("account/export_expired.html"), 410
    response = send_file(
        path, mimetype="application/zip", as_attachment=True, download_name="forum-account.zip"
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/export/<token>")
@login_required
def download(token: str):
    try:
        data = _serializer().loads(token, max_age=EXPORT_LINK_TTL)
    except SignatureExpired:
        return render_template("account/export_expired.html"), 410
    except BadSignature:
        abort(404)
    if not isinstance(data, dict) or data.get("u") != current_user.id:
        abort(404)
    response = current_app.response_class(export_zip(current_user), mimetype="application/zip")
    response.headers["Content-Disposition"] = 'attachment; filename="forum-account.zip"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/erase", methods=["GET", "POST"])
@login_required
def erase():
    form = ErasureForm()
    error = None
    if form.is_submitted():
        if not form.validate() or not form.confirm.data:
            error = _("Tick the box to confirm that you want to erase your account.")
        else:
            erase_account(
                current_user._get_current_object(), delete_content=form.content.data == "delete"
            )
            sign_out()
            flash(_("Your account has been erased."), "success")
            return redirect(url_for("auth.signed_out"), code=303)
    return render_template("account/erase.html", form=form, error=error), 400 if error else 200


@bp.get("/verify-email/<token>")
def verify_email(token: str):
    """Confirm an address from the mailed link. Signs nobody in."""
    try:
        data = mail.read_token(token)
        confirm_email(data["u"], str(data.get("e", "")))
    except SignInError as error:
        log.warning("e-mail confirmation refused: %s", error.reason)
        return render_template("account/email_link.html", expired=error.code == "expired"), (
            410 if error.code == "expired" else 404
        )
    except ActionError as error:
        log.warning("e-mail confirmation refused: %s", error.code)
        return render_template("account/email_link.html", expired=True), 410
    return render_template("account/email_confirmed.html")


@bp.post("/verify-email")
@login_required
def resend_verification():
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        request_email_verification(current_user._get_current_object())
    except ActionError as error:
        flash(error.message, "error")
    else:
        flash(_("We sent a new confirmation link."), "success")
    return redirect(url_for("own_data.settings"), code=303)
