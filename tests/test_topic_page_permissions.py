"""A topic page decides the reader's post verbs once per page; each answer must be can()'s."""

from datetime import UTC, datetime, timedelta

import pytest
from flask_babel import format_datetime, refresh
from flask_login import AnonymousUserMixin

from forum.actions.moderation import flag_post, hide_post, lock_post, penalise
from forum.actions.posts import delete_post
from forum.actions.topics import set_topic_status
from forum.models.base import utcnow
from forum.permissions import POST_VERBS, can
from forum.queries.posts import topic_page
from forum.views.helpers import timetag
from tests.conftest import login
from tests.factories import (
    PUBLIC,
    admin,
    make_admin,
    make_conversation,
    make_group,
    make_moderator,
    make_post,
    make_space,
    make_topic,
    make_user,
)


def post_mix(topic, author, other, moderator):
    """Posts in every state a button depends on: plain, own, deleted by their author, hidden
    by a moderator, locked."""
    plain = make_post(topic, other)
    deleted = make_post(topic, author)
    delete_post(author, deleted)
    hidden = make_post(topic, other)
    hide_post(moderator, hidden, "Off topic.")
    locked = make_post(topic, author)
    lock_post(moderator, locked, True)
    make_post(topic, author)
    return [plain, deleted, hidden, locked]


def readers(author, other, moderator):
    silenced = make_user()
    penalise(moderator, silenced, "silence", utcnow() + timedelta(days=1), "Cool down.")
    space_moderator = make_user()
    return {
        "anonymous": AnonymousUserMixin(),
        "author": author,
        "other": other,
        "silenced": silenced,
        "forum moderator": moderator,
        "space moderator": space_moderator,
        "administrator": make_admin(),
    }


def assert_page_agrees_with_can(users, topic) -> None:
    for name, user in users.items():
        for view in topic_page(user, topic, 1).items:
            expected = {verb for verb in POST_VERBS if can(user, verb, view.post)}
            assert set(view.may) == expected, (name, view.post.post_number)


@pytest.mark.parametrize("archived", [False, True])
def test_space_topic_page_answers_as_can(archived):
    author, other, moderator = make_user(), make_user(), make_moderator()
    users = readers(author, other, moderator)
    group = make_group(members=[users["space moderator"]])
    space = make_space(
        grants={
            "everyone": ["see", "read"],
            "registered": ["create_topic", "reply"],
            group.name: ["moderate"],
            "moderators": ["moderate"],
        }
    )
    topic = make_topic(author, space)
    post_mix(topic, author, other, moderator)
    if archived:
        set_topic_status(admin(), topic, archived=True)
    assert_page_agrees_with_can(users, topic)


def test_conversation_page_answers_as_can():
    author, other, moderator = make_user(), make_user(), make_moderator()
    conversation = make_conversation(author, other)
    reported = make_post(conversation, other, "Something to report.")
    flag_post(author, reported, "spam")
    make_post(conversation, author, "A second word.")
    users = {
        "author": author,
        "other": other,
        "outsider": make_user(),
        "forum moderator": moderator,
        "administrator": make_admin(),
    }
    assert_page_agrees_with_can(users, conversation)


def test_buttons_follow_the_readers_verbs(client):
    author, other, moderator = make_user(), make_user(), make_moderator()
    topic = make_topic(author, make_space(grants={**PUBLIC, "moderators": ["moderate"]}))
    own = make_post(topic, author, "My own reply.")
    theirs = make_post(topic, other, "Their reply.")
    login(client, author)
    html = client.get(f"/t/{topic.id}").get_data(as_text=True)
    assert f"/p/{own.id}/edit" in html
    assert f"/p/{theirs.id}/edit" not in html
    assert f'action="/p/{theirs.id}/react"' in html
    assert f'action="/p/{own.id}/react"' not in html
    login(client, moderator)
    html = client.get(f"/t/{topic.id}").get_data(as_text=True)
    assert f"/p/{theirs.id}/edit" in html
    assert f"/p/{own.id}/hide" in html


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_time_text_is_babels(app, language):
    # Across the spring and autumn clock changes and with naive and aware times.
    moments = [
        datetime(2026, 3, 29, 0, 30, tzinfo=UTC),
        datetime(2026, 3, 29, 1, 30, tzinfo=UTC),
        datetime(2026, 10, 25, 0, 30, tzinfo=UTC),
        datetime(2026, 10, 25, 1, 30),
        datetime(2027, 1, 1, 23, 59, 59, tzinfo=UTC),
    ]
    with app.test_request_context(headers={"Accept-Language": language}):
        refresh()
        for moment in moments:
            for _ in range(2):  # the second answer comes from the cache
                shown = timetag(moment)
                assert f">{format_datetime(moment, 'short')}</time>" in shown
            assert f">{format_datetime(moment, 'long')}</time>" in timetag(moment, "long")
