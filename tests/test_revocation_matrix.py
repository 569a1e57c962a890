"""The suspension and revocation matrix: after each penalty or revocation, what the person may
still do on every surface: the private topic's page, the API, sockets (already open, and
opened anew), their calendar address, notification mail, and writing.

The person is a member of the group that grants a private space. Pages and browser sockets go
with the person's session cookie; the API and token sockets with their personal API token.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
import requests
import socketio
from flask.testing import FlaskClient
from sqlalchemy import select

from forum.actions.accounts import confirm_email
from forum.actions.erasure import erase_account
from forum.actions.groups import remove_member
from forum.actions.mail import queue_notification_mails
from forum.actions.moderation import penalise
from forum.actions.posts import create_post
from forum.actions.registration import renew_calendar_feed
from forum.actions.sessions import end_all_sessions
from forum.actions.tokens import create_api_token, revoke_api_token
from forum.actions.topics import edit_topic
from forum.extensions import db
from forum.models import Group, Notification, OutgoingMail, Topic, User
from forum.models.base import utcnow
from forum.models.moderation import SILENCE, SUSPEND
from tests.conftest import login, require_redis
from tests.factories import admin, make_group, make_space, make_topic, make_user
from tests.helpers import csrf_token
from tests.people_helpers import image_bytes
from tests.realtime_helpers import Listener
from tests.servers import post_as, server_process

SUSPENDED, SILENCED = "suspended", "silenced"
TOKEN_REVOKED, SESSION_ENDED = "token revoked", "session ended"
ROLE_REVOKED, ERASED = "group role revoked", "erased"


# What the person may still do in each state: read the private topic's page (session), read
# it through the API (token), receive its posts on a socket opened with the session cookie or
# with the token, use their calendar address, and be mailed about it.
SURFACES = ("page", "api", "cookie_socket", "token_socket", "calendar", "mail")
MAY = {
    state: dict(zip(SURFACES, row, strict=True))
    for state, row in {
        #              page   api    cookie token  calendar mail
        SUSPENDED:     (False, False, False, False, False,   False),
        SILENCED:      (True,  True,  True,  True,  True,    True),
        TOKEN_REVOKED: (True,  False, True,  False, True,    True),
        SESSION_ENDED: (False, True,  False, True,  True,    True),
        ROLE_REVOKED:  (False, False, False, False, True,    False),
        ERASED:        (False, False, False, False, False,   False),
    }.items()
}  # fmt: skip


@dataclass
class Member:
    """A member of a private space's group, signed in everywhere."""

    user: User
    group: Group
    topic: Topic
    token_id: int
    secret: str
    browser: FlaskClient
    calendar: str
    listeners: list[Listener] = field(default_factory=list)

    @property
    def bearer(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.secret}"}

    @property
    def cookie(self) -> str:
        return "; ".join(f"{c.key}={c.value}" for c in self.browser._cookies.values())

    def api(self, method: str, url: str, json: dict | None = None) -> requests.Response:
        """A call to the API with the person's token."""
        return requests.request(method, url, json=json, headers=self.bearer, timeout=10)

    def socket(self, url: str, *, token: bool) -> Listener | None:
        """A socket opened with the token or the cookie; None when the server refuses it."""
        try:
            listener = Listener(
                url, **({"token": self.secret} if token else {"cookie": self.cookie})
            )
        except socketio.exceptions.ConnectionError:
            return None
        self.listeners.append(listener)
        return listener


def a_member(app) -> Member:
    user = make_user()
    confirm_email(user.id, user.email)
    group = make_group(members=[user])
    space = make_space(grants={group.name: ["see", "read", "reply", "create_topic"]})
    topic = make_topic(admin(), space, title="The private plans")
    token, secret = create_api_token(user, "matrix")
    browser = app.test_client()
    login(browser, user)
    return Member(user, group, topic, token.id, secret, browser, renew_calendar_feed(user))


