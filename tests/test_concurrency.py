"""Concurrent writers lose nothing: post numbers stay unique and gap-free."""

import sqlite3
import threading
import time

import pytest
from sqlalchemy import select

from forum import database
from forum.actions.posts import create_post
from forum.extensions import db
from forum.models import Post, Topic, User
from tests.factories import make_topic, make_user

THREADS = 10
REPLIES_EACH = 50


def test_concurrent_replies_get_consecutive_unique_numbers(app):
    topic = make_topic()
    authors = [make_user().id for _ in range(THREADS)]
    topic_id = topic.id
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def write(author_id: int) -> None:
        with app.app_context():
            try:
                author = db.session.get(User, author_id)
                start.wait()
                for n in range(REPLIES_EACH):
                    create_post(
                        author, db.session.get(Topic, topic_id), f"Reply {n} by {author_id}"
                    )
            except BaseException as error:
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=write, args=(a,)) for a in authors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    db.session.rollback()
    numbers = list(
        db.session.scalars(
            select(Post.post_number).where(Post.topic_id == topic_id).order_by(Post.post_number)
        )
    )
    assert numbers == list(range(1, THREADS * REPLIES_EACH + 2))
    db.session.refresh(topic)
    assert topic.posts_count == THREADS * REPLIES_EACH + 1
    assert topic.last_post_number == topic.highest_visible_number == THREADS * REPLIES_EACH + 1


def test_a_writer_that_outwaits_the_busy_timeout_still_gets_its_post_in(app, monkeypatch, caplog):
    """Another process holds SQLite's write lock longer than one busy_timeout: the action
    waits again instead of failing the person's post."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's single write lock; PostgreSQL locks rows")
    topic_id, author_id = make_topic().id, make_user().id
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 200)
    db.session.remove()
    db.engine.dispose()
    path = db.engine.url.database
    locked = threading.Event()

    def hold_the_lock() -> None:
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        locked.set()
        time.sleep(0.35)  # longer than the busy_timeout below
        other.rollback()
        other.close()

    holder = threading.Thread(target=hold_the_lock)
    holder.start()
    locked.wait()
    try:
        author, topic = db.session.get(User, author_id), db.session.get(Topic, topic_id)
        number = create_post(author, topic, "Still here after the wait").post_number
    finally:
        holder.join()
        db.session.remove()
        db.engine.dispose()
    assert number == 2
    assert "waiting again" in caplog.text
