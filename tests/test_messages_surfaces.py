"""Conversations on the other surfaces: Socket.IO rooms, the search index, rate limits."""

import time

from forum.actions.conversations import leave_conversation
from forum.actions.posts import create_post
from forum.actions.tokens import create_api_token
from forum.search.rebuild import drift, rebuild
from tests.conftest import login
from tests.factories import admin, make_conversation, make_moderator, make_post, make_user
from tests.helpers import csrf_token
from tests.test_ratelimits import limited_app  # noqa: F401 (a fixture)
from tests.test_realtime import clients, connect  # noqa: F401 (a fixture)
from tests.test_search import pytest_generate_tests, search, titles  # noqa: F401 (fixtures)


def test_only_participants_join_the_room_and_leaving_ends_it(live_server, clients):  # noqa: F811
    aino, bea = make_user("aino"), make_user("bea")
    topic = make_conversation(aino, bea)
    room = f"topic:{topic.id}"
    for outsider in (make_user("carl"), admin(), make_moderator()):
        assert connect(live_server, clients, outsider).join(room)["code"] == "forbidden"
    listener = connect(live_server, clients, bea)
    assert listener.join(room)["ok"]
    create_post(aino, topic, "Live to Bea")
    assert listener.wait_for(lambda: listener.named("post.created"))
    leave_conversation(bea, topic)
    assert listener.wait_for(lambda: listener.named("room.left"))
    create_post(aino, topic, "After Bea left")
    time.sleep(0.3)
    assert [e["post_number"] for e in listener.named("post.created")] == [2]


def test_conversations_are_never_in_the_index(search):  # noqa: F811
    aino, bea = make_user("aino", locale="en"), make_user("bea", locale="en")
    topic = make_conversation(aino, bea, title="Confidential budget", raw="Confidential numbers.")
    make_post(topic, bea, "More confidential numbers.")
    for viewer in (aino, bea, admin()):
        assert titles(viewer, "confidential") == []
    rebuild(fresh=True)
    assert titles(admin(), "confidential") == []
    state = drift()
    assert state["missing"] == []
    assert state["extra"] == []


def test_new_conversations_are_rate_limited(limited_app):  # noqa: F811 (the fixture)
    limited = limited_app(RATELIMIT_MESSAGES="1/minute")
    aino = make_user("aino")
    make_user("bea")
    client = limited.test_client()
    login(client, aino)
    token = csrf_token(client, "/messages/new")
    data = {"recipients": "bea", "title": "Hello there", "raw": "Hi", "csrf_token": token}
    assert client.post("/messages/new", data=data).status_code == 303
    assert client.post("/messages/new", data=data).status_code == 429
    api = limited.test_client()
    headers = {"Authorization": f"Bearer {create_api_token(aino, 'test')[1]}"}
    body = {"recipients": ["bea"], "title": "Hello there", "raw": "Hi"}
    assert api.post("/api/v1/messages", json=body, headers=headers).status_code == 201
    assert api.post("/api/v1/messages", json=body, headers=headers).status_code == 429
