"""Concurrent writers lose nothing: post numbers stay unique and gap-free."""

import threading

from sqlalchemy import select

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
