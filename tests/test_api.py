"""The REST API: token auth, the same actions and permissions as the pages, JSON errors."""

import pytest
from openapi_spec_validator import validate
from sqlalchemy import select

from forum.actions.tokens import create_api_token, revoke_api_token
from forum.extensions import db
from forum.models import Post
from forum.plugins_core.calls import route_enabled
from tests.conftest import login
from tests.factories import (
    REGISTERED_ONLY,
    make_admin,
    make_post,
    make_space,
    make_topic,
    make_user,
)
from tests.helpers import csrf_token


def bearer(user) -> dict[str, str]:
    _token, secret = create_api_token(user, "tests")
    return {"Authorization": f"Bearer {secret}"}


def test_anonymous_callers_see_public_spaces_only(client):
    make_space("open", name="Open")
    make_space("members", name="Members", grants=REGISTERED_ONLY)
    spaces = client.get("/api/v1/spaces").get_json()["spaces"]
    assert [s["slug"] for s in spaces] == ["open"]
    assert spaces[0]["can"]["create_topic"] is False


def test_a_token_acts_as_its_owner(client):
    make_space("members", grants=REGISTERED_ONLY)
    headers = bearer(make_user())
    spaces = client.get("/api/v1/spaces", headers=headers).get_json()["spaces"]
    assert [s["slug"] for s in spaces] == ["members"]
    assert spaces[0]["can"]["create_topic"] is True


@pytest.mark.parametrize("header", ["Bearer fst_nope", "Basic abc", "Bearer "])
def test_an_invalid_token_is_401_json(client, header):
    answer = client.get("/api/v1/spaces", headers={"Authorization": header})
    assert answer.status_code == 401
    assert answer.get_json()["error"] == "unauthorized"


def test_a_revoked_token_stops_working(client):
    user = make_user()
    token, secret = create_api_token(user, "script")
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/spaces", headers=headers).status_code == 200
    revoke_api_token(user, token.id)
    assert client.get("/api/v1/spaces", headers=headers).status_code == 401


def test_topic_reply_edit_react_delete_through_the_api(client):
    space = make_space("s")
    author, reader = make_user("aino"), make_user("mikko")
    headers = bearer(author)
    created = client.post(
        "/api/v1/topics",
        json={
            "space_id": space.id,
            "title": "Ecosystem map",
            "raw": "Who **works** with whom?",
            "tags": ["kartta"],
        },
        headers=headers,
    )
    assert created.status_code == 201, created.get_json()
    topic = created.get_json()
    assert topic["tags"] == ["kartta"]
    reply = client.post(
        f"/api/v1/topics/{topic['id']}/posts",
        json={"raw": "Everyone!", "reply_to": 1},
        headers=headers,
    )
    assert reply.status_code == 201
    post = reply.get_json()
    assert post["post_number"] == 2
    assert post["cooked"] == "<p>Everyone!</p>\n"

    edited = client.patch(
        f"/api/v1/posts/{post['id']}",
        json={"raw": "Everyone, really.", "base_version": 1},
        headers=headers,
    )
    assert edited.status_code == 200
    assert edited.get_json()["version"] == 2
    stale = client.patch(
        f"/api/v1/posts/{post['id']}", json={"raw": "Lost?", "base_version": 1}, headers=headers
    )
    assert stale.status_code == 409
    assert stale.get_json()["error"] == "conflict"

    reader_headers = bearer(reader)
    path = f"/api/v1/posts/{post['id']}/reactions"
    assert client.post(path, json={"kind": "like"}, headers=reader_headers).status_code == 201
    again = client.post(path, json={"kind": "like"}, headers=reader_headers)
    assert again.status_code == 409
    page = client.get(f"/api/v1/topics/{topic['id']}", headers=reader_headers).get_json()
    assert page["posts"][1]["reactions"] == {"like": 1}
    assert page["posts"][1]["my_reactions"] == ["like"]
    assert client.delete(f"{path}/like", headers=reader_headers).status_code == 204

    assert client.delete(f"/api/v1/posts/{post['id']}", headers=reader_headers).status_code == 403
    assert client.delete(f"/api/v1/posts/{post['id']}", headers=headers).status_code == 204
    listing = client.get(f"/api/v1/spaces/{space.id}/topics").get_json()
    assert listing["topics"][0]["posts_count"] == 1


@pytest.mark.parametrize(
    ("body", "code", "field"),
    [
        (None, "invalid_json", None),
        ([], "invalid_json", None),
        ({"title": "Hello there", "raw": "x"}, "missing", "space_id"),
        ({"space_id": "1", "title": "Hello there", "raw": "x"}, "invalid", "space_id"),
        ({"space_id": 0, "title": 5, "raw": "x"}, "invalid", "title"),
        ({"space_id": 0, "title": "Hello there", "raw": ""}, "invalid", "raw"),
        ({"space_id": 0, "title": "Hello there", "raw": "x", "tags": "one"}, "invalid", "tags"),
    ],
)
def test_bad_api_input_gets_a_stable_error_code(client, body, code, field):
    space = make_space()
    if isinstance(body, dict) and body.get("space_id") == 0:
        body["space_id"] = space.id
    headers = bearer(make_user())
    if body is None:
        answer = client.post(
            "/api/v1/topics", data="{not json", headers=headers, content_type="application/json"
        )
    else:
        answer = client.post("/api/v1/topics", json=body, headers=headers)
    assert answer.status_code == 400
    error = answer.get_json()
    assert error["error"] == code
    assert error["message"]
    assert error.get("field") == field


