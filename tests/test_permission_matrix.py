"""The permission matrix: for each role and each surface, what is visible and what is refused.

Surfaces: the space list (home page and API), topic lists (latest, the space page, the API),
the topic page and the topic through the API, replying through page and API, and notifications
(in-app page and API, e-mail, digest). Later surfaces (search, sockets, feeds) join this file as
they land.
"""

import pytest
from flask.testing import FlaskClient
from sqlalchemy import delete, select

from forum.actions.tokens import create_api_token
from forum.models.group import EVERYONE, MODERATORS, REGISTERED
from tests.conftest import login
from tests.factories import (
    make_admin,
    make_group,
    make_moderator,
    make_space,
    make_topic,
    make_user,
)
from tests.helpers import csrf_token

ROLES = ("anonymous", "registered", "member", "moderator", "administrator")
SPACES = ("public", "members", "private")

# May the role read topics in the space?
READ = {
    "anonymous": {"public"},
    "registered": {"public", "members"},
    "member": {"public", "members", "private"},
    "moderator": {"public", "members"},
    "administrator": {"public", "members", "private"},
}
# May the role reply in the space? (anonymous never writes)
REPLY = {
    "anonymous": set(),
    "registered": {"public", "members"},
    "member": {"public", "members", "private"},
    "moderator": {"public", "members"},
    "administrator": {"public", "members", "private"},
}


@pytest.fixture
def world():
    member = make_user("member")
    insiders = make_group("insiders", members=[member])
    grants = {
        "public": {
            EVERYONE: ["see", "read"],
            REGISTERED: ["create_topic", "reply"],
            MODERATORS: ["moderate"],
        },
        "members": {REGISTERED: ["see", "read", "create_topic", "reply"], MODERATORS: ["moderate"]},
        "private": {insiders.name: ["see", "read", "create_topic", "reply"]},
    }
    topics = {}
    for name in SPACES:
        space = make_space(name, name=f"Space {name}", grants=grants[name])
        topics[name] = make_topic(
            member, space, title=f"Topic in {name} space", raw=f"Body of {name}"
        )
    users = {
        "anonymous": None,
        "registered": make_user("outsider"),
        "member": member,
        "moderator": make_moderator("moderator"),
        "administrator": make_admin("root"),
    }
    return topics, users


def as_role(app, user) -> tuple[FlaskClient, dict[str, str]]:
    client = app.test_client()
    headers: dict[str, str] = {}
    if user is not None:
        login(client, user)
        headers = {"Authorization": f"Bearer {create_api_token(user, 'matrix')[1]}"}
    return client, headers


@pytest.mark.parametrize("role", ROLES)
def test_reading_surfaces(app, world, role):
    topics, users = world
    client, headers = as_role(app, users[role])
    home = client.get("/").text
    latest = client.get("/latest").text
    api_spaces = {
        s["slug"] for s in client.get("/api/v1/spaces", headers=headers).get_json()["spaces"]
    }
    for name, topic in topics.items():
        readable = name in READ[role]
        where = (role, name)
        assert (f"Space {name}" in home) is readable, where
        assert (name in api_spaces) is readable, where
        assert (topic.title in latest) is readable, where
        page = client.get(f"/t/{topic.id}")
        assert page.status_code == (200 if readable else 404), where
        assert (f"Body of {name}" in page.text) is readable, where
        assert client.get(f"/s/{name}").status_code == (200 if readable else 404), where
        api = client.get(f"/api/v1/topics/{topic.id}", headers=headers)
        assert api.status_code == (200 if readable else 404), where
        listing = client.get(f"/api/v1/spaces/{topic.space_id}/topics", headers=headers)
        assert listing.status_code == (200 if readable else 404), where


@pytest.mark.parametrize("role", ROLES)
def test_replying_surfaces(app, world, role):
    topics, users = world
    client, headers = as_role(app, users[role])
    token = csrf_token(client)
    for name, topic in topics.items():
        allowed = name in REPLY[role]
        hidden = name not in READ[role]
        where = (role, name)
        page = client.post(
            f"/t/{topic.id}/reply", data={"raw": f"Page reply by {role}", "csrf_token": token}
        )
        api = client.post(
            f"/api/v1/topics/{topic.id}/posts",
            json={"raw": f"API reply by {role}"},
            headers=headers,
        )
        if allowed:
            assert (page.status_code, api.status_code) == (303, 201), where
        elif role == "anonymous":  # the page asks to sign in first; the API answers as for all
            assert (page.status_code, api.status_code) == (403, 404 if hidden else 403), where
        else:
            refused = 404 if hidden else 403
            assert (page.status_code, api.status_code) == (refused, refused), where


@pytest.fixture(params=["whoosh", "postgres"])
def search_index(request, app):
    from tests.search_helpers import backend_names, use_backend

    if request.param not in backend_names(request.config):
        pytest.skip("the postgres search backend runs with --database=postgresql")
    yield from use_backend(app, request.param)


