"""The anonymous topic-page cache, through HTTP: served again only while nothing shown changed,
never to a signed-in person or to someone who may not read the topic, never with another
visitor's CSRF token, and bounded."""

from __future__ import annotations

import contextvars
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from flask import Flask, template_rendered
from flask.testing import FlaskClient
from sqlalchemy import text, update

from forum import create_app, page_cache_front
from forum.actions.erasure import erase_account
from forum.actions.moderation import hide_post
from forum.actions.plugins import set_plugin_enabled
from forum.actions.posts import delete_post, edit_post
from forum.actions.profiles import update_profile
from forum.actions.reactions import add_reaction
from forum.actions.reading import add_bookmark
from forum.actions.spaces import set_grants
from forum.actions.topics import edit_topic, move_topic, set_topic_status
from forum.extensions import db
from forum.models import Topic
from forum.models.group import EVERYONE, MODERATORS, REGISTERED
from forum.page_cache import PageCache, _Entry, current_version, page_cache
from forum.page_cache_front import PageCacheFront
from tests.conftest import login
from tests.factories import (
    PUBLIC,
    admin,
    make_group,
    make_moderator,
    make_post,
    make_space,
    make_topic,
    make_user,
)
from tests.statements import statements_run

ENGLISH = {"Accept-Language": "en"}
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@contextmanager
def rendering(app: Flask) -> Iterator[list[str]]:
    """The templates rendered meanwhile: none when a page came from the cache."""
    names: list[str] = []

    def record(_sender: Flask, template, context, **_extra) -> None:
        names.append(template.name)

    template_rendered.connect(record, app)
    try:
        yield names
    finally:
        template_rendered.disconnect(record, app)


def fetch(client: FlaskClient, url: str, **kwargs) -> tuple[int, str, bool]:
    """Status, body, and whether the page was rendered (False: served from the cache)."""
    with rendering(client.application) as rendered:
        response = client.get(url, headers=ENGLISH | kwargs.pop("headers", {}), **kwargs)
    return response.status_code, response.text, "topics/show.html" in rendered


@pytest.fixture
def scene():
    author = make_user(display_name="Aino Author")
    space = make_space(name="Open space", grants={**PUBLIC, MODERATORS: ["moderate"]})
    topic = make_topic(author, space, title="Cached topic", raw="The opening words.")
    second = make_post(topic, author, raw="A second post to change.")
    return {"author": author, "space": space, "topic": topic, "second": second}


def test_an_anonymous_visitor_is_served_the_stored_page_the_second_time(client, scene):
    url = f"/t/{scene['topic'].id}"
    status, first, rendered = fetch(client, url)
    assert (status, rendered) == (200, True)
    status, again, rendered = fetch(client, url)
    assert (status, rendered) == (200, False)
    # The token is signed with the time, so it may differ by a second; the rest may not.
    assert TOKEN.sub("", again) == TOKEN.sub("", first)
    assert "A second post to change." in again


def _new_post(s) -> None:
    make_post(s["topic"], raw="A brand new reply.")


def _edit(s) -> None:
    edit_post(s["author"], s["second"], "Words after the edit.")


def _hide(s) -> None:
    hide_post(make_moderator(), s["second"], "Off topic.")


def _delete(s) -> None:
    delete_post(s["author"], s["second"])


def _react(s) -> None:
    add_reaction(make_user(), s["second"], "like")


def _retitle(s) -> None:
    edit_topic(s["author"], s["topic"], title="A title changed")


def _close(s) -> None:
    set_topic_status(admin(), s["topic"], closed=True)


def _move(s) -> None:
    move_topic(admin(), s["topic"], make_space(name="The other space"))


def _rename(s) -> None:
    update_profile(s["author"], display_name="Aino Renamed")


def _erase(s) -> None:
    erase_account(s["author"])