def test_unknown_things_and_methods_are_json_errors(client):
    assert client.get("/api/v1/topics/9999").get_json()["error"] == "not_found"
    assert client.get("/api/v1/nothing-here").get_json()["error"] == "not_found"
    assert client.get("/api/v1/users/nobody").status_code == 404
    wrong = client.put("/api/v1/spaces")
    assert wrong.status_code == 405
    assert wrong.get_json()["error"] == "method_not_allowed"


def test_private_topics_are_invisible_through_the_api(client):
    insider = make_user()
    from tests.factories import make_group

    group = make_group(members=[insider])
    space = make_space(grants={group.name: ["see", "read", "reply", "create_topic"]})
    topic = make_topic(insider, space)
    outsider = bearer(make_user())
    assert client.get(f"/api/v1/topics/{topic.id}", headers=outsider).status_code == 404
    assert client.get(f"/api/v1/spaces/{space.id}/topics", headers=outsider).status_code == 404
    post = db.session.scalar(select(Post).where(Post.topic_id == topic.id))
    assert (
        client.patch(f"/api/v1/posts/{post.id}", json={"raw": "x"}, headers=outsider).status_code
        == 404
    )
    assert client.get(f"/api/v1/topics/{topic.id}", headers=bearer(insider)).status_code == 200


def test_only_administrators_create_spaces(client):
    body = {"name": "Kainuu", "slug": "kainuu", "grants": {"everyone": ["see", "read"]}}
    refused = client.post("/api/v1/spaces", json=body, headers=bearer(make_user()))
    assert refused.status_code == 403
    created = client.post("/api/v1/spaces", json=body, headers=bearer(make_admin()))
    assert created.status_code == 201
    assert created.get_json()["slug"] == "kainuu"


def test_a_browser_session_needs_the_csrf_header_to_change_anything(client):
    topic = make_topic()
    login(client, make_user())
    refused = client.post(f"/api/v1/topics/{topic.id}/posts", json={"raw": "Hi"})
    assert refused.status_code == 400
    assert refused.get_json()["error"] == "csrf"
    token = csrf_token(client)
    accepted = client.post(
        f"/api/v1/topics/{topic.id}/posts", json={"raw": "Hi"}, headers={"X-CSRFToken": token}
    )
    assert accepted.status_code == 201


def test_user_profiles_show_public_fields_only(client):
    make_user("aino", email="aino@example.org")
    profile = client.get("/api/v1/users/Aino").get_json()
    assert profile["username"] == "aino"
    assert "email" not in profile


def test_openapi_document_is_valid_and_lists_every_route(app, client):
    document = client.get("/api/v1/openapi.json").get_json()
    validate(document)
    documented = {
        (path, method.upper())
        for path, operations in document["paths"].items()
        for method in operations
    }
    routes = set()
    for rule in app.url_map.iter_rules():
        # Routes of switched-off plugins answer 404 and are not described.
        if not route_enabled(rule.endpoint):
            continue
        if rule.rule.startswith("/api/v1/") and rule.endpoint != "api.openapi":
            path = rule.rule.removeprefix("/api/v1")
            for name in rule.arguments:
                path = path.replace(f"<int:{name}>", f"{{{name}}}").replace(
                    f"<{name}>", f"{{{name}}}"
                )
            routes |= {(path, m) for m in rule.methods - {"HEAD", "OPTIONS"}}
    assert routes == documented


def test_settings_page_makes_and_revokes_tokens(client):
    login(client, make_user())
    token = csrf_token(client, "/settings/tokens")
    made = client.post("/settings/tokens", data={"name": "report script", "csrf_token": token})
    assert made.status_code == 200
    assert made.headers["Cache-Control"] == "no-store"
    secret = made.text.split('class="token-secret">')[1].split("<")[0]
    assert (
        client.get("/api/v1/spaces", headers={"Authorization": f"Bearer {secret}"}).status_code
        == 200
    )
    listing = client.get("/settings/tokens").text
    assert "report script" in listing
    assert secret not in listing
    token_id = listing.split("/settings/tokens/")[1].split("/")[0]
    client.post(f"/settings/tokens/{token_id}/revoke", data={"csrf_token": token})
    assert (
        client.get("/api/v1/spaces", headers={"Authorization": f"Bearer {secret}"}).status_code
        == 401
    )


def test_cli_api_token(app):
    make_user("aino")
    result = app.test_cli_runner().invoke(args=["forum", "api-token", "aino", "--name", "cron"])
    assert result.exit_code == 0
    assert result.output.strip().startswith("fst_")
    assert app.test_cli_runner().invoke(args=["forum", "api-token", "nobody"]).exit_code != 0


def test_post_api_respects_closed_topics(client):
    from forum.actions.topics import set_topic_status
    from tests.factories import admin

    topic = make_topic()
    make_post(topic)
    set_topic_status(admin(), topic, closed=True)
    answer = client.post(
        f"/api/v1/topics/{topic.id}/posts", json={"raw": "late"}, headers=bearer(make_user())
    )
    assert answer.status_code == 403
    assert answer.get_json()["error"] == "forbidden"