def put_in(state: str, member: Member) -> None:
    until = utcnow() + timedelta(days=2)
    if state in (SUSPENDED, SILENCED):
        penalise(admin(), member.user, SUSPEND if state == SUSPENDED else SILENCE, until, "Spam")
    elif state == TOKEN_REVOKED:
        revoke_api_token(member.user, member.token_id)
    elif state == SESSION_ENDED:
        end_all_sessions(member.user)
    elif state == ROLE_REVOKED:
        remove_member(admin(), member.group, member.user)
    elif state == ERASED:
        erase_account(member.user)


def hears(listener: Listener | None, room: str, *, join: bool) -> bool:
    """Does the socket still receive the room's posts (after joining anew, with catch-up)?"""
    if listener is None or not listener.client.connected:
        return False
    if join and not listener.join(room, since=0).get("ok"):
        return False
    return listener.wait_for(lambda: listener.named("post.created"), timeout=3)


@pytest.fixture
def member(app):
    made = a_member(app)
    yield made
    for listener in made.listeners:
        listener.close()


@pytest.mark.parametrize("state", list(MAY))
def test_what_each_state_may_still_do_on_every_surface(live_server, member, state):
    allowed = MAY[state]
    topic, room = member.topic, f"topic:{member.topic.id}"
    open_sockets = {
        "token_socket": member.socket(live_server, token=True),
        "cookie_socket": member.socket(live_server, token=False),
    }
    for listener in open_sockets.values():
        assert listener.join(room)["ok"]
    create_post(admin(), topic, f"Before: hello @{member.user.username}")
    for listener in open_sockets.values():
        assert listener.wait_for(lambda lis=listener: lis.named("post.created"))
        listener.events.clear()

    put_in(state, member)

    create_post(admin(), topic, "After the change")
    for name, listener in open_sockets.items():
        assert hears(listener, room, join=False) is allowed[name], f"open {name}"
    for name in ("token_socket", "cookie_socket"):
        fresh = member.socket(live_server, token=name == "token_socket")
        assert hears(fresh, room, join=True) is allowed[name], f"new {name}"

    # Mail first: opening the topic's page marks its notifications read.
    queue_notification_mails(utcnow() + timedelta(hours=1))
    db.session.rollback()
    mails = db.session.scalars(
        select(OutgoingMail).where(OutgoingMail.user_id == member.user.id)
    ).all()
    assert any("The private plans" in mail.text for mail in mails) is allowed["mail"]
    page = member.browser.get(f"/t/{topic.id}", follow_redirects=True)
    assert (page.status_code == 200 and "The private plans" in page.text) is allowed["page"]
    assert "The private plans" not in page.text or allowed["page"]
    api = member.api("GET", f"{live_server}/api/v1/topics/{topic.id}")
    assert (api.status_code == 200) is allowed["api"]
    assert api.status_code in (200, 401, 404)
    calendar = requests.get(f"{live_server}/calendar/{member.calendar}.ics", timeout=10)
    assert (calendar.status_code == 200) is allowed["calendar"]


def test_a_silenced_person_reads_everything_but_writes_nothing(live_server, member):
    put_in(SILENCED, member)
    topic = member.topic
    assert member.api("GET", f"{live_server}/api/v1/topics/{topic.id}").ok
    reply = member.api("POST", f"{live_server}/api/v1/topics/{topic.id}/posts", {"raw": "Hi"})
    assert reply.status_code == 403


def test_a_silenced_person_cannot_change_their_public_profile(live_server, member):
    username = member.user.username
    put_in(SILENCED, member)
    browser = member.browser
    page = browser.post(
        "/settings/profile",
        data={
            "csrf_token": csrf_token(browser, "/settings/profile"),
            "display_name": "Buy cheap watches",
            "bio": "Visit spam.example",
        },
    )
    assert page.status_code in (400, 403)
    assert "vain luku" in page.text  # the person's language, Finnish by default
    api = member.api("PATCH", f"{live_server}/api/v1/users/{username}", {"bio": "Spam"})
    assert api.status_code == 403
    assert "vain luku" in api.json()["message"]
    avatar = browser.post(
        "/settings/avatar",
        data={
            "csrf_token": csrf_token(browser, "/settings/profile"),
            "avatar": (io.BytesIO(image_bytes((64, 64))), "kuva.jpg", "image/jpeg"),
        },
        content_type="multipart/form-data",
    )
    assert avatar.status_code == 400
    profile = requests.get(f"{live_server}/u/{username}", timeout=10).text
    assert "Buy cheap watches" not in profile
    assert "avatar/96.jpg" not in profile


