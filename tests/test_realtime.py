"""Real time end to end: python-socketio clients over the network against a live server."""

import threading
import time
from datetime import timedelta

import pytest
import requests
import socketio

from forum.actions.groups import remove_member
from forum.actions.moderation import penalise
from forum.actions.posts import create_post
from forum.actions.sessions import end_all_sessions
from forum.actions.tokens import create_api_token, revoke_api_token
from forum.models.base import utcnow
from forum.models.moderation import SUSPEND
from tests.factories import admin, make_group, make_space, make_topic, make_user
from tests.realtime_helpers import Listener


@pytest.fixture
def clients():
    made: list[Listener] = []
    yield made
    closing = [threading.Thread(target=client.close) for client in made]
    for thread in closing:
        thread.start()
    for thread in closing:
        thread.join(timeout=10)


def connect(url: str, clients: list, user=None) -> Listener:
    token = create_api_token(user, "socket")[1] if user is not None else None
    listener = Listener(url, token=token)
    clients.append(listener)
    return listener


def test_a_post_made_through_the_api_reaches_every_client_in_the_room(live_server, clients):
    topic, other = make_topic(), make_topic()
    author = make_user()
    readers = [connect(live_server, clients, make_user()) for _ in range(3)]
    anonymous = connect(live_server, clients)
    elsewhere = connect(live_server, clients, make_user())
    for reader in [*readers, anonymous]:
        assert reader.join(f"topic:{topic.id}") == {"ok": True, "room": f"topic:{topic.id}"}
    elsewhere.join(f"topic:{other.id}")
    secret = create_api_token(author, "poster")[1]
    answer = requests.post(
        f"{live_server}/api/v1/topics/{topic.id}/posts",
        json={"raw": "Live **now**"},
        headers={"Authorization": f"Bearer {secret}"},
        timeout=10,
    )
    assert answer.status_code == 201
    for reader in [*readers, anonymous]:
        assert reader.wait_for(lambda r=reader: r.named("post.created"))
        event = reader.named("post.created")[0]
        assert event["post_number"] == 2
        assert event["cooked"] == "<p>Live <strong>now</strong></p>\n"
    time.sleep(0.3)
    assert elsewhere.named("post.created") == []


def test_a_client_that_was_away_gets_exactly_what_it_missed(live_server, clients):
    topic = make_topic()
    reader = connect(live_server, clients, make_user())
    reader.join(f"topic:{topic.id}")
    reader.close()
    author = make_user()
    for n in range(5):
        create_post(author, topic, f"Missed {n}")
    back = connect(live_server, clients, make_user())
    assert back.join(f"topic:{topic.id}", since=1)["ok"]
    assert back.wait_for(lambda: len(back.named("post.created")) == 5)
    time.sleep(0.2)
    numbers = [event["post_number"] for event in back.named("post.created")]
    assert numbers == [2, 3, 4, 5, 6]


def test_a_huge_gap_gets_a_reload_hint(live_server, clients):
    topic = make_topic()
    author = make_user()
    for n in range(55):
        create_post(author, topic, f"Post {n}")
    reader = connect(live_server, clients)
    reader.join(f"topic:{topic.id}", since=0)
    assert reader.wait_for(lambda: reader.named("catchup.truncated"))
    assert len(reader.named("post.created")) == 50


def test_an_outsider_cannot_join_a_private_room_and_hears_nothing(live_server, clients):
    member = make_user()
    group = make_group(members=[member])
    space = make_space(grants={group.name: ["see", "read", "reply", "create_topic"]})
    topic = make_topic(member, space)
    outsider = connect(live_server, clients, make_user())
    anonymous = connect(live_server, clients)
    insider = connect(live_server, clients, member)
    for client in (outsider, anonymous):
        answer = client.join(f"topic:{topic.id}")
        assert answer["ok"] is False
        assert answer["code"] == "forbidden"
        assert client.join(f"space:{space.id}")["ok"] is False
    assert insider.join(f"topic:{topic.id}")["ok"]
    create_post(member, topic, "Only for insiders")
    assert insider.wait_for(lambda: insider.named("post.created"))
    time.sleep(0.3)
    for client in (outsider, anonymous):
        assert client.named("post.created") == []
        assert all("Only for insiders" not in str(data) for _e, data in client.events)


def test_someone_removed_from_a_group_leaves_its_rooms(live_server, clients):
    member = make_user()
    group = make_group(members=[member])
    space = make_space(grants={group.name: ["see", "read", "reply"]})
    topic = make_topic(admin(), space)
    client = connect(live_server, clients, member)
    assert client.join(f"topic:{topic.id}")["ok"]
    remove_member(admin(), group, member)
    assert client.wait_for(lambda: client.named("room.left"))
    create_post(admin(), topic, "After removal")
    time.sleep(0.3)
    assert client.named("post.created") == []


