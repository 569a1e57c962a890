"""Read tracking, the topic lists (latest, new, unread, top, tags) and moderators' switches."""

import threading

import pytest
from sqlalchemy import select

from forum.actions.reading import mark_read
from forum.actions.topics import set_topic_status
from forum.extensions import db
from forum.models import TopicRead
from tests.conftest import login
from tests.factories import admin, make_post, make_space, make_topic, make_user
from tests.helpers import csrf_token


def read_position(user, topic) -> int | None:
    return db.session.scalar(
        select(TopicRead.last_read_post_number).where(
            TopicRead.user_id == user.id, TopicRead.topic_id == topic.id
        )
    )


def test_opening_a_topic_marks_it_read_and_new_replies_make_it_unread(client):
    reader = make_user("reader")
    topic = make_topic(title="Ecosystem map of Kainuu")
    login(client, reader)
    assert "Ecosystem map of Kainuu" in client.get("/new").text
    client.get(f"/t/{topic.id}")
    assert read_position(reader, topic) == 1
    assert "Ecosystem map of Kainuu" not in client.get("/new").text
    assert "Ecosystem map of Kainuu" not in client.get("/unread").text
    make_post(topic)
    make_post(topic)
    unread = client.get("/unread", headers={"Accept-Language": "en"}).text
    assert "Ecosystem map of Kainuu" in unread
    assert "2 unread" in unread
    jump = client.get(f"/t/{topic.id}/unread")
    assert jump.headers["Location"].endswith("#p2")


def test_read_position_never_moves_backwards():
    reader = make_user()
    topic = make_topic()
    for _ in range(4):
        make_post(topic)
    mark_read(reader, topic, 5)
    mark_read(reader, topic, 2)
    assert read_position(reader, topic) == 5
    mark_read(reader, topic, 99)
    assert read_position(reader, topic) == 5  # capped at the last post


def test_one_topic_opened_in_two_tabs_at_once_never_fails(app):
    reader = make_user()
    topic = make_topic()
    for _ in range(3):
        make_post(topic)
    statuses: list[int] = []
    errors: list[BaseException] = []
    topic_id = topic.id
    clients = []
    for _ in range(4):
        client = app.test_client()
        login(client, reader)
        clients.append(client)

    def open_tab(client) -> None:
        try:
            for _ in range(5):
                statuses.append(client.get(f"/t/{topic_id}").status_code)
        except BaseException as error:
            errors.append(error)

    tabs = [threading.Thread(target=open_tab, args=(c,)) for c in clients]
    for tab in tabs:
        tab.start()
    for tab in tabs:
        tab.join()
    assert errors == []
    assert statuses == [200] * 20
    db.session.rollback()  # see what the threads committed
    assert read_position(reader, topic) == 4


def test_latest_lists_pinned_topics_first_and_hides_unlisted(client):
    space = make_space("s")
    old = make_topic(space=space, title="Pinned guidelines")
    make_topic(space=space, title="Fresh question")
    hidden = make_topic(space=space, title="Quiet topic")
    set_topic_status(admin(), old, pin="global")
    set_topic_status(admin(), hidden, listed=False)
    page = client.get("/latest").text
    assert page.index("Pinned guidelines") < page.index("Fresh question")
    assert "Quiet topic" not in page
    assert client.get(f"/t/{hidden.id}").status_code == 200  # unlisted, not hidden


def test_top_orders_by_activity(client):
    quiet = make_topic(title="Quiet one")
    busy = make_topic(title="Busy one")
    for _ in range(3):
        make_post(busy)
    make_post(quiet)
    page = client.get("/top?period=week").text
    assert page.index("Busy one") < page.index("Quiet one")


def test_tag_pages_and_pagination(app, client):
    space = make_space("s")
    per_page = app.config["TOPICS_PER_PAGE"]
    for n in range(per_page + 3):
        make_topic(space=space, title=f"Tagged topic {n:03d}", tags=["kainuu"])
    make_topic(space=space, title="Untagged topic")
    first = client.get("/tags/kainuu").text
    assert "Untagged topic" not in first
    assert "Tagged topic 000" not in first  # the oldest is on page two
    second = client.get("/tags/kainuu?page=2").text
    assert "Tagged topic 000" in second
    assert client.get("/tags/unknown").status_code == 404
    assert client.get("/latest?page=abc").status_code == 200


@pytest.mark.parametrize(
    ("change", "check"),
    [
        ("close", lambda t: t.closed),
        ("archive", lambda t: t.archived),
        ("unlist", lambda t: not t.listed),
        ("pin", lambda t: t.pinned and not t.pinned_globally),
        ("pin-globally", lambda t: t.pinned_globally),
    ],
)
def test_moderator_switches(client, change, check):
    moderator = make_user("weaver")
    space = make_space()
    from forum.actions.groups import add_member, create_group
    from forum.actions.spaces import set_grants

    group = create_group(admin(), name="weavers-mk18", title="Weavers of Kainuu")
    add_member(admin(), group, moderator)
    set_grants(admin(), space, {"weavers-mk18": ["moderate"]})
    topic = make_topic(space=space)
    outsider = make_user()
    login(client, outsider)
    token = csrf_token(client, f"/t/{topic.id}")
    assert (
        client.post(
            f"/t/{topic.id}/status", data={"change": change, "csrf_token": token}
        ).status_code
        == 403
    )
    login(client, moderator)
    token = csrf_token(client, f"/t/{topic.id}")
    assert (
        client.post(
            f"/t/{topic.id}/status", data={"change": change, "csrf_token": token}
        ).status_code
        == 303
    )
    db.session.refresh(topic)
    assert check(topic)


def test_moving_a_topic_needs_moderation_rights_in_both_spaces(client):
    source = make_space("source")
    target = make_space("target")
    topic = make_topic(space=source)
    login(client, admin())
    token = csrf_token(client, f"/t/{topic.id}")
    answer = client.post(f"/t/{topic.id}/move", data={"space": "target", "csrf_token": token})
    assert answer.status_code == 303
    db.session.refresh(topic)
    assert topic.space_id == target.id


def test_a_returning_reader_continues_where_they_were(app, client):
    reader = make_user()
    topic = make_topic()
    per_page = app.config["POSTS_PER_PAGE"]
    for _ in range(per_page + 5):
        make_post(topic)
    mark_read(reader, topic, per_page + 2)
    login(client, reader)
    answer = client.get(f"/t/{topic.id}")
    assert answer.status_code == 302
    assert answer.headers["Location"].endswith(f"page=2#p{per_page + 2}")
    assert client.get(f"/t/{topic.id}?page=1").status_code == 200
