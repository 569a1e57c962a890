"""Private conversations through the pages: starting, replying, reading, and who never sees them."""

from sqlalchemy import select

from forum.extensions import db
from forum.models import Post
from forum.models.group import EVERYONE, MODERATORS, REGISTERED
from tests.conftest import login
from tests.factories import (
    make_admin,
    make_conversation,
    make_moderator,
    make_post,
    make_space,
    make_topic,
    make_user,
)
from tests.helpers import csrf_token

GRANTS_WITH_MODERATORS = {
    EVERYONE: ["see", "read"],
    REGISTERED: ["create_topic", "reply"],
    MODERATORS: ["moderate"],
}


def test_start_reply_and_read_a_conversation(client):
    aino, bea = make_user("aino"), make_user("bea")
    login(client, aino)
    form = client.get("/messages/new?to=bea")
    assert 'value="bea"' in form.text
    token = csrf_token(client, "/messages/new")
    sent = client.post(
        "/messages/new",
        data={
            "recipients": "bea",
            "title": "Village house",
            "raw": "Shall we **meet**?",
            "csrf_token": token,
        },
    )
    assert sent.status_code == 303
    page = client.get(sent.headers["Location"])
    assert "Village house" in page.text
    assert "<strong>meet</strong>" in page.text
    assert "Test User" in page.text  # the people panel

    login(client, bea)
    home = client.get("/").text
    assert 'href="/messages"' in home
    assert "1 lukematon" in home
    inbox = client.get("/messages").text
    assert "Village house" in inbox
    topic_id = int(sent.headers["Location"].split("/t/")[1].split("/")[0])
    token = csrf_token(client, f"/t/{topic_id}")
    reply = client.post(f"/t/{topic_id}/reply", data={"raw": "Yes, Friday.", "csrf_token": token})
    assert reply.status_code == 303
    assert "Yes, Friday." in client.get(f"/t/{topic_id}").text
    notifications = client.get("/api/v1/notifications").get_json()["notifications"]
    assert [n["kind"] for n in notifications] == ["message"]

    login(client, aino)
    assert client.get("/api/v1/notifications").get_json()["notifications"][0]["kind"] == "message"


def test_outsiders_administrators_and_anonymous_get_404(client):
    aino, bea = make_user("aino"), make_user("bea")
    topic = make_conversation(aino, bea, title="Private plans")
    post_id = db.session.scalar(select(Post.id).where(Post.topic_id == topic.id))
    for outsider in (make_user("carl"), make_admin("root"), make_moderator("mod")):
        login(client, outsider)
        assert client.get(f"/t/{topic.id}").status_code == 404
        assert client.get(f"/p/{post_id}").status_code == 404
        assert client.get(f"/t/{topic.id}/reply").status_code == 404
        assert client.get(f"/api/v1/topics/{topic.id}").status_code == 404
        assert client.get(f"/api/v1/messages/{topic.id}").status_code == 404
        assert "Private plans" not in client.get("/messages").text
    anonymous = client.application.test_client()
    assert anonymous.get(f"/t/{topic.id}").status_code == 404
    assert anonymous.get("/messages").status_code == 403


def test_lists_home_spaces_and_search_never_show_conversations(client):
    aino, bea = make_user("aino"), make_user("bea")
    make_topic(aino, make_space("open"), title="Open village talk")
    make_conversation(aino, bea, title="Secret village talk", raw="village secrets")
    for viewer in (aino, bea, make_admin("root")):
        login(client, viewer)
        for path in ("/", "/latest", "/new", "/unread", "/top", "/s/open", "/search?q=village"):
            page = client.get(path)
            assert "Secret village talk" not in page.text, path
        assert "Open village talk" in client.get("/latest").text
        assert "Private messages" not in client.get("/").text
        api = client.get("/api/v1/search?q=village").get_json()
        assert all("Secret" not in item["title"] for item in api["results"])
        spaces = client.get("/api/v1/spaces").get_json()["spaces"]
        assert [s["slug"] for s in spaces] == ["open"]
    assert client.get("/s/private-messages").status_code == 404


def test_mentioning_an_outsider_in_a_conversation_tells_them_nothing(client):
    aino, bea, carl = make_user("aino"), make_user("bea"), make_user("carl")
    topic = make_conversation(aino, bea, raw="Should we ask @carl?")
    make_post(topic, bea, "Maybe @carl knows.")
    login(client, carl)
    assert client.get("/api/v1/notifications").get_json()["notifications"] == []


