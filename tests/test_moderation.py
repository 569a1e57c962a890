"""Moderation through the actions: flags, auto-hide, review, hiding, slow mode, penalties,
the scope of a space's moderators and the audit trail."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from forum.actions.errors import Conflict, PermissionDenied, ValidationError
from forum.actions.moderation import (
    flag_post,
    hide_post,
    lift_penalties,
    penalise,
    review_flags,
    set_slow_mode,
    unhide_post,
)
from forum.actions.posts import create_post
from forum.extensions import db
from forum.models import AuditRecord, Notification, Post
from forum.models.base import utcnow
from forum.models.group import EVERYONE, REGISTERED
from forum.permissions import can
from forum.queries.moderation import review_queue
from tests.factories import (
    REGISTERED_ONLY,
    make_admin,
    make_group,
    make_moderator,
    make_post,
    make_space,
    make_topic,
    make_user,
)


def first_post(topic) -> Post:
    return db.session.scalar(select(Post).where(Post.topic_id == topic.id, Post.post_number == 1))


def audit_actions() -> list[str]:
    db.session.rollback()
    return list(db.session.scalars(select(AuditRecord.action).order_by(AuditRecord.id)))


@pytest.fixture
def trusted(app):
    """Every registered account counts as trusted, and two flags hide a post."""
    saved = app.config["FLAG_TRUST_DAYS"], app.config["FLAG_AUTO_HIDE"]
    app.config["FLAG_TRUST_DAYS"], app.config["FLAG_AUTO_HIDE"] = 0, 2
    yield
    app.config["FLAG_TRUST_DAYS"], app.config["FLAG_AUTO_HIDE"] = saved


def weaver_space():
    """A space moderated by a group of weavers, and another they do not moderate."""
    weaver = make_user("weaver")
    weavers = make_group("weavers-x", members=[weaver])
    grants = {EVERYONE: ["see", "read"], REGISTERED: ["create_topic", "reply"]}
    theirs = make_space("theirs", grants={**grants, weavers.name: ["moderate"]})
    other = make_space("other", grants=grants)
    return weaver, theirs, other


def test_flagging_refuses_ones_own_post_a_second_flag_and_a_missing_message():
    author, reader = make_user("author"), make_user("reader")
    post = first_post(make_topic(author))
    with pytest.raises(ValidationError):
        flag_post(author, post, "spam")
    with pytest.raises(ValidationError):
        flag_post(reader, post, "other", "  ")
    with pytest.raises(ValidationError):
        flag_post(reader, post, "boring")
    flag_post(reader, post, "spam")
    with pytest.raises(Conflict):
        flag_post(reader, post, "off_topic")


def test_trusted_flags_hide_a_post_until_reviewed(trusted):
    author = make_user("author")
    post = first_post(make_topic(author))
    reply = make_post(post.topic, author, "Buy cheap things")
    flag_post(make_user(), reply, "spam")
    db.session.rollback()
    assert db.session.get(Post, reply.id).deleted_at is None
    flag_post(make_user(), reply, "spam")
    db.session.rollback()
    assert db.session.get(Post, reply.id).deleted_at is not None
    assert "post.auto_hidden" in audit_actions()
    kinds = db.session.scalars(select(Notification.kind).where(Notification.user_id == author.id))
    assert "moderation" in list(kinds)
    # A moderator disagreeing brings the post back.
    review_flags(make_moderator(), db.session.get(Post, reply.id), "disagreed")
    db.session.rollback()
    assert db.session.get(Post, reply.id).deleted_at is None
    assert audit_actions()[-1] == "flags.disagreed"


def test_new_accounts_flags_do_not_hide(app):
    author = make_user("author")
    post = make_post(make_topic(author), author, "Hello")
    for _n in range(app.config["FLAG_AUTO_HIDE"]):
        flag_post(make_user(), post, "spam")  # registered just now: not trusted yet
    db.session.rollback()
    assert db.session.get(Post, post.id).deleted_at is None


def test_a_space_moderator_acts_in_their_spaces_only():
    weaver, theirs, other = weaver_space()
    author, reader = make_user("author"), make_user("reader")
    mine, elsewhere = make_topic(author, theirs), make_topic(author, other)
    flag_post(reader, first_post(mine), "inappropriate", "rude")
    flag_post(reader, first_post(elsewhere), "spam")
    assert [item.post.topic_id for item in review_queue(weaver)] == [mine.id]
    assert len(review_queue(make_moderator())) == 2  # global moderators see all
    with pytest.raises(PermissionDenied):
        review_flags(weaver, first_post(elsewhere), "agreed")
    with pytest.raises(PermissionDenied):
        hide_post(weaver, first_post(elsewhere))
    review_flags(weaver, first_post(mine), "agreed", "Be kind.")
    db.session.rollback()
    assert first_post(mine).deleted_at is not None
    assert review_queue(weaver) == []
    with pytest.raises(Conflict):
        review_flags(weaver, first_post(mine), "deleted")
    assert audit_actions() == ["flags.agreed"]


def test_hiding_and_restoring_a_post_is_audited_and_told():
    weaver, theirs, _other = weaver_space()
    author = make_user("author")
    topic = make_topic(author, theirs)
    post = make_post(topic, make_user(), "Off-topic")
    hide_post(weaver, post, "Off-topic here")
    with pytest.raises(Conflict):
        hide_post(weaver, post)
    unhide_post(weaver, post)
    assert audit_actions() == ["post.hidden", "post.restored"]
    message = db.session.scalar(select(Notification.data).where(Notification.kind == "moderation"))
    assert message["message"] == "Off-topic here"


def test_slow_mode_allows_one_post_per_interval():
    weaver, theirs, _other = weaver_space()
    topic = make_topic(make_user(), theirs)
    set_slow_mode(weaver, topic, 3600)
    poster = make_user("poster")
    create_post(poster, topic, "First")
    with pytest.raises(PermissionDenied) as refused:
        create_post(poster, topic, "Second, too soon")
    assert refused.value.code == "slow_mode"
    create_post(weaver, topic, "Moderators are not slowed")
    with pytest.raises(ValidationError):
        set_slow_mode(weaver, topic, -1)
    with pytest.raises(PermissionDenied):
        set_slow_mode(poster, topic, 10)


def test_silencing_makes_an_account_read_only_until_lifted():
    moderator, person = make_moderator(), make_user("person")
    topic = make_topic(make_user())
    penalise(moderator, person, "silence", utcnow() + timedelta(days=3), "Cool down.")
    with pytest.raises(PermissionDenied):
        create_post(person, topic, "Still here")
    with pytest.raises(PermissionDenied):
        flag_post(person, first_post(topic), "spam")
    members_only = make_topic(make_user(), make_space(grants=REGISTERED_ONLY))
    assert can(person, "read", members_only)  # read-only, not shut out
    assert not can(person, "reply", members_only)
    assert lift_penalties(moderator, person) == 1
    create_post(person, topic, "Back again")
    assert audit_actions() == ["user.silence", "user.penalties_lifted"]


def test_penalties_are_refused_for_administrators_past_dates_and_space_moderators():
    moderator, person = make_moderator(), make_user("person")
    weaver, _theirs, _other = weaver_space()
    later = utcnow() + timedelta(days=1)
    with pytest.raises(PermissionDenied):
        penalise(moderator, make_admin(), "suspend", later, "No")
    with pytest.raises(ValidationError):
        penalise(moderator, person, "suspend", utcnow() - timedelta(days=1), "Late")
    with pytest.raises(ValidationError):
        penalise(moderator, person, "suspend", later, "")
    with pytest.raises(PermissionDenied):
        penalise(weaver, person, "suspend", later, "Not theirs to do")
    assert audit_actions() == []


def test_the_audit_trail_cannot_be_rewritten():
    moderator, person = make_moderator(), make_user("person")
    penalise(moderator, person, "silence", utcnow() + timedelta(days=1), "Noise")
    db.session.rollback()
    record = db.session.scalar(select(AuditRecord))
    record.action = "nothing.happened"
    with pytest.raises(PermissionError):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.scalar(select(AuditRecord)))
    with pytest.raises(PermissionError):
        db.session.flush()
    db.session.rollback()


def test_a_locked_post_cannot_be_edited_by_its_author():
    from forum.actions.moderation import lock_post
    from forum.actions.posts import edit_post

    weaver, theirs, _other = weaver_space()
    author = make_user("author")
    post = make_post(make_topic(author, theirs), author, "Draft text")
    lock_post(weaver, post, True)
    with pytest.raises(Conflict):
        lock_post(weaver, post, True)
    with pytest.raises(PermissionDenied):
        edit_post(author, post, "Changed text")
    edit_post(weaver, post, "Moderator's correction")
    lock_post(weaver, post, False)
    edit_post(author, post, "The author's own words again")
    with pytest.raises(PermissionDenied):
        lock_post(author, post, True)
    assert audit_actions() == ["post.locked", "post.unlocked"]


def test_topic_switches_moves_and_deleting_others_posts_are_audited():
    from forum.actions.posts import delete_post, restore_post
    from forum.actions.topics import move_topic, set_topic_status

    weaver, theirs, _other = weaver_space()
    elsewhere = make_space(grants={"weavers-x": ["moderate"], EVERYONE: ["see", "read"]})
    author = make_user("author")
    topic = make_topic(author, theirs)
    own = make_post(topic, author, "Mine")
    delete_post(author, own)  # an author's own act: not a moderation act
    other = make_post(topic, make_user(), "Theirs")
    delete_post(weaver, other)
    restore_post(weaver, other)
    set_topic_status(weaver, topic, closed=True, pin="space")
    move_topic(weaver, topic, elsewhere)
    assert audit_actions() == ["post.deleted", "post.restored", "topic.status", "topic.moved"]
    db.session.rollback()
    status = db.session.scalar(
        select(AuditRecord.details).where(AuditRecord.action == "topic.status")
    )
    assert status == {"topic_id": topic.id, "closed": True, "pin": "space"}


def test_first_posts_of_new_accounts_wait_for_approval_in_a_holding_space():
    from forum.actions.holds import decide_held_post, set_hold_first_posts
    from forum.actions.notifications import set_watch_level
    from forum.models.moderation import PostHold
    from forum.queries.moderation import held_posts

    weaver, theirs, other = weaver_space()
    set_hold_first_posts(weaver, theirs, 1)
    with pytest.raises(PermissionDenied):
        set_hold_first_posts(weaver, other, 1)
    watcher, newcomer = make_user("watcher"), make_user("newcomer")
    set_watch_level(watcher, theirs, "watching")
    topic = make_topic(make_user("veteran"), theirs)  # the veteran's first post is held too
    db.session.rollback()
    assert topic.deleted_at is not None
    decide_held_post(weaver, first_post(topic), approve=True)
    post = make_post(topic, newcomer, "Hello, I am new here")
    db.session.rollback()
    assert post.deleted_at is not None  # hidden from readers until approved
    assert [p.id for p in held_posts(weaver)] == [post.id]
    watched = select(Notification.post_id).where(Notification.user_id == watcher.id)
    assert post.id not in list(db.session.scalars(watched))
    decide_held_post(weaver, post, approve=True)
    db.session.rollback()
    assert db.session.get(Post, post.id).deleted_at is None
    assert post.id in list(db.session.scalars(watched))  # notified once approved
    with pytest.raises(Conflict):
        decide_held_post(weaver, post, approve=False)
    # One approved post is enough here: the next one appears at once.
    assert make_post(topic, newcomer, "Second post").deleted_at is None
    rejected = make_post(topic, make_user("spammer"), "Buy now")
    decide_held_post(weaver, rejected, approve=False, reason="Advertising")
    db.session.rollback()
    assert db.session.get(Post, rejected.id).deleted_at is not None
    assert db.session.get(PostHold, rejected.id).approved is False
    assert audit_actions()[-1] == "post.rejected"


@pytest.fixture
def whoosh(app):
    from tests.search_helpers import use_backend

    yield from use_backend(app, "whoosh")


@pytest.mark.usefixtures("whoosh")
def test_a_hidden_post_leaves_search_and_open_pages_until_restored(captured_events):
    from forum.queries.search import run_search

    reader, moderator = make_user(), make_moderator()
    topic = make_topic(make_user(), title="Kainuu exercise chain")
    post = make_post(topic, make_user(), "Counselling walrus sessions")
    assert run_search(reader, "walrus").total == 1
    captured_events.clear()
    hide_post(moderator, post, "Off topic")
    hidden = {"topic_id": topic.id, "post_id": post.id, "post_number": post.post_number}
    assert ("post.hidden", f"topic:{topic.id}", hidden) in captured_events
    assert run_search(reader, "walrus").total == 0
    unhide_post(moderator, post)
    assert run_search(reader, "walrus").total == 1
