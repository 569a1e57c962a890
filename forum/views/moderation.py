"""Moderation pages: flagging a post, the review queue, moderators' acts on posts, topics and
accounts, and the audit log for administrators."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_login import current_user

from forum.access import access_post, access_space, access_topic
from forum.actions.errors import ActionError
from forum.actions.holds import decide_held_post, set_hold_first_posts
from forum.actions.moderation import (
    close_user_reports,
    flag_post,
    hide_post,
    lift_penalties,
    lock_post,
    penalise,
    report_user,
    review_flags,
    set_slow_mode,
    unhide_post,
)
from forum.actions.topic_surgery import merge_topics, split_topic
from forum.forms import (
    ConfirmForm,
    FlagForm,
    HoldForm,
    MergeForm,
    ModerationForm,
    PenaltyForm,
    ReportForm,
    SlowModeForm,
    SplitForm,
)
from forum.models.base import utcnow
from forum.models.moderation import FLAG_REASONS
from forum.permissions import is_admin
from forum.queries.moderation import (
    audit_records,
    fetch,
    held_posts,
    is_global_moderator,
    may_review,
    reported_users,
    review_queue,
)
from forum.queries.users import user_by_username
from forum.spreadsheet import neutralise
from forum.views.helpers import attach_error, post_url, require_signed_in, topic_url

bp = Blueprint("moderation", __name__)
AUDIT_PAGE = 100


@bp.route("/p/<int:post_id>/flag", methods=["GET", "POST"])
def flag(post_id: int):
    require_signed_in()
    post = access_post(current_user, post_id)
    form = FlagForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            return render_template("moderation/flag.html", post=post, form=form), 400
        try:
            flag_post(current_user, post, form.reason.data, form.message.data or "")
        except ActionError as error:
            attach_error(form, error)
            return render_template("moderation/flag.html", post=post, form=form), error.status
        return render_template("moderation/flag.html", post=post, form=form, sent=True)
    return render_template("moderation/flag.html", post=post, form=form, reasons=FLAG_REASONS)


@bp.route("/u/<username>/report", methods=["GET", "POST"])
def report(username: str):
    require_signed_in()
    user = user_by_username(username)
    if user is None or not user.active:
        abort(404)
    form = ReportForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            return render_template("moderation/report.html", user=user, form=form), 400
        try:
            report_user(current_user, user, form.message.data or "")
        except ActionError as error:
            attach_error(form, error)
            return render_template("moderation/report.html", user=user, form=form), error.status
        return render_template("moderation/report.html", user=user, form=form, sent=True)
    return render_template("moderation/report.html", user=user, form=form)


@bp.post("/review/users/<username>/close")
def close_reports(username: str):
    require_signed_in()
    user = user_by_username(username)
    if user is None:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        return render_template("errors/400.html"), 400
    close_user_reports(current_user, user)
    return redirect(url_for("moderation.queue"), code=303)


@bp.get("/review")
def queue():
    require_signed_in()
    if not may_review(current_user):
        abort(403)
    return render_template(
        "moderation/queue.html",
        items=review_queue(current_user),
        held=held_posts(current_user),
        reported=reported_users(current_user),
        form=ModerationForm(),
        may_penalise=is_global_moderator(current_user),
    )


@bp.post("/review/posts/<int:post_id>")
def decide(post_id: int):
    require_signed_in()
    post = access_post(current_user, post_id)
    form = ModerationForm()
    if not form.validate_on_submit():
        return render_template("errors/400.html"), 400
    review_flags(current_user, post, form.outcome.data, form.reason.data or "")
    return redirect(url_for("moderation.queue"), code=303)


@bp.post("/p/<int:post_id>/hide")
def hide(post_id: int):
    require_signed_in()
    post = access_post(current_user, post_id)
    form = ModerationForm()
    if not form.validate_on_submit():
        return render_template("errors/400.html"), 400
    if form.outcome.data == "restore":
        unhide_post(current_user, post)
    else:
        hide_post(current_user, post, form.reason.data or "")
    return redirect(post_url(post), code=303)


@bp.post("/review/held/<int:post_id>")
def decide_held(post_id: int):
    require_signed_in()
    post = access_post(current_user, post_id)
    form = ModerationForm()
    if not form.validate_on_submit() or form.outcome.data not in ("approve", "reject"):
        return render_template("errors/400.html"), 400
    decide_held_post(
        current_user, post, approve=form.outcome.data == "approve", reason=form.reason.data or ""
    )
    return redirect(url_for("moderation.queue"), code=303)


@bp.post("/s/<slug>/hold")
def hold_setting(slug: str):
    space = access_space(current_user, slug)
    form = HoldForm()
    if not form.validate_on_submit():
        return render_template("errors/400.html"), 400
    set_hold_first_posts(current_user, space, form.count.data)
    return redirect(url_for("spaces.show", slug=space.slug), code=303)


@bp.post("/t/<int:topic_id>/split")
def split(topic_id: int):
    topic = access_topic(current_user, topic_id)
    form = SplitForm()
    if not form.validate_on_submit():
        return render_template("errors/400.html"), 400
    numbers = (form.posts.data or "").replace(",", " ").split()
    new = split_topic(current_user, topic, numbers, form.title.data or "")
    return redirect(topic_url(new), code=303)


@bp.post("/t/<int:topic_id>/merge")
def merge(topic_id: int):
    topic = access_topic(current_user, topic_id)
    form = MergeForm()
    if not form.validate_on_submit():
        return render_template("errors/400.html"), 400
    target = access_topic(current_user, form.target.data)
    merge_topics(current_user, topic, target)
    return redirect(topic_url(target), code=303)


@bp.post("/p/<int:post_id>/lock")
def lock(post_id: int):
    require_signed_in()
    post = access_post(current_user, post_id)
    form = ModerationForm()
    if not form.validate_on_submit() or form.outcome.data not in ("lock", "unlock"):
        return render_template("errors/400.html"), 400
    lock_post(current_user, post, form.outcome.data == "lock")
    return redirect(post_url(post), code=303)


@bp.post("/t/<int:topic_id>/slow-mode")
def slow_mode(topic_id: int):
    topic = access_topic(current_user, topic_id)
    form = SlowModeForm()
    if not form.validate_on_submit():
        return render_template("errors/400.html"), 400
    set_slow_mode(current_user, topic, form.seconds.data)
    return redirect(topic_url(topic), code=303)


@bp.post("/review/users/<username>")
def penalty(username: str):
    require_signed_in()
    user = user_by_username(username)
    if user is None:
        abort(404)
    form = PenaltyForm()
    if not form.validate_on_submit():
        return render_template("errors/400.html"), 400
    if form.kind.data == "lift":
        lift_penalties(current_user, user)
    else:
        until = utcnow() + timedelta(days=form.days.data or 1)
        penalise(current_user, user, form.kind.data, until, form.reason.data or "")
    return redirect(url_for("moderation.queue"), code=303)


def _audit_query():
    def user_id(name: str) -> int | None:
        if not name:
            return None
        user = user_by_username(name)
        return user.id if user else -1

    return audit_records(
        action=request.args.get("action", "").strip()[:40],
        actor_id=user_id(request.args.get("actor", "").strip()),
        subject_id=user_id(request.args.get("subject", "").strip()),
    )


@bp.get("/admin/audit")
def audit():
    if not is_admin(current_user):
        abort(404)
    records = fetch(_audit_query().limit(AUDIT_PAGE))
    return render_template("moderation/audit.html", records=records, args=request.args)


@bp.get("/admin/audit.csv")
def audit_csv():
    if not is_admin(current_user):
        abort(404)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "created_at", "actor_id", "subject_id", "action", "details"])
    for record in fetch(_audit_query()):
        details = json.dumps(record.details, sort_keys=True, ensure_ascii=False)
        cells = (
            record.id,
            record.created_at.isoformat(),
            record.actor_id,
            record.subject_id,
            record.action,
            details,
        )
        writer.writerow([neutralise(cell) for cell in cells])
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=audit.csv"},
    )