def test_group_conversation_add_and_leave(client):
    aino, bea, carl = make_user("aino"), make_user("bea"), make_user("carl")
    topic = make_conversation(aino, bea, title="Planning group")
    login(client, aino)
    token = csrf_token(client, f"/t/{topic.id}")
    added = client.post(
        f"/messages/{topic.id}/people", data={"recipients": "carl", "csrf_token": token}
    )
    assert added.status_code == 303
    login(client, carl)
    assert "Planning group" in client.get("/messages").text
    assert client.get(f"/t/{topic.id}").status_code == 200
    kinds = [n["kind"] for n in client.get("/api/v1/notifications").get_json()["notifications"]]
    assert kinds == ["message"]

    login(client, bea)
    token = csrf_token(client, f"/t/{topic.id}")
    left = client.post(f"/messages/{topic.id}/leave", data={"csrf_token": token})
    assert left.status_code == 303
    assert f"/t/{topic.id}/" not in client.get("/messages").text
    assert client.get(f"/t/{topic.id}").status_code == 404
    make_post(topic, carl, "Bea has gone quiet")
    assert client.get("/api/v1/notifications?unread=1").get_json()["unread"] == 0


def test_a_conversation_holds_ten_people_at_most(client):
    people = [make_user(f"person{n}") for n in range(11)]
    login(client, people[0])
    token = csrf_token(client, "/messages/new")
    refused = client.post(
        "/messages/new",
        data={
            "recipients": " ".join(p.username for p in people[1:]),
            "title": "Too many",
            "raw": "Hello all",
            "csrf_token": token,
        },
    )
    assert refused.status_code == 400
    assert "enintään 10" in refused.text
    unknown = client.post(
        "/messages/new",
        data={"recipients": "nobody", "title": "Hello", "raw": "Hi", "csrf_token": token},
    )
    assert unknown.status_code == 400
    assert "nobody" in unknown.text


def test_a_reported_message_opens_that_conversation_to_moderators_only(client):
    aino, bea = make_user("aino"), make_user("bea")
    reported = make_conversation(aino, bea, title="Rude one", raw="Something rude")
    other = make_conversation(aino, bea, title="Another one")
    post_id = db.session.scalar(select(Post.id).where(Post.topic_id == reported.id))
    moderator = make_moderator("mod")
    login(client, moderator)
    assert client.get(f"/t/{reported.id}").status_code == 404

    login(client, bea)
    token = csrf_token(client, f"/p/{post_id}/flag")
    flagged = client.post(
        f"/p/{post_id}/flag", data={"reason": "inappropriate", "csrf_token": token}
    )
    assert flagged.status_code == 200

    login(client, moderator)
    queue = client.get("/review").text
    assert "Something rude" in queue
    page = client.get(f"/t/{reported.id}")
    assert page.status_code == 200
    assert "Something rude" in page.text
    assert client.get(f"/t/{other.id}").status_code == 404
    assert client.get(f"/t/{reported.id}/reply").status_code == 403
    shown = client.get(f"/api/v1/topics/{reported.id}").get_json()
    assert shown["posts"][0]["can"]["react"] is False
    login(client, bea)
    shown = client.get(f"/api/v1/topics/{reported.id}").get_json()
    assert shown["posts"][0]["can"]["react"] is True


def test_a_moderator_reading_a_report_cannot_move_split_or_merge_the_conversation(client):
    aino, bea = make_user("aino"), make_user("bea")
    conversation = make_conversation(aino, bea, raw="Something rude")
    public = make_topic(aino, make_space("open", grants=GRANTS_WITH_MODERATORS))
    post_id = db.session.scalar(select(Post.id).where(Post.topic_id == conversation.id))
    login(client, bea)
    token = csrf_token(client, f"/p/{post_id}/flag")
    client.post(f"/p/{post_id}/flag", data={"reason": "inappropriate", "csrf_token": token})
    login(client, make_moderator("mod"))
    token = csrf_token(client, f"/t/{conversation.id}")
    attempts = {
        f"/t/{conversation.id}/move": {"space": "open"},
        f"/t/{conversation.id}/split": {"posts": "1", "title": "Out in the open"},
        f"/t/{conversation.id}/merge": {"target": public.id},
        f"/t/{public.id}/merge": {"target": conversation.id},
        f"/t/{conversation.id}/status": {"change": "pin-globally"},
    }
    for path, data in attempts.items():
        assert client.post(path, data={**data, "csrf_token": token}).status_code == 403, path
    assert "Something rude" not in client.get(f"/t/{public.id}").text
    assert "Something rude" not in client.get("/latest").text
