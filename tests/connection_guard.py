"""Fails a test in which one request, action or thread checks out a second pooled database
connection while it still holds one.

Under load every worker would do the same at once: each holds a connection and waits for
another, and a full pool waits on itself until its timeout (pool starvation). Each thread, and
each request the test client makes (in a context of its own), counts as one holder.
"""

from __future__ import annotations

import threading
import traceback
from contextvars import ContextVar

from sqlalchemy import event
from sqlalchemy.pool import Pool

_holder: ContextVar[object] = ContextVar("connection_holder")
_lock = threading.Lock()
_held: dict[object, set[int]] = {}
_owner_of: dict[int, object] = {}
_taken_at: dict[int, str] = {}
offences: list[str] = []


def _current_holder() -> object:
    holder = _holder.get(None)
    if holder is None:
        holder = object()
        _holder.set(holder)
    return holder


@event.listens_for(Pool, "checkout")
def _checkout(_dbapi_connection, record, _proxy) -> None:
    holder = _current_holder()
    with _lock:
        held = _held.setdefault(holder, set())
        here = "".join(traceback.format_stack(limit=30)[:-1])
        if held:
            first = "".join(_taken_at.get(taken, "") for taken in held)
            offences.append(f"{here}\nwhile holding the one taken at:\n{first}")
        held.add(id(record))
        _owner_of[id(record)] = holder
        _taken_at[id(record)] = here


@event.listens_for(Pool, "checkin")
def _checkin(_dbapi_connection, record) -> None:
    with _lock:
        holder = _owner_of.pop(id(record), None)
        _taken_at.pop(id(record), None)
        if holder is not None:
            _held.get(holder, set()).discard(id(record))
