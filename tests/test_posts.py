"""Editing with history, soft deletion, reactions and bookmarks."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from forum.actions.errors import Conflict, PermissionDenied
from forum.actions.posts import delete_post, edit_post, restore_post
from forum.actions.reactions import add_reaction
from forum.extensions import db
from forum.models import Post, PostRevision
from forum.models.base import utcnow
from tests.conftest import login
from tests.factories import make_moderator, make_post, make_space, make_topic, make_user
from tests.helpers import csrf_token


def first_post(topic) -> Post:
    return db.session.scalar(select(Post).where(Post.topic_id == topic.id, Post.post_number == 1))


def test_an_edit_keeps_the_earlier_version_in_the_history(client):
    author = make_user("aino")
    topic = make_topic(author, raw="Version one")
    post = first_post(topic)
    login(client, author)
    token = csrf_token(client, f"/p/{post.id}/edit")
    answer = client.post(
        f"/p/{post.id}/edit",
        data={"raw": "Version **two**", "base_version": "1", "csrf_token": token},
    )
    assert answer.status_code == 303
    page = client.get(f"/t/{topic.id}").text
    assert "Version <strong>two</strong>" in page
    history = client.get(f"/p/{post.id}/history").text
    assert "Version one" in history
    assert "Version <strong>two</strong>" in history
    revision = db.session.scalar(select(PostRevision).where(PostRevision.post_id == post.id))
    assert (revision.version, revision.raw, revision.user_id) == (1, "Version one", author.id)


def test_a_stale_edit_is_refused_and_the_text_kept(client):
    author = make_user("aino")
    topic = make_topic(author, raw="Original")
    post = first_post(topic)
    edit_post(author, post, "Edited in another tab", base_version=1)
    login(client, author)
    answer = client.post(
        f"/p/{post.id}/edit",
        data={"raw": "My long careful edit", "base_version": "1", "csrf_token": csrf_token(client)},
        headers={"Accept-Language": "en"},
    )
    assert answer.status_code == 409
    assert "Someone else edited this post" in answer.text
    assert "My long careful edit" in answer.text
    db.session.refresh(post)
    assert post.raw == "Edited in another tab"


def test_only_the_author_or_a_moderator_edits(client):
    topic = make_topic(raw="Mine")
    post = first_post(topic)
    with pytest.raises(PermissionDenied):
        edit_post(make_user(), post, "Not yours")
    login(client, make_user())
    assert client.get(f"/p/{post.id}/edit").status_code == 403


def test_unchanged_text_makes_no_revision():
    author = make_user()
    post = first_post(make_topic(author, raw="Same"))
    assert edit_post(author, post, "Same") is False
    assert post.version == 1


def test_a_deleted_post_is_a_placeholder_for_others_and_restorable_by_its_author(app, client):
    author = make_user("aino")
    topic = make_topic()
    reply = make_post(topic, author, "Regrettable words")
    login(client, author)
    token = csrf_token(client, f"/t/{topic.id}")
    assert client.post(f"/p/{reply.id}/delete", data={"csrf_token": token}).status_code == 303
    other = app.test_client()
    page = other.get(f"/t/{topic.id}", headers={"Accept-Language": "en"}).text
    assert "Regrettable words" not in page
    assert "This post was deleted." in page
    assert "Regrettable words" in client.get(f"/t/{topic.id}").text  # the author still sees it
    assert client.post(f"/p/{reply.id}/restore", data={"csrf_token": token}).status_code == 303
    assert "Regrettable words" in other.get(f"/t/{topic.id}").text
    db.session.refresh(topic)
    assert topic.posts_count == 2


def test_deleting_the_first_post_deletes_the_topic_for_readers(client):
    author = make_user()
    topic = make_topic(author)
    delete_post(author, first_post(topic))
    assert client.get(f"/t/{topic.id}").status_code == 404
    assert topic.title not in client.get("/latest").text


def test_a_moderator_deletes_any_post_and_the_author_cannot_restore_it():
    moderator = make_moderator()
    space = make_space(
        grants={
            "everyone": ["see", "read"],
            "registered": ["reply", "create_topic"],
            "moderators": ["moderate"],
        }
    )
    author = make_user()
    topic = make_topic(space=space)
    reply = make_post(topic, author)
    delete_post(moderator, reply)
    with pytest.raises(PermissionDenied):
        restore_post(author, reply)


def test_reactions_toggle_on_the_page_and_count(client):
    topic = make_topic()
    post = first_post(topic)
    reader = make_user()
    login(client, reader)
    token = csrf_token(client, f"/t/{topic.id}")
    client.post(f"/p/{post.id}/react", data={"kind": "thanks", "csrf_token": token})
    page = client.get(f"/t/{topic.id}").text
    assert 'aria-pressed="true"' in page
    assert '<span class="reaction__count">1</span>' in page
    client.post(f"/p/{post.id}/react", data={"kind": "thanks", "remove": "1", "csrf_token": token})
    assert 'aria-pressed="true"' not in client.get(f"/t/{topic.id}").text


def test_a_second_reaction_of_the_same_kind_is_a_conflict():
    post = first_post(make_topic())
    reader = make_user()
    add_reaction(reader, post, "like")
    with pytest.raises(Conflict):
        add_reaction(reader, post, "like")
    add_reaction(reader, post, "thanks")


def test_no_reacting_to_ones_own_post_or_with_an_unknown_kind(client):
    author = make_user()
    post = first_post(make_topic(author))
    with pytest.raises(PermissionDenied):
        add_reaction(author, post, "like")
    login(client, make_user())
    answer = client.post(
        f"/p/{post.id}/react", data={"kind": "angry", "csrf_token": csrf_token(client)}
    )
    assert answer.status_code == 400


def test_bookmarks_with_a_reminder(client):
    post = first_post(make_topic(title="Funding calls for spring"))
    login(client, make_user())
    token = csrf_token(client, f"/p/{post.id}/bookmark")
    past = (utcnow() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    refused = client.post(f"/p/{post.id}/bookmark", data={"remind_at": past, "csrf_token": token})
    assert refused.status_code == 400
    future = (utcnow() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    saved = client.post(
        f"/p/{post.id}/bookmark",
        data={"note": "Read later", "remind_at": future, "csrf_token": token},
    )
    assert saved.status_code == 303
    listing = client.get("/bookmarks").text
    assert "Funding calls for spring" in listing
    assert "Read later" in listing
    assert client.post(f"/p/{post.id}/bookmark", data={"csrf_token": token}).status_code == 409
