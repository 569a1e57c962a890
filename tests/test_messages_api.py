"""The messages API: a person's own conversations, and nothing of anyone else's."""

from forum.actions.tokens import create_api_token
from tests.factories import make_admin, make_conversation, make_user


def bearer(user) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_api_token(user, 'tests')[1]}"}


def test_start_list_read_and_reply(client):
    aino, bea = make_user("aino"), make_user("bea")
    started = client.post(
        "/api/v1/messages",
        json={"recipients": ["bea"], "title": "Funding idea", "raw": "Have you seen the call?"},
        headers=bearer(aino),
    )
    assert started.status_code == 201
    conversation = started.get_json()
    assert conversation["title"] == "Funding idea"
    assert sorted(p["username"] for p in conversation["participants"]) == ["aino", "bea"]

    as_bea = bearer(bea)
    listed = client.get("/api/v1/messages", headers=as_bea).get_json()
    assert listed["total"] == 1
    assert listed["conversations"][0]["unread"] == 1
    assert [p["username"] for p in listed["conversations"][0]["participants"]] == ["aino"]
    topic_id = conversation["id"]
    reply = client.post(f"/api/v1/messages/{topic_id}/posts", json={"raw": "Yes!"}, headers=as_bea)
    assert reply.status_code == 201
    assert reply.get_json()["post_number"] == 2
    shown = client.get(f"/api/v1/messages/{topic_id}", headers=as_bea).get_json()
    assert [p["raw"] for p in shown["posts"]] == ["Have you seen the call?", "Yes!"]
    assert (
        client.get("/api/v1/messages", headers=as_bea).get_json()["conversations"][0]["unread"] == 0
    )


def test_outsiders_and_bad_input(client):
    aino, bea = make_user("aino"), make_user("bea")
    topic = make_conversation(aino, bea)
    for outsider in (make_user("carl"), make_admin("root")):
        headers = bearer(outsider)
        assert client.get(f"/api/v1/messages/{topic.id}", headers=headers).status_code == 404
        assert client.get(f"/api/v1/topics/{topic.id}", headers=headers).status_code == 404
        refused = client.post(
            f"/api/v1/messages/{topic.id}/posts", json={"raw": "Hi"}, headers=headers
        )
        assert refused.status_code == 404
        assert client.get("/api/v1/messages", headers=headers).get_json()["conversations"] == []
    assert client.get("/api/v1/messages").status_code == 401
    headers = bearer(aino)
    empty = client.post(
        "/api/v1/messages", json={"recipients": [], "title": "Hello", "raw": "Hi"}, headers=headers
    )
    assert empty.status_code == 400
    assert empty.get_json()["field"] == "recipients"
    missing = client.post("/api/v1/messages", json={"recipients": ["bea"]}, headers=headers)
    assert missing.status_code == 400
    space_id = topic.space_id
    into_space = client.post(
        "/api/v1/topics",
        json={"space_id": space_id, "title": "Sneaking in", "raw": "Hello"},
        headers=headers,
    )
    assert into_space.status_code == 404
    assert client.get(f"/api/v1/spaces/{space_id}/topics", headers=headers).status_code == 404