@pytest.mark.parametrize("role", ROLES)
def test_search_surface(app, search_index, world, role):
    """Search never returns, counts or snippets a document the role may not read."""
    topics, users = world
    client, headers = as_role(app, users[role])
    page = client.get("/search", query_string={"q": "body"}).text
    api = client.get("/api/v1/search", query_string={"q": "body"}, headers=headers).get_json()
    readable = {name for name in topics if name in READ[role]}
    assert api["total"] == len(readable), role
    assert {r["title"] for r in api["results"]} == {f"Topic in {n} space" for n in readable}
    assert sum(f["count"] for f in api["facets"]["space"]) == len(readable)
    for name, topic in topics.items():
        assert (topic.title in page) is (name in readable), (role, name)
        assert (f"of <mark>{name}</mark>" in page) is False
        assert (f"<mark>Body</mark> of {name}" in page) is (name in readable), (role, name)


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_notification_surfaces(app, world, role):
    """A mention, a watched space and a watched topic notify only about readable posts, even
    when the watch predates a change of permissions (the rows are written directly)."""
    from forum.actions.groups import add_member
    from forum.extensions import db
    from forum.models import Group, Watch
    from forum.models.notification import WATCHING
    from tests.factories import admin, make_post

    topics, users = world
    user = users[role]
    poster = make_user("poster")
    insiders = db.session.scalar(select(Group).where(Group.name == "insiders"))
    add_member(admin(), insiders, poster)
    db.session.execute(delete(Watch).where(Watch.user_id == user.id))
    for topic in topics.values():
        db.session.add(Watch(user_id=user.id, space_id=topic.space_id, level=WATCHING))
        db.session.add(Watch(user_id=user.id, topic_id=topic.id, level=WATCHING))
    db.session.commit()
    for name, topic in topics.items():
        make_post(topic, poster, f"Hello @{user.username}, news in {name}")
    client, headers = as_role(app, user)
    listed = client.get("/api/v1/notifications", headers=headers).get_json()["notifications"]
    seen = {n["topic"]["title"] for n in listed}
    expected = {topics[name].title for name in READ[role]}
    assert seen == expected, role
    page = client.get("/notifications").text
    for name, topic in topics.items():
        assert (topic.title in page) is (name in READ[role]), (role, name)


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_mail_and_digest_surfaces(app, world, role):
    """Notification mails and digests speak only of what the person may read."""
    from forum.actions.accounts import confirm_email
    from forum.actions.groups import add_member
    from forum.actions.mail import queue_digests
    from forum.extensions import db
    from forum.models import Group, OutgoingMail, Watch
    from forum.models.notification import WATCHING
    from tests.factories import admin, make_post

    topics, users = world
    user = users[role]
    confirm_email(user.id, user.email)
    poster = make_user("poster")
    insiders = db.session.scalar(select(Group).where(Group.name == "insiders"))
    add_member(admin(), insiders, poster)
    db.session.execute(delete(Watch).where(Watch.user_id == user.id))
    for topic in topics.values():
        db.session.add(Watch(user_id=user.id, space_id=topic.space_id, level=WATCHING))
    db.session.commit()
    for name, topic in topics.items():
        make_post(topic, poster, f"Hello @{user.username}, news in {name}")
    _queue_mails_now(app)
    queue_digests()
    db.session.rollback()
    mails = {
        m.kind: m.text + m.html
        for m in db.session.scalars(select(OutgoingMail).where(OutgoingMail.user_id == user.id))
    }
    assert set(mails) == {"notifications", "digest"}, role
    for kind, body in mails.items():
        for name, topic in topics.items():
            assert (topic.title in body) is (name in READ[role]), (role, kind, name)


# A private conversation between the member and a friend: only the member, of these roles.
CONVERSATION_READERS = {"member"}


@pytest.mark.parametrize("role", ROLES)
def test_conversation_surfaces(app, world, role):
    """Pages, API, lists, notifications and mail for a private conversation, by role. Even the
    member who is in it never finds it in the topic lists."""
    from forum.actions.accounts import confirm_email
    from tests.factories import make_conversation, make_post

    _topics, users = world
    user = users[role]
    friend = make_user("friend")
    conversation = make_conversation(users["member"], friend, title="Just the two of us")
    readable = role in CONVERSATION_READERS
    mails = ""
    if user is not None:
        confirm_email(user.id, user.email)
        make_post(conversation, friend, f"Between us, @{user.username}")
        mails = _mailed_to(app, user)
    assert (conversation.title in mails) is readable, role
    client, headers = as_role(app, user)
    status = 200 if readable else 404
    assert client.get(f"/t/{conversation.id}").status_code == status, role
    assert client.get(f"/api/v1/topics/{conversation.id}", headers=headers).status_code == status
    messages = client.get(f"/api/v1/messages/{conversation.id}", headers=headers)
    assert messages.status_code == (status if user is not None else 401), role
    assert conversation.title not in client.get("/latest").text
    assert conversation.title not in client.get("/").text
    token = csrf_token(client)
    reply = client.post(f"/t/{conversation.id}/reply", data={"raw": "Me too", "csrf_token": token})
    assert reply.status_code == (303 if readable else 403 if user is None else 404), role
    if user is not None:
        listed = client.get("/api/v1/notifications", headers=headers).get_json()
        assert bool(listed["notifications"]) is readable, role


def _mailed_to(app, user) -> str:
    """Queue the notification mails now; the text of those queued for ``user``."""
    from forum.extensions import db
    from forum.models import OutgoingMail

    _queue_mails_now(app)
    db.session.rollback()
    return " ".join(
        m.text
        for m in db.session.scalars(select(OutgoingMail).where(OutgoingMail.user_id == user.id))
    )


def _queue_mails_now(app) -> None:
    """Queue notification mails without waiting for the usual delay."""
    from forum.actions.mail import queue_notification_mails

    delay = app.config["MAIL_NOTIFICATION_DELAY"]
    app.config["MAIL_NOTIFICATION_DELAY"] = 0
    try:
        queue_notification_mails()
    finally:
        app.config["MAIL_NOTIFICATION_DELAY"] = delay
