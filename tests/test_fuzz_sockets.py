"""Property-based fuzzing of the Socket.IO events (join, leave, typing) through a real client
against a real server: whatever a client sends, the handler answers an acknowledgement with a
clear code, logs no error, and the connection stays usable (a valid join still works)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest
import socketio
from hypothesis import given, settings
from hypothesis import strategies as st

from forum.actions.tokens import create_api_token
from forum.realtime import handlers
from tests.factories import make_topic, make_user
from tests.realtime_helpers import Listener
from tests.test_fuzz_api import FUZZ as API_FUZZ

FUZZ = settings(API_FUZZ, max_examples=100, derandomize=True, database=None)
CODES = {
    "bad_request",
    "forbidden",
    "too_many_rooms",
    "too_fast",
    "not_connected",
    "session_ended",
}

numbers = st.one_of(
    st.integers(),
    st.integers(min_value=2**31 - 2, max_value=2**31 + 2),
    st.integers(min_value=2**62, max_value=2**80),
    st.integers(max_value=-1),
    st.floats(),  # NaN and the infinities too
)
texts = st.one_of(
    st.text(st.characters(codec=None), max_size=40),  # lone surrogates included
    st.text(max_size=5).map(lambda t: t * 20_000),  # long
)
scalars = st.one_of(st.none(), st.booleans(), numbers, texts)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=16,
)


def nested(depth: int) -> list:
    value: list = []
    for _ in range(depth):
        value = [value]
    return value


deep = st.integers(min_value=20, max_value=400).map(nested)


def room_like(real_topic_id: int) -> st.SearchStrategy[Any]:
    """Room names that look almost right, next to any value."""
    kinds = st.sampled_from(["topic", "space", "user", "conversation", "nope", "TOPIC", ""])
    idents = st.one_of(
        numbers.map(str),
        st.just(str(real_topic_id)),
        st.sampled_from(["", "0", "-1", "١٢", "²", "1\n", " 1", "999999999999", "1e3"]),
    )
    return st.one_of(st.tuples(kinds, idents).map(":".join), values)


def payloads(real_topic_id: int) -> st.SearchStrategy[Any]:
    """What a client may send as an event's data: any JSON value, an object with the
    protocol's keys holding odd values, several arguments, or deep nesting."""
    keyed = st.dictionaries(
        st.sampled_from(["room", "since", "topic_id", "extra"]),
        st.one_of(room_like(real_topic_id), numbers, values),
        max_size=4,
    )
    several = st.lists(values, min_size=2, max_size=3).map(tuple)
    return st.one_of(keyed, values, several, deep)


@pytest.fixture
def errors_logged(caplog: pytest.LogCaptureFixture) -> Iterator[list[logging.LogRecord]]:
    with caplog.at_level(logging.ERROR):
        yield caplog.records


@pytest.fixture
def listener(live_server: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Listener]:
    """One connection for every example; the join flood limit is lifted for it, since the
    examples join hundreds of times in a few seconds."""
    monkeypatch.setattr(handlers, "JOIN_BURST", 10**9)
    _, secret = create_api_token(make_user(), "fuzz")
    client = Listener(live_server, token=secret)
    yield client
    client.close()


@pytest.mark.parametrize("event", ["join", "leave", "typing"])
def test_any_payload_gets_a_clear_answer_and_the_connection_stays_usable(
    listener: Listener, errors_logged: list[logging.LogRecord], event: str
):
    topic = make_topic()
    room = f"topic:{topic.id}"

    @FUZZ
    @given(payload=payloads(topic.id))
    def answers(payload: Any) -> None:
        try:
            answer = listener.client.call(event, payload, timeout=3)
        except socketio.exceptions.TimeoutError:
            pytest.fail(f"no answer to {event} {payload!r:.300}")
        assert isinstance(answer, dict), answer
        assert answer["ok"] is True or answer.get("code") in CODES, answer
        assert not errors_logged, errors_logged[0].getMessage()
        assert listener.join(room)["ok"]
        assert listener.client.connected

    answers()


MALFORMED = [
    ("join", ({"room": "topic:1"}, None)),  # two arguments: the handlers took one
    ("leave", ({"room": "topic:1"}, 2, 3)),
    ("typing", ({"topic_id": 1}, {})),
    ("leave", {"room": []}),  # unhashable: ``room in connection.rooms`` raised
    ("leave", {"room": {"a": 1}}),
    ("typing", {"topic_id": True}),  # a boolean is no topic id
]


def test_malformed_events_found_by_fuzzing_get_bad_request(
    listener: Listener, errors_logged: list[logging.LogRecord]
):
    for event, payload in MALFORMED:
        answer = listener.client.call(event, payload, timeout=3)
        assert answer == {"ok": False, "code": "bad_request"}, (event, payload)
    assert not errors_logged