def test_a_users_own_room_only(live_server, clients):
    me, other = make_user(), make_user()
    client = connect(live_server, clients, me)
    assert client.join(f"user:{me.id}")["ok"]
    assert client.join(f"user:{other.id}")["code"] == "forbidden"


def test_signing_out_everywhere_ends_open_connections(live_server, clients, app):
    from tests.conftest import login

    user = make_user()
    browser = app.test_client()
    login(browser, user)
    cookie = "; ".join(f"{c.key}={c.value}" for c in browser._cookies.values())
    listener = Listener(live_server, cookie=cookie)
    clients.append(listener)
    topic = make_topic()
    assert listener.join(f"topic:{topic.id}")["ok"]
    end_all_sessions(user)
    assert listener.wait_for(lambda: not listener.client.connected, timeout=5)


def test_an_invalid_token_is_refused_at_connect(live_server):
    client = socketio.Client(reconnection=False)
    with pytest.raises(socketio.exceptions.ConnectionError):
        client.connect(
            live_server, auth={"token": "fst_forged"}, transports=["websocket"], wait_timeout=5
        )


@pytest.mark.parametrize(
    "payload",
    [
        "topic:1",
        None,
        {"room": 5},
        {"room": "topic:abc"},
        {"room": "topic:1", "since": -3},
        {"room": "x" * 500},
        {"room": "nowhere:1"},
    ],
)
def test_malformed_joins_get_an_error_not_a_crash(live_server, clients, payload):
    client = connect(live_server, clients)
    answer = client.client.call("join", payload, timeout=5)
    assert answer["ok"] is False
    assert answer["code"] in {"bad_request", "forbidden"}
    assert client.join(f"topic:{make_topic().id}")["ok"]  # still served


def test_a_flood_of_joins_is_cut_off(live_server, clients):
    topic = make_topic()
    client = connect(live_server, clients)
    for _ in range(25):
        if not client.client.connected:
            break
        try:
            client.client.call("join", {"room": f"topic:{topic.id}"}, timeout=2)
        except socketio.exceptions.TimeoutError:
            break
    assert client.wait_for(lambda: not client.client.connected, timeout=5)


def test_typing_and_presence(live_server, clients):
    topic = make_topic()
    aino = connect(live_server, clients, make_user("aino", display_name="Aino"))
    mikko = connect(live_server, clients, make_user("mikko", display_name="Mikko"))
    reader = connect(live_server, clients)
    for client in (aino, mikko, reader):
        client.join(f"topic:{topic.id}")
    assert mikko.wait_for(
        lambda: any(p["anonymous"] == 1 and len(p["users"]) == 2 for p in mikko.named("presence"))
    )
    assert aino.client.call("typing", {"topic_id": topic.id}, timeout=5) == {"ok": True}
    assert aino.client.call("typing", {"topic_id": topic.id}, timeout=5)["code"] == "too_fast"
    assert mikko.wait_for(lambda: mikko.named("typing"))
    assert mikko.named("typing")[0]["user"]["username"] == "aino"
    assert aino.named("typing") == []
    assert reader.client.call("typing", {"topic_id": topic.id}, timeout=5)["code"] == "forbidden"
    reader.close()
    assert mikko.wait_for(
        lambda: any(p["anonymous"] == 0 and len(p["users"]) == 2 for p in mikko.named("presence"))
    )


def test_someone_who_hides_their_presence_is_counted_not_named(live_server, clients):
    from forum.actions.accounts import set_show_presence

    topic = make_topic()
    shy = make_user("shy", display_name="Shy Person")
    set_show_presence(shy, False)
    watcher = connect(live_server, clients, make_user())
    watcher.join(f"topic:{topic.id}")
    connect(live_server, clients, shy).join(f"topic:{topic.id}")
    assert watcher.wait_for(lambda: any(p["anonymous"] == 1 for p in watcher.named("presence")))
    assert all("Shy Person" not in str(p) for p in watcher.named("presence"))


def test_a_mention_reaches_the_persons_own_room_and_nobody_elses(live_server, clients):
    aino = make_user("aino")
    other = make_user()
    topic = make_topic()
    mine = connect(live_server, clients, aino)
    theirs = connect(live_server, clients, other)
    create_post(make_user(), topic, "Mitä mieltä olet, @aino?")
    assert mine.wait_for(lambda: mine.named("notification.count"))
    assert mine.named("notification.count")[-1] == {"unread": 1}
    created = mine.named("notification.created")[0]
    assert created["url"] == f"/t/{topic.id}#p2"
    assert created["text"]
    time.sleep(0.3)
    assert theirs.named("notification.count") == []


def suspend(user) -> None:
    penalise(admin(), user, SUSPEND, utcnow() + timedelta(days=1), "Spam")


def private_topic(*members):
    group = make_group(members=list(members))
    space = make_space(grants={group.name: ["see", "read", "reply", "create_topic"]})
    return make_topic(admin(), space)