CHANGES: dict[str, tuple[Callable, Callable[[str], bool]]] = {
    "new post": (_new_post, lambda page: "A brand new reply." in page),
    "edited post": (_edit, lambda page: "Words after the edit." in page),
    "hidden post": (_hide, lambda page: "A second post to change." not in page),
    "deleted post": (_delete, lambda page: "A second post to change." not in page),
    "reaction": (_react, lambda page: 'class="reaction__count">1<' in page),
    "topic title": (_retitle, lambda page: "A title changed" in page),
    "topic closed": (_close, lambda page: '<span class="badge">Closed</span>' in page),
    "topic moved": (_move, lambda page: "The other space" in page),
    "author renamed": (_rename, lambda page: "Aino Renamed" in page),
    "author erased": (_erase, lambda page: "Aino Author" not in page and "Former member" in page),
}


@pytest.fixture(params=["with a session", "without cookies"])
def visitor(request, app: Flask) -> FlaskClient:
    """An anonymous visitor: one who keeps the session cookie, and one who sends no cookie at
    all, as a crawler or a fresh browser does, whom forum/page_cache_front.py answers."""
    return app.test_client(use_cookies=request.param == "with a session")


@pytest.mark.parametrize("change", CHANGES)
def test_each_change_shows_on_the_cached_page_at_once(visitor, scene, change):
    client = visitor
    make, shown = CHANGES[change]
    url = f"/t/{scene['topic'].id}"
    fetch(client, url)
    _, before, rendered = fetch(client, url)
    assert not rendered
    assert not shown(before)
    make(scene)
    status, after, rendered = fetch(client, url)
    assert status == 200
    assert rendered
    assert shown(after)


def test_a_plugin_switched_on_and_off_shows_at_once(client, scene):
    url = f"/t/{scene['topic'].id}"
    fetch(client, url)
    assert "example-footer" not in fetch(client, url)[1]
    set_plugin_enabled(None, "example", True)
    try:
        assert "example-footer" in fetch(client, url)[1]
        fetch(client, url)
    finally:
        set_plugin_enabled(None, "example", False)
    assert "example-footer" not in fetch(client, url)[1]


def test_a_space_closed_to_visitors_stops_its_cached_pages_at_once(visitor, app, scene):
    client = visitor
    url = f"/t/{scene['topic'].id}"
    fetch(client, url)
    assert fetch(client, url)[:1] == (200,)
    set_grants(admin(), scene["space"], {EVERYONE: [], REGISTERED: []})
    assert fetch(client, url)[0] == 404
    outsider = app.test_client()
    login(outsider, make_user())
    assert fetch(outsider, url)[0] == 404


def test_a_signed_in_reader_follows_each_change_of_grants_at_once(app, scene):
    """The space grants a worker keeps per page version: taken away and given back, each
    change reaches the next signed-in page."""
    url = f"/t/{scene['topic'].id}"
    reader = app.test_client()
    login(reader, make_user())
    for _ in range(2):
        assert fetch(reader, url)[0] == 200
    set_grants(admin(), scene["space"], {EVERYONE: [], REGISTERED: []})
    assert fetch(reader, url)[0] == 404
    set_grants(admin(), scene["space"], PUBLIC)
    assert fetch(reader, url)[0] == 200


def test_a_private_topic_is_never_served_to_outsiders(client, app):
    member = make_user()
    group = make_group(members=[member])
    space = make_space(grants={group.name: ["see", "read", "reply", "create_topic"]})
    topic = make_topic(member, space, raw="For members only.")
    url = f"/t/{topic.id}"
    reader, outsider = app.test_client(), app.test_client()
    login(reader, member)
    login(outsider, make_user())
    for _ in range(2):
        assert "For members only." in fetch(reader, url)[1]
        for visitor in (client, outsider):
            status, page, _ = fetch(visitor, url)
            assert status == 404
            assert "For members only." not in page
    version = current_version()
    assert not [
        e for k, e in page_cache()._entries.items() if k[1] == f"{url}?" and e.version == version
    ]


def test_a_signed_in_reader_never_gets_the_anonymous_page(client, scene):
    url = f"/t/{scene['topic'].id}"
    fetch(client, url)
    assert not fetch(client, url)[2]
    login(client, make_user(display_name="Reader Signed"))
    status, page, rendered = fetch(client, url)
    assert status == 200
    assert rendered
    assert "Signed in as Reader Signed" in page


