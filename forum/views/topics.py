"""Topic pages: reading, replying, starting a topic, and the moderators' switches."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, redirect, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user
from flask_wtf import FlaskForm

from forum.access import access_space, access_topic
from forum.actions.errors import ActionError
from forum.actions.posts import create_post
from forum.actions.reading import discard_draft, draft_key, mark_read, save_draft
from forum.actions.topics import (
    PIN_GLOBAL,
    PIN_NONE,
    PIN_SPACE,
    create_topic,
    move_topic,
    set_topic_status,
)
from forum.forms import MoveTopicForm, ReplyForm, TopicStatusForm
from forum.http_input import parse_id
from forum.markup import quote_markdown
from forum.models.space import CREATE_TOPIC, MODERATE, REPLY
from forum.page_cache import anonymous_page
from forum.permissions import can
from forum.queries.conversations import conversation_panel
from forum.queries.drafts import draft_for
from forum.queries.news import news_of_topic
from forum.queries.pagination import page_number
from forum.queries.posts import last_read, page_of, post_by_number, topic_page
from forum.queries.spaces import move_targets
from forum.views.events import event_context
from forum.views.helpers import attach_error, reaction_labels, require_signed_in, topic_url
from forum.views.kinds import kind_form, kind_values, requested_kind

bp = Blueprint("topics", __name__)

STATUS_CHANGES = {
    "pin": {"pin": PIN_SPACE},
    "pin-globally": {"pin": PIN_GLOBAL},
    "unpin": {"pin": PIN_NONE},
    "close": {"closed": True},
    "open": {"closed": False},
    "archive": {"archived": True},
    "unarchive": {"archived": False},
    "unlist": {"listed": False},
    "list": {"listed": True},
}


@bp.get("/t/<int:topic_id>")
@bp.get("/t/<int:topic_id>/<slug>")
def show(topic_id: int, slug: str | None = None):
    anonymous = anonymous_page()
    if anonymous is not None and (cached := anonymous.cached()) is not None:
        # Stored only after access_topic let a visitor read this topic, under the same page
        # version: every row can() reads for a visitor is covered by it, so the answer is
        # the same now.
        return cached
    topic = access_topic(current_user, topic_id)
    previous_read = last_read(current_user, topic)
    if "page" not in request.args and previous_read and page_of(previous_read) > 1:
        # A returning reader continues where they were.
        return redirect(topic_url(topic, previous_read))
    page = page_number(request.args.get("page"))
    posts = topic_page(current_user, topic, page)
    if page > posts.pages:
        return redirect(topic_url(topic, topic.last_post_number or None))
    if current_user.is_authenticated and posts.items:
        seen = posts.items[-1].post.post_number
        if previous_read is None or seen > previous_read:
            mark_read(current_user, topic, seen)
    html = render_template(
        "topics/show.html",
        topic=topic,
        posts=posts,
        previous_read=previous_read,
        can_reply=can(current_user, REPLY, topic),
        can_moderate=can(current_user, MODERATE, topic),
        move_targets=move_targets(current_user, topic)
        if can(current_user, MODERATE, topic)
        else [],
        reactions=reaction_labels(),
        conversation=conversation_panel(current_user, topic),
        news=news_of_topic(topic),
        **event_context(current_user, topic),
    )
    return html if anonymous is None else anonymous.store(html)


@bp.get("/t/<int:topic_id>/unread")
def first_unread(topic_id: int):
    topic = access_topic(current_user, topic_id)
    read = last_read(current_user, topic) or 0
    target = min(read + 1, max(topic.last_post_number, 1))
    return redirect(topic_url(topic, target))


@bp.route("/t/<int:topic_id>/reply", methods=["GET", "POST"])
def reply(topic_id: int):
    require_signed_in()
    topic = access_topic(current_user, topic_id)
    form = ReplyForm()
    key = draft_key(topic_id=topic.id)
    if request.method == "GET":
        if not can(current_user, REPLY, topic):
            return render_template("errors/403.html"), 403
        draft = draft_for(current_user, key)
        form.raw.data = draft.raw if draft else ""
        form.reply_to.data = request.args.get("to", "")
        quoted = post_by_number(current_user, topic, request.args.get("quote"))
        if quoted is not None:
            form.reply_to.data = str(quoted.post_number)
            author = quoted.user.username if quoted.user else ""
            form.raw.data = quote_markdown(author, topic.id, quoted.post_number, quoted.raw) + (
                form.raw.data or ""
            )
        return render_template("topics/reply.html", topic=topic, form=form)

    def submit() -> str:
        reply_to = parse_id(form.reply_to.data)
        post = create_post(
            current_user,
            topic,
            form.raw.data or "",
            reply_to=reply_to,
            request_key=form.request_key.data or None,
        )
        return topic_url(topic, post.post_number)

    return send_composer(form, key, "topics/reply.html", {"topic": topic}, submit)


@bp.route("/s/<slug>/new-topic", methods=["GET", "POST"])
def new_topic(slug: str):
    require_signed_in()
    space = access_space(current_user, slug)
    kind = requested_kind(space)
    form = kind_form(kind)
    key = draft_key(space_id=space.id)
    context = {"space": space, "kind": kind}
    if request.method == "GET":
        if not can(current_user, CREATE_TOPIC, space):
            return render_template("errors/403.html"), 403
        draft = draft_for(current_user, key)
        if draft:
            form.title.data, form.raw.data = draft.title, draft.raw
        return render_template("topics/new.html", form=form, **context)

    def submit() -> str:
        tags = (form.tags.data or "").replace(",", " ").split()
        title, raw = form.title.data or "", form.raw.data or ""
        topic = create_topic(
            current_user,
            space,
            title=title,
            raw=raw,
            tags=tags,
            request_key=form.request_key.data or None,
            **kind_values(form, kind),
        )
        return topic_url(topic)

    return send_composer(form, key, "topics/new.html", context, submit)


def send_composer(
    form: FlaskForm, key: str, template: str, context: dict, submit: Callable[[], str]
) -> ResponseReturnValue:
    """The POST of a composer: keep a draft, or submit and drop the draft. On any error the
    form comes back with the person's text in it.
    """
    if not form.validate_on_submit():
        return render_template(template, form=form, **context), 400
    try:
        if "save_draft" in request.form:
            title = form.title.data if hasattr(form, "title") else ""
            save_draft(current_user, key, raw=form.raw.data or "", title=title or "")
            return render_template(template, form=form, draft_saved=True, **context)
        target = submit()
        discard_draft(current_user, key)
    except ActionError as error:
        attach_error(form, error)
        return render_template(template, form=form, **context), error.status
    return redirect(target, code=303)


@bp.post("/t/<int:topic_id>/status")
def status(topic_id: int):
    topic = access_topic(current_user, topic_id, verb=MODERATE)
    form = TopicStatusForm()
    if not form.validate_on_submit() or form.change.data not in STATUS_CHANGES:
        return render_template("errors/400.html"), 400
    set_topic_status(current_user, topic, **STATUS_CHANGES[form.change.data])
    return redirect(topic_url(topic), code=303)


@bp.post("/t/<int:topic_id>/move")
def move(topic_id: int):
    topic = access_topic(current_user, topic_id, verb=MODERATE)
    form = MoveTopicForm()
    if not form.validate_on_submit():
        return render_template("errors/400.html"), 400
    move_topic(current_user, topic, access_space(current_user, form.space.data, verb=MODERATE))
    return redirect(topic_url(topic), code=303)
