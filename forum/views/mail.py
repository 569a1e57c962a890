"""Mail pages: one-click unsubscribe (RFC 8058), the person's mail settings, and the outbox
for administrators (in development, where no SMTP server is set, it is where mail is read)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forum.actions.mail import unsubscribe as unsubscribe_action
from forum.actions.mail import update_mail_settings
from forum.extensions import csrf
from forum.forms import MailSettingsForm
from forum.models.notification import DIGESTS
from forum.notify.compose import read_unsubscribe_token
from forum.permissions import is_admin
from forum.queries.mail import mail_settings, outbox
from forum.views.helpers import require_signed_in

bp = Blueprint("mail", __name__)


@bp.route("/mail/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt
def unsubscribe(token: str):
    """GET asks to confirm (link scanners must not unsubscribe anyone); POST, from the page or
    from a mail program's one-click button, unsubscribes. The signed token is the proof."""
    found = read_unsubscribe_token(token)
    if found is None:
        return render_template("mail/unsubscribe.html", invalid=True), 400
    user_id, kind = found
    if request.method == "POST":
        unsubscribe_action(user_id, kind)
        return render_template("mail/unsubscribe.html", done=True, kind=kind)
    return render_template("mail/unsubscribe.html", kind=kind, token=token)


@bp.route("/notifications/settings", methods=["GET", "POST"])
def settings():
    require_signed_in()
    form = MailSettingsForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            return render_template("mail/settings.html", form=form, digests=DIGESTS), 400
        update_mail_settings(
            current_user, notifications=bool(form.notifications.data), digest=form.digest.data
        )
        flash(_("Your mail settings are saved."), "success")
        return redirect(url_for("mail.settings"), code=303)
    current = mail_settings(current_user.id)
    form.notifications.data, form.digest.data = current.notifications, current.digest
    return render_template("mail/settings.html", form=form, digests=DIGESTS)


@bp.get("/admin/outbox")
def outbox_page():
    if not is_admin(current_user):
        abort(404)
    return render_template("mail/outbox.html", mails=outbox())
