"""SQL statements per page, counted with SQLAlchemy's cursor events, for topics of every size.

Run by bench.pages on each database. A page's count must not grow with the topic: the first
and the last page of topics of 10, 100 and 1,000 posts should all make the same number.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from bench.common import session_cookie
from bench.data import DataSet
from forum.extensions import db


@contextmanager
def counting(engine: Engine) -> Iterator[list[str]]:
    """The statements ``engine`` sends while the block runs."""
    statements: list[str] = []

    def record(_connection, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def statements_per_page(app: Flask, data: DataSet, user_id: int) -> dict:
    """Statements for the first and last page of each topic, anonymous and signed in (the
    second request of each, so one-off caches do not count).

    Flat means each kind of page (first or last, anonymous or signed in) costs the same for
    every topic size. A first page holds post #1, after which plugins have a slot of their own
    (the learning communities plugin looks up a gathering there), so first and last pages may
    differ from each other; a topic of one page has only a first page."""
    anonymous, signed = app.test_client(), app.test_client()
    name, value = session_cookie(app, user_id)["Cookie"].split("=", 1)
    signed.set_cookie(name, value)
    per_page = app.config["POSTS_PER_PAGE"]
    with app.app_context():
        engine = db.engine
    counts: dict[str, int] = {}
    for size, topic_id in sorted(data.topics.items()):
        last = -(-size // per_page)
        pages = [("first", f"/t/{topic_id}?page=1")]
        if last > 1:
            pages.append(("last", f"/t/{topic_id}?page={last}"))
        for where, path in pages:
            for who, client in (("anonymous", anonymous), ("signed_in", signed)):
                client.get(path)
                with counting(engine) as statements:
                    page = client.get(path)
                if page.status_code != 200 or (client is signed) != (b"/auth/logout" in page.data):
                    raise RuntimeError(f"{path} answered {page.status_code} or not as {who}")
                counts[f"topic_{size}_{where}_page_{who}"] = len(statements)
    flat = {
        who: all(
            len({n for name, n in counts.items() if name.endswith(f"_{where}_page_{who}")}) == 1
            for where in ("first", "last")
        )
        for who in ("anonymous", "signed_in")
    }
    return {"statements": counts, "independent_of_topic_size": flat}
