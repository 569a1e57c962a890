"""Plugins hear of every registration change after commit (forum_event_event_registration),
and the topic's readers get the new counts in real time (event.registration)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from forum.actions.errors import ValidationError
from forum.actions.events import cancel_event
from forum.actions.registration import cancel_registration, register_for_event
from forum.events import check_shape
from tests.event_helpers import make_event
from tests.factories import make_user
from tests.plugin_helpers import migrated_app, on_path, write_distribution
from tests.plugins.recorder import plugin as recorder


@pytest.fixture(scope="module")
def plugin_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    site = tmp_path_factory.mktemp("site")
    write_distribution(site, "forum-recorder", {"recorder": "tests.plugins.recorder.plugin"})
    with on_path(site):
        app = migrated_app(tmp_path_factory.mktemp("instance"))
    yield app
    with app.app_context():
        from forum.extensions import db

        db.engine.dispose()


def test_every_registration_change_reaches_plugins_after_commit(plugin_app):
    with plugin_app.app_context():
        recorder.CALLS.clear()
        event = make_event(capacity=1)
        first, second = make_user(), make_user()
        first_id, second_id = first.id, second.id
        register_for_event(first, event)
        register_for_event(second, event)
        cancel_registration(first, event)
        cancel_event(event.topic.user, event, "")
        payloads = [
            kwargs["payload"]
            for hook, kwargs in recorder.CALLS
            if hook == "forum_event_event_registration"
        ]
    changes = [(p["user_id"], p["change"]) for p in payloads]
    assert changes == [
        (first_id, "registered"),
        (second_id, "waiting"),
        (first_id, "cancelled"),
        (second_id, "promoted"),
        (None, "event_cancelled"),
    ]
    assert payloads[1]["waiting"] == 1
    assert payloads[3]["registered"] == 1
    assert payloads[3]["places_left"] == 0


def test_readers_of_the_topic_get_the_counts(captured_events):
    event = make_event(capacity=2)
    register_for_event(make_user(), event)
    [(name, room, payload)] = [e for e in captured_events if e[0] == "event.registration"]
    check_shape(name, payload)
    assert room == f"topic:{event.topic_id}"
    assert payload["registered"] == 1
    assert payload["places_left"] == 1


def test_a_refused_registration_publishes_nothing(captured_events):
    event = make_event()
    cancel_event(event.topic.user, event, "")
    captured_events.clear()
    with pytest.raises(ValidationError) as refused:
        register_for_event(make_user(), event)
    assert refused.value.code == "event_cancelled"
    assert captured_events == []