def test_each_visitor_gets_their_own_csrf_token_and_the_cache_keeps_none(client, app, scene):
    url = f"/t/{scene['topic'].id}"
    other = app.test_client()
    first = TOKEN.findall(fetch(client, url)[1])
    _, page, rendered = fetch(other, url)
    second = TOKEN.findall(page)
    assert not rendered
    assert first
    assert second
    assert set(first) != set(second)
    stored = b"".join(entry.body for entry in page_cache()._entries.values())
    assert first[0].encode() not in stored
    assert second[0].encode() not in stored
    # The token in the stored page works for its visitor: the language switch accepts it.
    switched = other.post("/language", data={"csrf_token": second[0], "locale": "sv"})
    assert switched.status_code in (302, 303)
    _, swedish, rendered = fetch(other, url)
    assert rendered
    assert '<html lang="sv">' in swedish


def test_a_waiting_flash_message_is_shown_and_not_stored(client, scene):
    url = f"/t/{scene['topic'].id}"
    fetch(client, url)
    with client.session_transaction() as session:
        session["_flashes"] = [("message", "A one-time message")]
    _, page, rendered = fetch(client, url)
    assert rendered
    assert "A one-time message" in page
    _, page, rendered = fetch(client, url)
    assert not rendered
    assert "A one-time message" not in page


