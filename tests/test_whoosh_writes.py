"""The embedded index recovers from a write that failed half-way through its commit."""

from __future__ import annotations

import pytest
from whoosh.writing import SegmentWriter

from forum.search import pending_keys
from tests.factories import make_topic, make_user
from tests.search_helpers import use_backend
from tests.test_search import titles


@pytest.fixture
def whoosh(app):
    yield from use_backend(app, "whoosh")


def test_a_commit_that_fails_half_way_leaves_the_index_writable(whoosh, monkeypatch):
    user = make_user(locale="en")
    real = SegmentWriter._commit_toc

    def disk_full(self, segments):
        raise OSError("No space left on device")

    monkeypatch.setattr(SegmentWriter, "_commit_toc", disk_full)
    lost = make_topic(user, title="Written while the disk was full", raw="Queued words.")
    monkeypatch.setattr(SegmentWriter, "_commit_toc", real)
    assert f"topic:{lost.id}" in pending_keys()
    # A lock left behind would make this write wait for it, time out and fail.
    make_topic(user, title="Written once there was room", raw="Sunny words.")
    assert titles(user, "sunny") == ["Written once there was room"]
    assert titles(user, "queued") == ["Written while the disk was full"]  # retried after it
