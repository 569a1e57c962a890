"""Notifications through the actions: each kind, each watch level, and who never hears."""

import pytest
from sqlalchemy import select

from forum.actions.errors import NotFound, PermissionDenied, ValidationError
from forum.actions.notifications import (
    mark_all_notifications_read,
    mark_notification_read,
    set_watch_level,
)
from forum.actions.reactions import add_reaction
from forum.actions.reading import mark_read
from forum.extensions import db
from forum.models import Notification
from tests.factories import (
    REGISTERED_ONLY,
    make_group,
    make_post,
    make_space,
    make_topic,
    make_user,
)


def kinds(user) -> list[tuple[str, int | None]]:
    db.session.rollback()
    return [
        (n.kind, n.post_number)
        for n in db.session.scalars(
            select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
        )
    ]


def test_a_mention_notifies_the_person_once_and_never_the_author():
    aino, bea = make_user("aino"), make_user("bea")
    topic = make_topic(aino)
    make_post(topic, bea, "Hello @aino and @bea, see this.")
    assert kinds(aino) == [("mention", 2)]
    assert kinds(bea) == []


def test_a_group_mention_notifies_its_members():
    aino, bea, cai = make_user("aino"), make_user("bea"), make_user("cai")
    make_group("helpers", members=[bea, cai])
    topic = make_topic(aino)
    db.session.rollback()
    set_watch_level(aino, topic, "normal")
    make_post(topic, cai, "Could @helpers look at this?")
    assert kinds(bea) == [("group_mention", 2)]
    assert kinds(cai) == []
    assert kinds(aino) == []


def test_a_reply_and_a_quote_notify_the_author_they_concern():
    aino, bea, cai = make_user("aino"), make_user("bea"), make_user("cai")
    topic = make_topic(aino)
    set_watch_level(aino, topic, "normal")
    make_post(topic, bea, "A first answer.")
    make_post(topic, cai, "Answering Bea.", reply_to=2)
    make_post(
        topic, aino, f'[quote="bea, post:2, topic:{topic.id}"]\nA first answer.\n[/quote]\nYes.'
    )
    assert kinds(bea) == [("reply", 3), ("quote", 4)]


def test_the_strongest_kind_wins_when_a_post_concerns_someone_twice():
    aino, bea = make_user("aino"), make_user("bea")
    topic = make_topic(aino)
    make_post(topic, bea, "Thanks @aino", reply_to=1)
    assert kinds(aino) == [("mention", 2)]


def test_watch_levels_of_a_topic():
    author, other = make_user("author"), make_user("other")
    watcher, tracker, muted = make_user("watcher"), make_user("tracker"), make_user("muted")
    topic = make_topic(author)
    set_watch_level(watcher, topic, "watching")
    set_watch_level(tracker, topic, "tracking")
    set_watch_level(muted, topic, "muted")
    make_post(topic, other, "Hello @tracker and @muted")
    assert kinds(watcher) == [("new_post", 2)]
    assert kinds(tracker) == [("mention", 2)]
    assert kinds(muted) == []
    # The author of a topic watches it unless they chose otherwise.
    assert kinds(author) == [("new_post", 2)]


def test_watching_a_space_notifies_new_topics_and_posts_unless_the_topic_says_otherwise():
    space = make_space()
    watcher, author = make_user("watcher"), make_user("author")
    set_watch_level(watcher, space, "watching")
    topic = make_topic(author, space)
    make_post(topic, author, "More from me.")
    quiet = make_topic(author, space)
    set_watch_level(watcher, quiet, "normal")
    make_post(quiet, author, "Nobody hears this.")
    assert kinds(watcher) == [("new_topic", 1), ("new_post", 2), ("new_topic", 1)]


def test_a_muted_space_silences_mentions():
    space = make_space()
    muted, author = make_user("muted"), make_user("author")
    set_watch_level(muted, space, "muted")
    make_topic(author, space, raw="Ping @muted")
    assert kinds(muted) == []


def test_reactions_collapse_into_one_unread_notification():
    aino = make_user("aino")
    topic = make_topic(aino)
    post = topic_first_post(topic)
    add_reaction(make_user(), post, "like")
    add_reaction(make_user(), post, "thanks")
    db.session.rollback()
    [notification] = db.session.scalars(
        select(Notification).where(Notification.user_id == aino.id)
    ).all()
    assert notification.kind == "reaction"
    assert notification.data["count"] == 2


def topic_first_post(topic):
    from forum.models import Post

    return db.session.scalar(select(Post).where(Post.topic_id == topic.id, Post.post_number == 1))


def test_nobody_hears_of_a_post_they_cannot_read():
    insider, outsider = make_user("insider"), make_user("outsider")
    club = make_group("club", members=[insider])
    private = make_space(grants={club.name: ["see", "read", "create_topic", "reply"]})
    set_watch_level(insider, private, "watching")
    with pytest.raises(PermissionDenied):
        set_watch_level(outsider, private, "watching")
    make_topic(insider, private, raw="Only for @club, not @outsider")
    make_topic(make_user("member2", groups=()), make_space(grants=REGISTERED_ONLY), raw="hi")
    assert kinds(outsider) == []


def test_reading_the_topic_marks_its_notifications_read():
    aino, bea = make_user("aino"), make_user("bea")
    topic = make_topic(aino)
    make_post(topic, bea, "One")
    make_post(topic, bea, "Two")
    mark_read(aino, topic, 2)
    db.session.rollback()
    read = {
        n.post_number: n.read_at is not None
        for n in db.session.scalars(select(Notification).where(Notification.user_id == aino.id))
    }
    assert read == {2: True, 3: False}
    assert mark_all_notifications_read(aino) == 1


def test_marking_someone_elses_notification_is_refused():
    aino, bea = make_user("aino"), make_user("bea")
    topic = make_topic(aino)
    make_post(topic, bea, "One")
    db.session.rollback()
    notification_id = db.session.scalar(select(Notification.id))
    with pytest.raises(NotFound):
        mark_notification_read(bea, notification_id)
    assert mark_notification_read(aino, notification_id).read_at is not None


def test_an_unknown_watch_level_is_refused():
    with pytest.raises(ValidationError):
        set_watch_level(make_user(), make_topic(), "loud")