def test_an_old_notification_does_not_lead_a_former_member_to_the_renamed_topic(
    live_server, member
):
    create_post(admin(), member.topic, f"Hello @{member.user.username}")
    notification_id = db.session.scalar(
        select(Notification.id).where(Notification.user_id == member.user.id)
    )
    put_in(ROLE_REVOKED, member)
    edit_topic(admin(), db.session.get(Topic, member.topic.id), title="Secret merger with Acme")
    browser = member.browser
    opened = browser.post(
        f"/notifications/{notification_id}/open",
        data={"csrf_token": csrf_token(browser, "/notifications")},
    )
    assert opened.status_code == 404
    assert "merger" not in opened.headers.get("Location", "") + opened.text
    api = member.api("POST", f"{live_server}/api/v1/notifications/{notification_id}/read")
    assert api.status_code == 404
    assert "merger" not in api.text.lower()


def test_a_member_still_follows_a_notification_to_the_topic(member):
    create_post(admin(), member.topic, f"Hello @{member.user.username}")
    notification_id = db.session.scalar(
        select(Notification.id).where(Notification.user_id == member.user.id)
    )
    browser = member.browser
    opened = browser.post(
        f"/notifications/{notification_id}/open",
        data={"csrf_token": csrf_token(browser, "/notifications")},
    )
    assert opened.status_code == 303
    assert f"/t/{member.topic.id}" in opened.headers["Location"]


def test_a_tag_used_only_in_a_private_space_is_not_found_by_outsiders(app, member):
    make_topic(admin(), member.topic.space, title="Tagged privately", tags=["secret-merger"])
    make_topic(title="Tagged in public", tags=["open-tag"])
    outsider = app.test_client()
    login(outsider, make_user())
    for client in (app.test_client(), outsider):
        assert client.get("/tags/secret-merger").status_code == 404
        assert client.get("/tags/open-tag").status_code == 200
        assert client.get("/tags/no-such-tag").status_code == 404
    shown = member.browser.get("/tags/secret-merger")
    assert shown.status_code == 200
    assert "Tagged privately" in shown.text
    put_in(ROLE_REVOKED, member)
    assert member.browser.get("/tags/secret-merger").status_code == 404


def test_suspension_reaches_a_socket_held_by_another_process(app, tmp_path, monkeypatch):
    """The suspension is made here (as a CLI job would); the socket is held by a gunicorn
    process that hears of it through Redis."""
    redis_url = require_redis()
    member = a_member(app)
    room = f"topic:{member.topic.id}"
    author = create_api_token(admin(), "author")[1]
    with server_process(app, redis_url, tmp_path / "server.log") as url:
        handshake = requests.get(f"{url}/socket.io/?EIO=4&transport=polling", timeout=10)
        assert handshake.headers["X-Content-Type-Options"] == "nosniff"
        assert "default-src 'self'" in handshake.headers["Content-Security-Policy"]
        listener = member.socket(url, token=True)
        try:
            assert listener.join(room)["ok"]
            assert post_as(url, author, member.topic.id, "Before").status_code == 201
            assert listener.wait_for(lambda: listener.named("post.created"), timeout=10)
            monkeypatch.setitem(app.config, "REDIS_URL", redis_url)
            put_in(SUSPENDED, member)
            assert listener.wait_for(lambda: not listener.client.connected, timeout=10)
            assert post_as(url, author, member.topic.id, "After").status_code == 201
            assert member.socket(url, token=True) is None
        finally:
            listener.close()
    assert [p["cooked"] for p in listener.named("post.created")] == ["<p>Before</p>\n"]
