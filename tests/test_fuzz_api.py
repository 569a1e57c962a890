"""Property-based fuzzing of the API's write endpoints: bodies built from arbitrary JSON values
(huge and non-finite numbers, lone surrogates, deep nesting, wrong types) get an answer below
500, always JSON."""

from __future__ import annotations

import json
import random
import secrets
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.event_helpers import make_kind_space
from tests.factories import make_post, make_topic, make_user
from tests.test_http_input import bearer

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=2**62, max_value=2**70),
    st.integers(min_value=-(2**70), max_value=-(2**62)),
    st.floats(),  # with NaN and infinities, which json.dumps writes as NaN and Infinity
    st.text(st.characters(codec=None), max_size=30),  # lone surrogates included
    st.sampled_from(["", " ", "\u202e\u200b", "like", "event", "news", "2030-05-04T13:00"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def fields(*names: str) -> st.SearchStrategy[dict[str, Any]]:
    """Dictionaries whose keys are mostly the endpoint's own fields, with any values."""
    return st.dictionaries(st.one_of(st.sampled_from(names), st.text(max_size=6)), values)


def body(base: dict[str, Any], names: tuple[str, ...]) -> st.SearchStrategy[str]:
    """The JSON text of a body: a good one with fuzzed fields laid over it, or any value,
    or something nested very deep."""
    fuzzed = fields(*names).map(lambda changes: {**base, **changes})
    deep = st.integers(min_value=30, max_value=5000).map(lambda n: "[" * n + "]" * n)
    return st.one_of(fuzzed.map(json.dumps), values.map(json.dumps), deep)


def fresh_random() -> None:
    """Hypothesis seeds Python's ``random`` alike for every example, so Whoosh, which names
    its index segments with it, would make the same segment name twice and fail to commit."""
    random.seed(secrets.randbits(64))


def send(client, method: str, path: str, text: str, headers: dict[str, str]) -> None:
    answer = client.open(
        path, method=method, data=text, headers=headers, content_type="application/json"
    )
    assert answer.status_code < 500, (path, text[:300], answer.text[:300])
    assert answer.is_json, answer.text[:300]


TOPIC_FIELDS = ("space_id", "title", "raw", "tags", "kind", "event", "news")
EVENT_FIELDS = ("starts_at", "ends_at", "timezone", "place", "online_url", "capacity")


@FUZZ
@given(data=st.data())
def test_new_topics_and_events_never_answer_5xx(client, data):
    fresh_random()
    space = make_kind_space()
    headers = bearer(make_user())
    base = {"space_id": space.id, "title": "A fine title", "raw": "Body text"}
    send(client, "POST", "/api/v1/topics", data.draw(body(base, TOPIC_FIELDS)), headers)
    event = data.draw(
        fields(*EVENT_FIELDS).map(
            lambda changes: {
                **base,
                "kind": "event",
                "event": {
                    "starts_at": "2030-05-04T13:00",
                    "ends_at": "2030-05-04T15:00",
                    "place": "Kajaani",
                    **changes,
                },
            }
        )
    )
    send(client, "POST", "/api/v1/topics", json.dumps(event), headers)


@FUZZ
@given(data=st.data())
def test_replies_edits_and_reactions_never_answer_5xx(client, data):
    fresh_random()
    author = make_user()
    topic = make_topic(author)
    post = make_post(topic, author)
    headers = bearer(author)
    reply = data.draw(body({"raw": "A reply", "reply_to": 1}, ("raw", "reply_to")))
    send(client, "POST", f"/api/v1/topics/{topic.id}/posts", reply, headers)
    edit = data.draw(body({"raw": "Edited", "base_version": 1}, ("raw", "base_version")))
    send(client, "PATCH", f"/api/v1/posts/{post.id}", edit, headers)
    react = data.draw(body({"kind": "like"}, ("kind",)))
    send(client, "POST", f"/api/v1/posts/{post.id}/reactions", react, bearer(make_user()))
