"""Actions publish exactly the declared real-time events, and only after commit."""

import pytest

from forum.actions.base import action
from forum.actions.errors import ValidationError
from forum.actions.posts import create_post, delete_post, edit_post, restore_post
from forum.actions.reactions import add_reaction, remove_reaction
from forum.actions.topics import move_topic, set_topic_status
from forum.event_types import EVENT_TYPES
from forum.events import check_shape
from tests.factories import admin, make_post, make_space, make_topic, make_user


def topic_events(events: list) -> list:
    """The events to topic and space rooms; notifications to people are tested apart."""
    return [event for event in events if not event[1].startswith("user:")]


def test_a_reply_publishes_post_created_to_its_topic_room(captured_events):
    topic = make_topic()
    captured_events.clear()
    post = create_post(make_user("aino"), topic, "Hei **kaikki**")
    assert topic_events(captured_events) == [
        (
            "post.created",
            f"topic:{topic.id}",
            {
                "topic_id": topic.id,
                "post_id": post.id,
                "post_number": 2,
                "author": {"username": "aino", "display_name": post.user.display_name},
                "cooked": "<p>Hei <strong>kaikki</strong></p>\n",
                "language": "fi",
                "created_at": post.created_at.isoformat(),
                "reply_to_post_number": None,
            },
        )
    ]


def test_a_new_topic_goes_to_its_space_room(captured_events):
    space = make_space()
    topic = make_topic(space=space)
    names = [(name, room) for name, room, _ in captured_events]
    assert ("topic.created", f"space:{space.id}") in names
    assert ("post.created", f"topic:{topic.id}") in names


def test_nothing_is_published_for_a_rolled_back_action(captured_events):
    topic = make_topic()
    author = make_user()
    captured_events.clear()

    @action
    def reply_then_fail() -> None:
        create_post(author, topic, "Never seen")
        raise ValidationError("stop")

    with pytest.raises(ValidationError):
        reply_then_fail()
    assert captured_events == []


def test_edits_deletions_reactions_and_switches_publish_their_events(captured_events):
    author, reader = make_user(), make_user()
    topic = make_topic()
    post = make_post(topic, author)
    captured_events.clear()
    edit_post(author, post, "Changed")
    add_reaction(reader, post, "like")
    remove_reaction(reader, post, "like")
    delete_post(author, post)
    restore_post(author, post)
    set_topic_status(admin(), topic, closed=True)
    events = topic_events(captured_events)
    names = [name for name, _room, _payload in events]
    assert names == [
        "post.updated",
        "reaction.changed",
        "reaction.changed",
        "post.deleted",
        "post.restored",
        "topic.updated",
        "topic.updated",
    ]
    assert events[1][2]["count"] == 1
    assert events[2][2]["count"] == 0
    assert "cooked" not in events[3][2]  # a deleted post's content is not sent


def test_moving_a_topic_tells_both_spaces(captured_events):
    source, target = make_space(), make_space()
    topic = make_topic(space=source)
    captured_events.clear()
    move_topic(admin(), topic, target)
    rooms = {room for name, room, _ in captured_events if name == "topic.updated"}
    assert rooms == {f"topic:{topic.id}", f"space:{source.id}", f"space:{target.id}"}


def test_every_declared_event_checks_its_shape():
    for name, shape in EVENT_TYPES.items():
        check_shape(name, dict.fromkeys(shape.__annotations__))
    with pytest.raises(ValueError, match="undeclared"):
        check_shape("post.exploded", {})
    with pytest.raises(ValueError, match="payload keys"):
        check_shape("typing", {"topic_id": 1})


def test_a_reply_notifies_the_topics_author_in_their_own_room(captured_events):
    author = make_user()
    topic = make_topic(author)
    captured_events.clear()
    create_post(make_user(), topic, "A reply")
    personal = [(name, room) for name, room, _ in captured_events if room.startswith("user:")]
    assert ("notification.created", f"user:{author.id}") in personal
    assert ("notification.count", f"user:{author.id}") in personal
