"""What arrives over HTTP: ids beyond what the database holds, whole numbers and malformed JSON
in API bodies, a huge ``since`` on a socket join. Each gets a clear 4xx, never a 500."""

from __future__ import annotations

import pytest

from forum.actions.tokens import create_api_token
from forum.http_input import DB_INT_MAX, JSON_MAX_DEPTH
from tests.conftest import login
from tests.event_helpers import make_event, make_kind_space
from tests.factories import admin, make_post, make_space, make_topic, make_user
from tests.helpers import csrf_token
from tests.realtime_helpers import Listener

HUGE = 2**64
TOO_BIG = DB_INT_MAX + 1


def bearer(user) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_api_token(user, 'tests')[1]}"}


@pytest.mark.parametrize(
    "path",
    [
        f"/t/{TOO_BIG}",
        f"/t/{HUGE}/some-slug",
        f"/p/{HUGE}",
        f"/p/{TOO_BIG}/history",
        f"/events/{HUGE}.ics",
        f"/api/v1/topics/{HUGE}",
        f"/api/v1/posts/{HUGE}/reactions",
        f"/api/v1/events/{HUGE}",
        f"/api/v1/spaces/{TOO_BIG}/topics",
    ],
)
def test_an_id_the_database_cannot_hold_is_not_found(client, path):
    make_topic()
    assert client.get(path).status_code in (404, 405)
    answer = client.post(path, headers=bearer(make_user()), json={"kind": "like"})
    assert answer.status_code in (404, 405)


def test_the_largest_id_the_database_holds_still_reaches_the_view(client):
    assert client.get(f"/t/{DB_INT_MAX}").status_code == 404
    assert client.get(f"/api/v1/topics/{DB_INT_MAX}").get_json()["error"] == "not_found"


def topic_body(space_id: int, **changes) -> dict:
    return {"space_id": space_id, "title": "A fine title", "raw": "Body text", **changes}


@pytest.mark.parametrize(
    "number", [HUGE, -HUGE, TOO_BIG, 10**400], ids=["2^64", "-2^64", "2^63", "10^400"]
)
def test_huge_whole_numbers_in_api_bodies_are_refused_by_name(client, number):
    space = make_kind_space()
    topic = make_topic(space=space)
    headers = bearer(make_user())
    admin_headers = bearer(admin())
    attempts = [
        ("/api/v1/topics", topic_body(number), headers, "space_id"),
        (
            f"/api/v1/topics/{topic.id}/posts",
            {"raw": "Hi", "reply_to": number},
            headers,
            "reply_to",
        ),
        (
            "/api/v1/spaces",
            {"name": "N", "slug": "n", "parent_id": number},
            admin_headers,
            "parent_id",
        ),
        (
            "/api/v1/spaces",
            {"name": "N", "slug": "n", "position": number},
            admin_headers,
            "position",
        ),
        (
            "/api/v1/topics",
            topic_body(
                space.id,
                kind="event",
                event={
                    "starts_at": "2030-05-04T13:00",
                    "ends_at": "2030-05-04T15:00",
                    "place": "Kajaani",
                    "capacity": number,
                },
            ),
            headers,
            "capacity",
        ),
    ]
    for path, body, auth, field in attempts:
        answer = client.post(path, json=body, headers=auth)
        assert answer.status_code == 400, (path, answer.text)
        assert answer.get_json()["field"] == field
        assert field in answer.get_json()["message"]
    user = make_user()
    answer = client.patch(
        f"/api/v1/users/{user.username}", json={"region_ids": [1, number]}, headers=bearer(user)
    )
    assert answer.status_code == 400
    assert answer.get_json()["field"] == "region_ids"


def post_raw(client, text: str, headers: dict) -> dict:
    answer = client.post(
        "/api/v1/topics", data=text, headers=headers, content_type="application/json"
    )
    assert answer.status_code == 400, answer.text
    error = answer.get_json()
    assert error["error"] in ("invalid_json", "too_large")
    return error


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[" * 50_000 + "]" * 50_000, "nested"),
        ('{"a":' * (JSON_MAX_DEPTH + 1) + "1" + "}" * (JSON_MAX_DEPTH + 1), "nested"),
        ('{"space_id": 1, "title": "\\ud800 title", "raw": "x"}', "surrogate"),
        ('{"space_id": 1, "title": "title", "\\udfff": "x"}', "surrogate"),
        ('{"space_id": 1, "strength": Infinity}', "finite"),
        ('{"space_id": 1, "strength": -Infinity}', "finite"),
        ('{"space_id": 1, "strength": NaN}', "finite"),
        ('{"space_id": 1, "strength": 1e400}', "finite"),
        ("\xff\xfe", "UTF-8"),
    ],
)
def test_malformed_json_is_a_clear_400(client, text, words):
    headers = {**bearer(make_user()), "Accept-Language": "en"}
    error = post_raw(client, text.encode("latin-1") if text == "\xff\xfe" else text, headers)
    assert words.lower() in error["message"].lower(), error


def test_an_oversized_json_body_is_refused_before_it_is_read(client):
    headers = bearer(make_user())
    error = post_raw(client, '{"raw": "' + "x" * 1_100_000 + '"}', headers)
    assert error["error"] == "too_large"


def test_json_at_the_depth_limit_is_still_read(client):
    space = make_space()
    nested: object = 1
    for _ in range(JSON_MAX_DEPTH - 1):
        nested = [nested]
    answer = client.post(
        "/api/v1/topics",
        json=topic_body(space.id, extra=nested),
        headers=bearer(make_user()),
    )
    assert answer.status_code == 201, answer.text


def test_a_huge_since_on_a_socket_join_is_a_bad_request(live_server):
    topic = make_topic()
    listener = Listener(live_server)
    try:
        answer = listener.client.call(
            "join", {"room": f"topic:{topic.id}", "since": HUGE}, timeout=5
        )
        assert answer == {"ok": False, "code": "bad_request", "room": f"topic:{topic.id}"}
        assert listener.join(f"topic:{topic.id}", since=0)["ok"]
    finally:
        listener.close()


def test_an_event_calendar_file_at_a_real_id_still_answers(client):
    event = make_event()
    assert client.get(f"/events/{event.id}.ics").status_code == 200


@pytest.mark.parametrize(
    "number", [str(HUGE), str(TOO_BIG), "²", "١٢"], ids=["2^64", "2^31", "superscript", "arabic"]
)
def test_numbers_typed_into_page_forms_never_give_a_500(client, number):
    """Forms send numbers as text: too large for the database, or digits that are not ASCII."""
    author = make_user()
    topic = make_topic(author)
    login(client, author)
    token = csrf_token(client, f"/t/{topic.id}/reply")
    reply = client.post(
        f"/t/{topic.id}/reply", data={"raw": "Hello", "reply_to": number, "csrf_token": token}
    )
    assert reply.status_code in (303, 400), reply.text
    post = make_post(topic, author)
    edit = client.post(
        f"/p/{post.id}/edit",
        data={"raw": "Edited text", "base_version": number, "csrf_token": token},
    )
    assert edit.status_code in (303, 400, 409), edit.text
    login(client, admin())
    token = csrf_token(client, "/admin/spaces/new")
    for field in ("position", "parent"):
        space = client.post(
            "/admin/spaces/new",
            data={"name": "Numbers", "slug": f"n-{field}", field: number, "csrf_token": token},
        )
        assert space.status_code == 400, space.text
