"""Splitting posts off into a new topic and merging topics."""

import pytest
from sqlalchemy import select

from forum.actions.errors import PermissionDenied, ValidationError
from forum.actions.topic_surgery import merge_topics, split_topic
from forum.extensions import db
from forum.models import AuditRecord, Notification, Post, Topic
from forum.models.group import EVERYONE, MODERATORS, REGISTERED
from tests.conftest import login
from tests.factories import make_moderator, make_post, make_space, make_topic, make_user
from tests.helpers import csrf_token

GRANTS = {
    EVERYONE: ["see", "read"],
    REGISTERED: ["create_topic", "reply"],
    MODERATORS: ["moderate"],
}


def numbers(topic_id: int) -> list[tuple[int, str, int | None]]:
    db.session.rollback()
    return [
        (p.post_number, p.raw, p.reply_to_post_number)
        for p in db.session.scalars(
            select(Post).where(Post.topic_id == topic_id).order_by(Post.post_number)
        )
    ]


def test_split_moves_posts_with_their_replies_and_notifications():
    moderator, aino, bea = make_moderator(), make_user("aino"), make_user("bea")
    topic = make_topic(aino, make_space(grants=GRANTS), raw="Original question")
    make_post(topic, bea, "On topic")
    make_post(topic, bea, "A tangent, @aino")
    make_post(topic, aino, "Answer to the tangent", reply_to=3)
    new = split_topic(moderator, topic, ["3", "#4"], "The tangent")
    assert numbers(topic.id) == [(1, "Original question", None), (2, "On topic", None)]
    assert numbers(new.id) == [
        (1, "A tangent, @aino", None),
        (2, "Answer to the tangent", 1),
    ]
    moved = db.session.scalar(select(Notification).where(Notification.kind == "mention"))
    assert (moved.topic_id, moved.post_number) == (new.id, 1)
    assert db.session.get(Topic, new.id).posts_count == 2
    assert db.session.get(Topic, topic.id).posts_count == 2
    with pytest.raises(ValidationError):
        split_topic(moderator, topic, ["1"], "Not the first post")
    with pytest.raises(ValidationError):
        split_topic(moderator, topic, ["9"], "No such post")
    with pytest.raises(PermissionDenied):
        split_topic(aino, topic, ["2"], "Not a moderator")


def test_merge_appends_posts_and_deletes_the_empty_topic():
    moderator, aino = make_moderator(), make_user("aino")
    space = make_space(grants=GRANTS)
    target, source = make_topic(aino, space, raw="Kept"), make_topic(aino, space, raw="Dup")
    make_post(source, aino, "Reply to dup", reply_to=1)
    merge_topics(moderator, source, target)
    assert numbers(target.id) == [(1, "Kept", None), (2, "Dup", None), (3, "Reply to dup", 2)]
    assert db.session.get(Topic, source.id).deleted_at is not None
    with pytest.raises(ValidationError):
        merge_topics(moderator, target, target)
    actions = list(db.session.scalars(select(AuditRecord.action)))
    assert actions == ["topic.merged"]


def test_split_and_merge_forms_on_the_topic_page(app, client):
    moderator, aino = make_moderator(), make_user("aino")
    space = make_space(grants=GRANTS)
    topic, other = make_topic(aino, space), make_topic(aino, space)
    make_post(topic, aino, "Move me")
    login(client, moderator)
    token = csrf_token(client, f"/t/{topic.id}")
    split = client.post(
        f"/t/{topic.id}/split", data={"posts": "2", "title": "Moved away", "csrf_token": token}
    )
    assert split.status_code == 303
    merged = client.post(
        f"/t/{topic.id}/merge", data={"target": str(other.id), "csrf_token": token}
    )
    assert merged.status_code == 303
    assert f"/t/{other.id}" in merged.headers["Location"]
    third = make_topic(aino, space)
    author = app.test_client()
    login(author, aino)
    own_token = csrf_token(author, f"/t/{other.id}")
    refused = author.post(
        f"/t/{other.id}/merge", data={"target": str(third.id), "csrf_token": own_token}
    )
    assert refused.status_code == 403