def test_a_repeat_visitor_gets_not_modified_until_the_page_changes(client, scene):
    url = f"/t/{scene['topic'].id}"
    etag = client.get(url).headers["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    make_post(scene["topic"], raw="Something new.")
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert "Something new." in response.text
    assert "private" in response.headers["Cache-Control"]


def test_the_cache_is_bounded_in_bytes():
    cache = PageCache(max_bytes=1000)
    for n in range(10):
        cache.put(("page", n), _Entry(1, b"x" * 300, False))
    assert cache.size <= 1000
    assert len(cache) == 3
    assert cache.get(("page", 0), 1) is None
    assert cache.get(("page", 9), 1) is not None
    cache.put(("too big",), _Entry(1, b"x" * 1001, False))
    assert cache.get(("too big",), 1) is None
    assert cache.get(("page", 9), 2) is None
    assert len(cache) == 2


@contextmanager
def second_app(app: Flask, instance: str, **settings: object) -> Iterator[Flask]:
    """Another application on the same database, as another worker process has."""
    second = create_app(
        {
            "ENV": "testing",
            "INSTANCE_PATH": instance,
            "DATABASE_URL": app.config["DATABASE_URL"],
            "SERVER_NAME": "forum.test",
            **settings,
        }
    )
    second.test_client_class = app.test_client_class  # each request in a context of its own
    yield second
    with second.app_context():
        db.engine.dispose()


@pytest.fixture
def other_worker(app: Flask, tmp_path) -> Iterator[Flask]:
    with second_app(app, str(tmp_path / "other")) as second:
        yield second


def test_with_the_cache_off_every_page_is_rendered(app, scene, tmp_path):
    with second_app(app, str(tmp_path / "off"), PAGE_CACHE_MB=0) as uncached:
        assert "forum_page_cache" not in uncached.extensions
        visitor, reader = uncached.test_client(), uncached.test_client()
        login(reader, make_user())
        for client in (visitor, reader, visitor, reader):
            status, page, rendered = fetch(client, f"/t/{scene['topic'].id}")
            assert status == 200
            assert rendered
            assert "A second post to change." in page


def test_another_worker_shows_a_change_made_here_at_once(client, app, scene, other_worker):
    url = f"/t/{scene['topic'].id}"
    reader = app.test_client()
    login(reader, make_user())
    elsewhere = other_worker.test_client()
    fetch(elsewhere, url)
    assert not fetch(elsewhere, url)[2]
    # Reading signed in writes only what no cached page shows: the other worker's page stays.
    assert fetch(reader, url)[0] == 200
    assert not fetch(elsewhere, url)[2]
    make_post(scene["topic"], raw="Written in another worker.")
    status, page, rendered = fetch(elsewhere, url)
    assert status == 200
    assert rendered
    assert "Written in another worker." in page


def test_signed_in_readers_get_the_buttons_of_their_own_standing(app, scene):
    """Post articles are kept per standing: the author's Edit and a moderator's Hide never
    reach another reader, whoever's page stored the article first."""
    url = f"/t/{scene['topic'].id}"
    second = scene["second"].id
    author, moderator, reader = app.test_client(), app.test_client(), app.test_client()
    login(author, scene["author"])
    login(moderator, make_moderator())
    login(reader, make_user())
    edit = f'href="/p/{second}/edit"'
    hide = f'action="/p/{second}/hide"'
    for _ in range(2):
        page = fetch(author, url)[1]
        assert edit in page
        assert hide not in page
        page = fetch(moderator, url)[1]
        assert hide in page
        page = fetch(reader, url)[1]
        assert edit not in page
        assert hide not in page


def test_a_signed_in_reader_sees_their_own_reaction_and_bookmark_at_once(app, scene):
    url = f"/t/{scene['topic'].id}"
    post = scene["second"]
    person, other = make_user(), make_user()
    reader, neighbour = app.test_client(), app.test_client()
    login(reader, person)
    login(neighbour, other)
    token = TOKEN.findall(fetch(reader, url)[1])[0]
    fetch(neighbour, url)
    reacted = reader.post(f"/p/{post.id}/react", data={"csrf_token": token, "kind": "like"})
    assert reacted.status_code == 303
    assert "reaction--mine" in fetch(reader, url)[1]
    assert "reaction--mine" not in fetch(neighbour, url)[1]
    add_bookmark(person, post)
    assert f'href="/p/{post.id}/bookmark"' not in fetch(reader, url)[1]
    assert f'href="/p/{post.id}/bookmark"' in fetch(neighbour, url)[1]


def test_stored_post_articles_keep_no_csrf_token(app, scene):
    reader = app.test_client()
    login(reader, make_user())
    page = fetch(reader, f"/t/{scene['topic'].id}")[1]
    token = TOKEN.findall(page)[0]
    fragments = app.extensions["forum_post_fragments"]
    assert len(fragments)
    assert all(token.encode() not in entry.body for entry in fragments._entries.values())
    assert 'name="csrf_token" value="' in page.split('class="posts"')[1]


def test_a_write_takes_the_page_version_only_as_it_commits(app, scene):
    """A writer that waits for another lock (a topic's row, say) never holds the version's row
    meanwhile, so two writers cannot deadlock on it; and the commit still raises it."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("row locks matter on PostgreSQL; SQLite lets one writer in at a time")
    before = current_version()
    db.session.execute(
        update(Topic).where(Topic.id == scene["topic"].id).values(title="Renamed in a transaction")
    )
    db.session.flush()

    engine = db.engine

    def another_worker_locks_the_version() -> int:
        with engine.connect() as other:
            version = other.execute(
                text("SELECT version FROM page_versions WHERE id = 1 FOR UPDATE NOWAIT")
            ).scalar()
            other.rollback()
            return version

    assert contextvars.Context().run(another_worker_locks_the_version) == before
    db.session.commit()
    assert current_version() == before + 1


def test_a_visitor_without_cookies_gets_the_stored_page_in_front_with_the_same_headers(app, scene):
    url = f"/t/{scene['topic'].id}"
    first = app.test_client(use_cookies=False).get(url, headers=ENGLISH)
    second_visitor = app.test_client()
    with rendering(app) as rendered, statements_run() as statements:
        second = second_visitor.get(url, headers=ENGLISH)
    assert second.status_code == 200
    # Answered in front of the view and of the ORM: no template, no session statement.
    assert rendered == []
    assert statements == []
    assert TOKEN.sub("", second.text) == TOKEN.sub("", first.text)
    per_response = {"Set-Cookie", "ETag", "Content-Length", "Date"}
    assert {k: v for k, v in second.headers.items() if k not in per_response} == {
        k: v for k, v in first.headers.items() if k not in per_response
    }
    assert "Content-Security-Policy" in second.headers
    assert second.headers["ETag"] != first.headers["ETag"]
    # A session of its own, whose token the language switch takes.
    token = TOKEN.findall(second.text)[0]
    assert token != TOKEN.findall(first.text)[0]
    assert "session=" in second.headers["Set-Cookie"]
    # The cookie's attributes are the ones Flask's session interface gives.
    attributes = second.headers["Set-Cookie"].split(";", 1)[1]
    assert attributes == first.headers["Set-Cookie"].split(";", 1)[1]
    switched = second_visitor.post("/language", data={"csrf_token": token, "locale": "sv"})
    assert switched.status_code in (302, 303)
    assert '<html lang="sv">' in second_visitor.get(url).text


def test_the_front_keeps_each_accept_language_apart(app, scene):
    url = f"/t/{scene['topic'].id}"
    for _ in range(2):
        for header, lang in (("sv", "sv"), ("en", "en"), ("fi", "fi"), ("", "fi")):
            page = app.test_client().get(url, headers={"Accept-Language": header}).text
            assert f'<html lang="{lang}">' in page


def test_the_front_passes_on_visitors_with_a_cookie_or_a_token(app, scene):
    """A first session (which Flask-Login still marks), a token or a signed-in session reach
    the view, which reads the page version in the request's own transaction (and signs the
    reader in), though the front knows the page."""
    url = f"/t/{scene['topic'].id}"
    app.test_client(use_cookies=False).get(url, headers=ENGLISH)
    anonymous_with_session = app.test_client()
    anonymous_with_session.get(url, headers=ENGLISH)
    reader = app.test_client()
    login(reader, make_user(display_name="Reader With Cookie"))
    for client, headers in (
        (anonymous_with_session, {}),
        (app.test_client(), {"Authorization": "Bearer not-a-token"}),
        (reader, {}),
    ):
        with statements_run() as statements:
            answer = client.get(url, headers=ENGLISH | headers)
        assert answer.status_code == 200
        assert any("page_versions" in statement for statement in statements)
    assert "Signed in as Reader With Cookie" in answer.text


def _returning_visitor(app: Flask, url: str) -> FlaskClient:
    """A visitor who has read two pages: their session holds only what anonymous reading
    writes (the CSRF token, and Flask-Login's mark on the second request)."""
    app.test_client(use_cookies=False).get(url, headers=ENGLISH)  # the front learns the page
    visitor = app.test_client()
    visitor.get(url, headers=ENGLISH)
    visitor.get(url, headers=ENGLISH)
    return visitor


def _from_the_full_stack(app: Flask, visitor: FlaskClient, url: str, **headers: str):
    """The full stack's answer to the same request, the front having forgotten the page."""
    front = app.wsgi_app
    while not isinstance(front, PageCacheFront):  # under the Socket.IO middleware
        front = front.wsgi_app
    front._known.clear()
    with rendering(app) as rendered:
        answer = visitor.get(url, headers=ENGLISH | headers)
    assert rendered == []  # the stored page, through the view
    app.test_client(use_cookies=False).get(url, headers=ENGLISH)
    return answer


def test_a_returning_visitor_gets_the_stored_page_in_front_as_the_full_stack_sends_it(app, scene):
    url = f"/t/{scene['topic'].id}"
    visitor = _returning_visitor(app, url)
    with rendering(app) as rendered, statements_run() as statements:
        front = visitor.get(url, headers=ENGLISH)
    assert front.status_code == 200
    assert rendered == []
    assert statements == []
    full = _from_the_full_stack(app, visitor, url)
    assert "Set-Cookie" not in front.headers
    assert "Set-Cookie" not in full.headers
    assert front.headers["ETag"] == full.headers["ETag"]
    assert {k: v for k, v in front.headers.items() if k != "Date"} == {
        k: v for k, v in full.headers.items() if k != "Date"
    }
    assert TOKEN.sub("", front.text) == TOKEN.sub("", full.text)
    # Their own token, which the language switch takes.
    switched = visitor.post(
        "/language", data={"csrf_token": TOKEN.findall(front.text)[0], "locale": "sv"}
    )
    assert switched.status_code in (302, 303)
    assert '<html lang="sv">' in visitor.get(url, headers=ENGLISH).text


def test_the_front_tells_a_returning_visitor_not_modified_as_the_full_stack_does(app, scene):
    url = f"/t/{scene['topic'].id}"
    visitor = _returning_visitor(app, url)
    etag = visitor.get(url, headers=ENGLISH).headers["ETag"]
    with rendering(app) as rendered, statements_run() as statements:
        front = visitor.get(url, headers=ENGLISH | {"If-None-Match": etag})
    assert front.status_code == 304
    assert rendered == []
    assert statements == []  # answered in front, not by the view's own cache
    full = _from_the_full_stack(app, visitor, url, **{"If-None-Match": etag})
    assert full.status_code == 304
    assert {k: v for k, v in front.headers.items() if k != "Date"} == {
        k: v for k, v in full.headers.items() if k != "Date"
    }
    assert front.data == full.data == b""
    make_post(scene["topic"], raw="Written since the visitor's last look.")
    changed = visitor.get(url, headers=ENGLISH | {"If-None-Match": etag})
    assert changed.status_code == 200
    assert "Written since the visitor's last look." in changed.text


def test_a_session_holding_more_than_a_token_goes_to_the_full_stack(app, scene):
    """A chosen language, a waiting message or a forged cookie is not a plain returning
    visitor: the front must not answer with the page for Accept-Language."""
    url = f"/t/{scene['topic'].id}"
    chose_swedish = _returning_visitor(app, url)
    token = TOKEN.findall(chose_swedish.get(url, headers=ENGLISH).text)[0]
    chose_swedish.post("/language", data={"csrf_token": token, "locale": "sv"})
    for _ in range(2):
        assert '<html lang="sv">' in chose_swedish.get(url, headers=ENGLISH).text

    with_message = _returning_visitor(app, url)
    with with_message.session_transaction() as session:
        session["_flashes"] = [("message", "Waiting for you")]
    assert "Waiting for you" in with_message.get(url, headers=ENGLISH).text

    reader = _returning_visitor(app, url)
    login(reader, make_user(display_name="Returning Reader"))
    assert "Signed in as Returning Reader" in reader.get(url, headers=ENGLISH).text

    with_another_cookie = _returning_visitor(app, url)
    with_another_cookie.set_cookie("remember_token", "1|abc", domain="forum.test")
    with statements_run() as statements:
        assert with_another_cookie.get(url, headers=ENGLISH).status_code == 200
    assert statements  # the full stack, which reads the version in the request

    forged = _returning_visitor(app, url)
    value = forged.get_cookie("session", domain="forum.test").value
    tampered = value[:-2] + ("AA" if not value.endswith("AA") else "BB")
    forged.set_cookie("session", tampered, domain="forum.test")
    answer = forged.get(url, headers=ENGLISH)
    assert answer.status_code == 200
    assert "session=" in answer.headers["Set-Cookie"]  # a new session, not the forged one
    assert forged.get_cookie("session", domain="forum.test").value not in (value, tampered)


def test_the_front_remembers_a_bounded_number_of_requests(app, monkeypatch):
    monkeypatch.setattr(page_cache_front, "MAX_KNOWN", 3)
    front = PageCacheFront(app, app.wsgi_app)
    for n in range(10):
        front._remember(("GET", str(n)), ("page", n), [("Content-Type", "text/html")])
    assert list(front._known) == [("GET", "7"), ("GET", "8"), ("GET", "9")]


def test_returning_visitors_go_to_the_full_stack_when_flask_login_would_change_their_session(
    app, scene, monkeypatch
):
    url = f"/t/{scene['topic'].id}"
    cookie = _returning_visitor(app, url).get_cookie("session", domain="forum.test").value
    header = f"session={cookie}"
    assert page_cache_front.Visitors(app).returning(header)
    for key, value in (
        ("REMEMBER_COOKIE_REFRESH_EACH_REQUEST", True),
        ("SESSION_PROTECTION", "strong"),
    ):
        with monkeypatch.context() as changed:
            changed.setitem(app.config, key, value)
            assert page_cache_front.Visitors(app).returning(header) is None
