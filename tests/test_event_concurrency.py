"""Fifty people clicking "Register" at once for twenty places: twenty registered, thirty
waiting, nobody twice. Real threads against the real database (SQLite or PostgreSQL)."""

import threading

from sqlalchemy import func, select

from forum.actions.registration import register_for_event
from forum.extensions import db
from forum.models import Event, EventRegistration, User
from forum.plugins_core.state import enabled_names
from tests.event_helpers import make_event
from tests.factories import make_user

PEOPLE = 50
PLACES = 20


def test_simultaneous_registrations_fill_the_places_exactly(app):
    event_id = make_event(capacity=PLACES).topic_id
    people = [make_user().id for _ in range(PEOPLE)]
    db.session.remove()
    errors: list[BaseException] = []
    start = threading.Barrier(PEOPLE)

    def register(user_id: int) -> None:
        with app.app_context():
            try:
                # Which plugins are on is read once per application context on a connection
                # of its own; read it before the start, so that no thread needs a second
                # connection from the pool (smaller than fifty) while it holds one.
                enabled_names()
                db.session.remove()
                start.wait()
                user = db.session.get(User, user_id)
                register_for_event(user, db.session.get(Event, event_id))
                # A second click from the same person at the same moment changes nothing.
                register_for_event(user, db.session.get(Event, event_id))
            except BaseException as error:
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=register, args=(u,)) for u in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    counts = dict(
        db.session.execute(
            select(EventRegistration.status, func.count())
            .where(EventRegistration.event_id == event_id)
            .group_by(EventRegistration.status)
        ).all()
    )
    assert counts == {"registered": PLACES, "waiting": PEOPLE - PLACES}
    users = db.session.scalars(
        select(EventRegistration.user_id).where(EventRegistration.event_id == event_id)
    ).all()
    assert sorted(users) == sorted(people)
    event = db.session.get(Event, event_id)
    assert (event.registered_count, event.waiting_count) == (PLACES, PEOPLE - PLACES)