def test_a_suspended_persons_token_is_refused_at_connect(live_server):
    member = make_user()
    topic = private_topic(member)
    secret = create_api_token(member, "socket")[1]
    suspend(member)
    client = socketio.Client(reconnection=False)
    with pytest.raises(socketio.exceptions.ConnectionError):
        client.connect(live_server, auth={"token": secret}, transports=["websocket"])
    assert (
        requests.get(
            f"{live_server}/api/v1/topics/{topic.id}",
            headers={"Authorization": f"Bearer {secret}"},
            timeout=10,
        ).status_code
        == 401
    )


def test_someone_suspended_is_disconnected_at_once_and_hears_nothing_more(live_server, clients):
    member, other = make_user(), make_user()
    topic = private_topic(member, other)
    suspended = connect(live_server, clients, member)
    witness = connect(live_server, clients, other)
    for client in (suspended, witness):
        assert client.join(f"topic:{topic.id}")["ok"]
    suspend(member)
    assert suspended.wait_for(lambda: not suspended.client.connected, timeout=5)
    create_post(admin(), topic, "After the suspension")
    assert witness.wait_for(lambda: witness.named("post.created"))
    assert suspended.named("post.created") == []
    assert ("error", {"code": "session_ended"}) in suspended.events


def test_a_suspended_persons_browser_connects_only_as_a_visitor(live_server, clients, app):
    from tests.conftest import login

    member = make_user()
    topic = private_topic(member)
    browser = app.test_client()
    login(browser, member)
    suspend(member)
    cookie = "; ".join(f"{c.key}={c.value}" for c in browser._cookies.values())
    listener = Listener(live_server, cookie=cookie)
    clients.append(listener)
    assert listener.join(f"topic:{topic.id}", since=0)["code"] == "forbidden"
    assert listener.join(f"user:{member.id}")["code"] == "forbidden"
    assert listener.named("post.created") == []


def test_a_revoked_tokens_socket_is_disconnected_at_once(live_server, clients):
    member = make_user()
    topic = private_topic(member)
    token, secret = create_api_token(member, "socket")
    listener = Listener(live_server, token=secret)
    clients.append(listener)
    assert listener.join(f"topic:{topic.id}")["ok"]
    revoke_api_token(member, token.id)
    assert listener.wait_for(lambda: not listener.client.connected, timeout=5)
    create_post(admin(), topic, "After the revocation")
    time.sleep(0.3)
    assert listener.named("post.created") == []
    again = socketio.Client(reconnection=False)
    with pytest.raises(socketio.exceptions.ConnectionError):
        again.connect(live_server, auth={"token": secret}, transports=["websocket"])


def assert_security_headers(headers, *, hsts: bool) -> None:
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert ("Strict-Transport-Security" in headers) is hsts


def test_socketio_answers_carry_the_pages_security_headers(live_server):
    handshake = requests.get(f"{live_server}/socket.io/?EIO=4&transport=polling", timeout=10)
    assert handshake.status_code == 200
    assert handshake.text.startswith("0{")
    assert_security_headers(handshake.headers, hsts=False)
    refused = requests.get(f"{live_server}/socket.io/?EIO=4&transport=nonsense", timeout=10)
    assert refused.status_code == 400
    assert_security_headers(refused.headers, hsts=False)


def test_socketio_answers_carry_hsts_in_production(tmp_path):
    from forum import create_app
    from tests.live import serve

    production = create_app(
        {
            "ENV": "production",
            "SECRET_KEY": "x" * 48,
            "IDENTITY_PEPPER": "p" * 48,
            "INSTANCE_PATH": str(tmp_path),
        }
    )
    with serve(production) as url:
        handshake = requests.get(f"{url}/socket.io/?EIO=4&transport=polling", timeout=10)
        page = requests.get(f"{url}/static/css/forum.css", timeout=10)
    assert handshake.status_code == 200
    assert_security_headers(handshake.headers, hsts=True)
    assert (
        handshake.headers["Strict-Transport-Security"]
        == (page.headers["Strict-Transport-Security"])
    )


def test_each_process_rechecks_its_connections_on_its_own(app, tmp_path, clients):
    """No action announces that a session idled out: the periodic re-check notices."""
    from forum import create_app
    from tests.conftest import login
    from tests.live import serve

    quick = create_app(
        {
            "ENV": "testing",
            "INSTANCE_PATH": str(tmp_path),
            "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
            "REALTIME_RECHECK_SECONDS": 0.5,
            "SESSION_IDLE_TIMEOUT": 2,
        }
    )
    member = make_user()
    topic = private_topic(member)
    browser = app.test_client()
    login(browser, member)
    cookie = "; ".join(f"{c.key}={c.value}" for c in browser._cookies.values())
    with serve(quick) as url:
        listener = Listener(url, cookie=cookie)
        clients.append(listener)
        assert listener.join(f"topic:{topic.id}")["ok"]
        assert listener.client.connected
        assert listener.wait_for(lambda: not listener.client.connected, timeout=6)
    assert ("error", {"code": "session_ended"}) in listener.events
