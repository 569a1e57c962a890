"""Private messages: the inbox, a new conversation, adding and leaving people, and blocking."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forum.access import access_topic
from forum.actions.blocks import block_user, unblock_user
from forum.actions.conversations import add_participants, leave_conversation, start_conversation
from forum.actions.errors import ActionError, ValidationError
from forum.actions.reading import draft_key
from forum.forms import ConfirmForm, ConversationForm, PeopleForm
from forum.permissions import is_conversation, messages_space_id
from forum.queries.conversations import blocked_people, inbox
from forum.queries.drafts import draft_for
from forum.queries.pagination import page_number
from forum.queries.users import user_by_username
from forum.views.helpers import attach_error, require_signed_in, topic_url
from forum.views.topics import send_composer

bp = Blueprint("messages", __name__)


def split_names(value: str | None) -> list[str]:
    return (value or "").replace(",", " ").split()


@bp.get("/messages")
def index():
    require_signed_in()
    return render_template(
        "messages/inbox.html", listing=inbox(current_user, page_number(request.args.get("page")))
    )


@bp.route("/messages/new", methods=["GET", "POST"])
def new():
    require_signed_in()
    form = ConversationForm()
    key = draft_key(space_id=messages_space_id())
    if request.method == "GET":
        draft = draft_for(current_user, key)
        if draft:
            form.title.data, form.raw.data = draft.title, draft.raw
        form.recipients.data = request.args.get("to", "")
        return render_template("messages/new.html", form=form)

    def submit() -> str:
        topic = start_conversation(
            current_user,
            recipients=split_names(form.recipients.data),
            title=form.title.data or "",
            raw=form.raw.data or "",
        )
        return topic_url(topic)

    return send_composer(form, key, "messages/new.html", {}, submit)


def _conversation(topic_id: int):
    topic = access_topic(current_user, topic_id)
    if not is_conversation(topic):
        abort(404)
    return topic


@bp.post("/messages/<int:topic_id>/people")
def add_people(topic_id: int):
    require_signed_in()
    topic = _conversation(topic_id)
    form = PeopleForm()
    if not form.validate_on_submit():
        return render_template("errors/400.html"), 400
    try:
        added = add_participants(current_user, topic, split_names(form.recipients.data))
    except ActionError as error:
        flash(error.message, "error")
    else:
        if added:
            names = ", ".join(person.display_name for person in added)
            flash(_("Added to the conversation: %(names)s", names=names), "success")
    return redirect(topic_url(topic), code=303)


@bp.post("/messages/<int:topic_id>/leave")
def leave(topic_id: int):
    require_signed_in()
    topic = _conversation(topic_id)
    if not ConfirmForm().validate_on_submit():
        return render_template("errors/400.html"), 400
    leave_conversation(current_user, topic)
    flash(_("You left the conversation %(title)s.", title=topic.title), "success")
    return redirect(url_for("messages.index"), code=303)


@bp.route("/settings/blocked", methods=["GET", "POST"])
def blocked():
    require_signed_in()
    form = PeopleForm()
    status = 200
    if request.method == "POST":
        if not form.validate_on_submit():
            return render_template("errors/400.html"), 400
        try:
            for name in split_names(form.recipients.data):
                _block(name)
            form.recipients.data = ""
        except ActionError as error:
            attach_error(form, error)
            status = error.status
    return render_template(
        "messages/blocked.html", form=form, people=blocked_people(current_user)
    ), status


def _block(username: str) -> None:
    person = user_by_username(username.lstrip("@"))
    if person is None:
        raise ValidationError(_("No one is called %(names)s.", names=username), field="recipients")
    if block_user(current_user, person):
        flash(_("You blocked %(name)s.", name=person.display_name), "success")


@bp.post("/u/<username>/block")
def block(username: str):
    return _change_block(username, blocking=True)


@bp.post("/u/<username>/unblock")
def unblock(username: str):
    return _change_block(username, blocking=False)


def _change_block(username: str, *, blocking: bool):
    require_signed_in()
    person = user_by_username(username)
    if person is None:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        return render_template("errors/400.html"), 400
    try:
        if blocking and block_user(current_user, person):
            flash(_("You blocked %(name)s.", name=person.display_name), "success")
        elif not blocking and unblock_user(current_user, person):
            flash(_("You unblocked %(name)s.", name=person.display_name), "success")
    except ActionError as error:
        flash(error.message, "error")
    return redirect(url_for("messages.blocked"), code=303)
