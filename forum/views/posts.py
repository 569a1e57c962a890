"""Things done to one post: edit and its history, delete and restore, reactions, bookmarks."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forum.access import access_post
from forum.actions.errors import ActionError, ValidationError
from forum.actions.posts import delete_post, edit_post, restore_post
from forum.actions.reactions import add_reaction, remove_reaction
from forum.actions.reading import add_bookmark, remove_bookmark
from forum.forms import BookmarkForm, ConfirmForm, EditPostForm, ReactionForm
from forum.http_input import parse_id
from forum.permissions import EDIT, can
from forum.queries.bookmarks import bookmarks_of
from forum.queries.posts import revisions_of
from forum.views.helpers import attach_error, post_url, require_signed_in

bp = Blueprint("posts", __name__)


@bp.get("/p/<int:post_id>")
def permalink(post_id: int):
    return redirect(post_url(access_post(current_user, post_id)))


@bp.route("/p/<int:post_id>/edit", methods=["GET", "POST"])
def edit(post_id: int):
    require_signed_in()
    post = access_post(current_user, post_id)
    if not can(current_user, EDIT, post):
        return render_template("errors/403.html"), 403
    form = EditPostForm()
    if request.method == "GET":
        form.raw.data, form.base_version.data = post.raw, str(post.version)
        return render_template("posts/edit.html", post=post, form=form)
    if not form.validate_on_submit():
        return render_template("posts/edit.html", post=post, form=form), 400
    base = parse_id(form.base_version.data)
    try:
        edit_post(current_user, post, form.raw.data or "", base_version=base)
    except ActionError as error:
        attach_error(form, error)
        return render_template("posts/edit.html", post=post, form=form), error.status
    return redirect(post_url(post), code=303)


@bp.get("/p/<int:post_id>/history")
def history(post_id: int) -> str:
    post = access_post(current_user, post_id)
    return render_template("posts/history.html", post=post, revisions=revisions_of(post))


@bp.post("/p/<int:post_id>/delete")
def delete(post_id: int):
    post = access_post(current_user, post_id)
    if ConfirmForm().validate_on_submit():
        delete_post(current_user, post)
    return redirect(post_url(post), code=303)


@bp.post("/p/<int:post_id>/restore")
def restore(post_id: int):
    post = access_post(current_user, post_id)
    if ConfirmForm().validate_on_submit():
        restore_post(current_user, post)
    return redirect(post_url(post), code=303)


@bp.post("/p/<int:post_id>/react")
def react(post_id: int):
    """The page's reaction buttons toggle: a second press takes the reaction back."""
    require_signed_in()
    post = access_post(current_user, post_id)
    form = ReactionForm()
    if not form.validate_on_submit():
        return render_template("errors/400.html"), 400
    if request.form.get("remove"):
        remove_reaction(current_user, post, form.kind.data)
    else:
        add_reaction(current_user, post, form.kind.data)
    return redirect(post_url(post), code=303)


@bp.route("/p/<int:post_id>/bookmark", methods=["GET", "POST"])
def bookmark(post_id: int):
    require_signed_in()
    post = access_post(current_user, post_id)
    form = BookmarkForm()
    if request.method == "GET":
        return render_template("posts/bookmark.html", post=post, form=form)
    if not form.validate_on_submit():
        return render_template("posts/bookmark.html", post=post, form=form), 400
    try:
        add_bookmark(
            current_user,
            post,
            note=form.note.data or "",
            remind_at=_local_time(form.remind_at.data),
        )
    except ActionError as error:
        attach_error(form, error)
        return render_template("posts/bookmark.html", post=post, form=form), error.status
    return redirect(post_url(post), code=303)


@bp.get("/bookmarks")
def bookmarks() -> str:
    require_signed_in()
    return render_template("posts/bookmarks.html", bookmarks=bookmarks_of(current_user))


@bp.post("/bookmarks/<int:bookmark_id>/delete")
def delete_bookmark(bookmark_id: int):
    require_signed_in()
    if ConfirmForm().validate_on_submit():
        remove_bookmark(current_user, bookmark_id)
    return redirect(url_for("posts.bookmarks"), code=303)


def _local_time(value: str | None) -> datetime | None:
    """A datetime-local field (wall-clock time in the forum's time zone) as an aware datetime."""
    if not value:
        return None
    try:
        naive = datetime.fromisoformat(value)
    except ValueError as error:
        raise ValidationError(_("That is not a date and time."), field="remind_at") from error
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return naive.replace(tzinfo=zone) if naive.tzinfo is None else naive
