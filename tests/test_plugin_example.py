"""The example plugin of docs/plugins.md, as shipped (declared in pyproject.toml): switched on
and off through the admin page, the command line in another process, and a second application
instance sharing the database; its settings, migrations, data and every surface it adds."""

from __future__ import annotations

import tomllib

import pytest
from flask_babel import force_locale
from sqlalchemy import inspect, select

from forum.actions.erasure import erase_account
from forum.actions.errors import PermissionDenied, ValidationError
from forum.actions.groups import add_member
from forum.actions.plugins import set_plugin_enabled, update_plugin_settings
from forum.actions.spaces import set_grants
from forum.auth.export import account_data
from forum.extensions import db
from forum.markup import sanitise
from forum.models import Space
from forum.permissions import can
from forum.plugin_api import ENTRY_POINT_GROUP
from forum.plugins_core import calls
from forum.plugins_core.manager import discover
from forum.plugins_core.state import forget, settings_of, statuses
from forum.settings import ROOT
from plugins.example.actions import add_note
from plugins.example.models import ExampleNote
from tests.conftest import login
from tests.factories import admin, make_admin, make_group, make_post, make_topic, make_user
from tests.helpers import csrf_token
from tests.plugin_helpers import migrated_app
from tests.test_config import run_flask


@pytest.fixture
def example_on():
    set_plugin_enabled(None, "example", True)
    yield
    set_plugin_enabled(None, "example", False)


def state_of(name: str) -> str:
    forget()  # the test's own context read the state before the requests changed it
    return next(r.state for r in statuses() if r.name == name)


def test_the_entry_point_group_is_one_constant_and_declares_the_example():
    assert ENTRY_POINT_GROUP == "forum.plugins"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["entry-points"][ENTRY_POINT_GROUP]["example"] == "plugins.example.plugin"
    assert "example" in {ep.name for ep in discover()}


def test_the_example_is_off_until_switched_on(client):
    assert state_of("example") == "disabled"
    assert client.get("/example/").status_code == 404
    with client.get("/plugins/example/static/example.css") as css:
        assert css.status_code == 404
    assert client.get("/api/v1/example/notes").status_code == 404
    assert 'href="/example/"' not in client.get("/").text


@pytest.mark.usefixtures("example_on")
def test_switched_on_the_example_appears_on_every_surface(client):
    author = make_user()
    add_note(author, "Hello from the notes")
    assert client.get("/example/").status_code == 200
    with client.get("/plugins/example/static/example.css") as css:
        assert css.status_code == 200
        assert b"example-notes" in css.data
    home = client.get("/").text
    assert 'href="/example/"' in home  # navigation
    assert "Hello from the notes" in home  # home page section
    assert "Hei!" in home  # the greeting setting's default
    topic = make_topic(author)
    page = client.get(f"/t/{topic.id}/{topic.slug}").text
    assert "example-after-first" in page
    assert "example-footer" in page
    notes = client.get("/api/v1/example/notes").get_json()["notes"]
    assert notes[0]["text"] == "Hello from the notes"
    assert "/example/notes" in client.get("/api/v1/openapi.json").get_json()["paths"]
    assert "example_note" in [d.name for d in calls.search_document_types()]
    authorise = calls.room_authoriser("example-board")
    assert authorise(author, 0) is True
    assert sanitise("<var>n</var>") == "<var>n</var>"

    set_plugin_enabled(None, "example", False)
    assert client.get("/example/").status_code == 404
    with client.get("/plugins/example/static/example.css") as css:
        assert css.status_code == 404
    home = client.get("/").text
    assert 'href="/example/"' not in home
    assert "Hello from the notes" not in home
    assert "example-footer" not in client.get(f"/t/{topic.id}/{topic.slug}").text
    assert "/example/notes" not in client.get("/api/v1/openapi.json").get_json()["paths"]
    assert "example_note" not in [d.name for d in calls.search_document_types()]
    assert calls.room_authoriser("example-board") is None
    assert sanitise("<var>n</var>") == "n"


def test_another_instance_on_the_same_database_follows_at_its_next_request(app, tmp_path):
    other = migrated_app(tmp_path, app.config["SQLALCHEMY_DATABASE_URI"], upgrade=False)
    other_client = other.test_client()
    try:
        assert other_client.get("/example/").status_code == 404
        set_plugin_enabled(None, "example", True)
        assert other_client.get("/example/").status_code == 200
        with other.app_context():
            set_plugin_enabled(None, "example", False)
            db.session.remove()
        assert app.test_client().get("/example/").status_code == 404
    finally:
        with other.app_context():
            db.engine.dispose()


def test_the_command_line_in_another_process_switches_a_running_forum(app, client):
    env = {"FORUM_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"]}
    env["FORUM_INSTANCE_PATH"] = app.instance_path
    result = run_flask(["forum", "plugins", "enable", "example"], env)
    assert result.returncode == 0, result.stderr
    assert client.get("/example/").status_code == 200
    listing = run_flask(["forum", "plugins", "list"], env)
    assert "example" in listing.stdout
    assert "enabled" in listing.stdout
    changed = run_flask(["forum", "plugins", "settings", "example", "max_notes=7"], env)
    assert changed.returncode == 0, changed.stderr
    assert '"max_notes": 7' in changed.stdout
    refused = run_flask(["forum", "plugins", "settings", "example", "max_notes=lots"], env)
    assert refused.returncode == 1
    assert "max_notes on annettava kokonaislukuna" in refused.stderr  # Finnish by default
    unknown = run_flask(["forum", "plugins", "enable", "nosuch"], env)
    assert "Laajennusta nosuch ei ole asennettu." in unknown.stderr
    result = run_flask(["forum", "plugins", "disable", "example"], env)
    assert result.returncode == 0, result.stderr
    assert client.get("/example/").status_code == 404


@pytest.mark.usefixtures("example_on")
def test_settings_are_typed_and_validated():
    update_plugin_settings(None, "example", {"max_notes": "2", "greeting": "Moi"})
    assert settings_of("example") == {"greeting": "Moi", "max_notes": 2, "banned_word": ""}
    for values, message in (
        ({"max_notes": "0"}, "max_notes must be between 1 and 100."),
        ({"max_notes": "x"}, "max_notes must be a whole number."),
        ({"colour": "red"}, "Unknown setting: colour."),
        ({"greeting": "x" * 81}, "greeting has at most 80 characters."),
    ):
        with force_locale("en"), pytest.raises(ValidationError) as error:
            update_plugin_settings(None, "example", values)
        assert error.value.message == message
    with pytest.raises(PermissionDenied):
        update_plugin_settings(make_user(), "example", {"max_notes": 3})
    author = make_user()
    add_note(author, "one")
    add_note(author, "two")
    with pytest.raises(ValidationError, match="enintään 2 muistiinpanoa"):
        add_note(author, "three")


@pytest.mark.usefixtures("example_on")
def test_a_post_validator_refuses_with_its_message(client):
    update_plugin_settings(None, "example", {"banned_word": "lorem"})
    topic = make_topic()
    with pytest.raises(ValidationError) as error:
        make_post(topic, raw="Lorem ipsum dolor")
    assert error.value.field == "raw"
    writer = make_user()
    login(client, writer)
    path = f"/t/{topic.id}/reply"
    response = client.post(
        path, data={"raw": "LOREM again", "csrf_token": csrf_token(client, path)}
    )
    assert response.status_code == 400
    assert "lorem" in response.text


def test_the_admin_page_switches_and_configures(client):
    login(client, admin())
    client.post("/language", data={"locale": "en", "csrf_token": csrf_token(client)})
    page = client.get("/admin/plugins/")
    assert page.status_code == 200
    assert "example" in page.text
    token = csrf_token(client, "/admin/plugins/")
    switched = client.post(
        "/admin/plugins/example/state", data={"enabled": "1", "csrf_token": token}
    )
    assert switched.status_code == 302
    assert state_of("example") == "enabled"
    bad = client.post(
        "/admin/plugins/example/settings", data={"setting-max_notes": "-5", "csrf_token": token}
    )
    assert bad.status_code == 400
    assert "max_notes must be between 1 and 100." in bad.text
    client.post("/admin/plugins/example/state", data={"enabled": "0", "csrf_token": token})
    assert state_of("example") == "disabled"
    other = client.application.test_client()
    login(other, make_user())
    assert other.get("/admin/plugins/").status_code == 403
    assert other.post("/admin/plugins/example/state", data={"enabled": "1"}).status_code in (
        400,
        403,
    )
    assert state_of("example") == "disabled"


def test_a_persons_notes_are_exported_and_erased_even_when_the_plugin_is_off(example_on):
    person = make_user()
    add_note(person, "mine")
    set_plugin_enabled(None, "example", False)
    assert account_data(person)["example_notes"][0]["text"] == "mine"
    erase_account(person)
    assert db.session.query(ExampleNote).filter_by(user_id=person.id).count() == 0


def test_the_plugin_tables_come_from_its_own_alembic_branch(tmp_path):
    assert "example_notes" in inspect(db.engine).get_table_names()
    url = f"sqlite:///{tmp_path / 'core-only.sqlite3'}"
    env = {"FORUM_DATABASE_URL": url, "FORUM_INSTANCE_PATH": str(tmp_path)}
    assert run_flask(["db", "upgrade", "core@head"], env).returncode == 0
    run_flask(["forum", "init"], env)
    assert run_flask(["forum", "plugins", "enable", "example"], env).returncode == 0
    check = run_flask(["forum", "check"], env)
    assert check.returncode == 1
    assert "ERR plugin example" in check.stdout
    assert "is not applied (flask db upgrade)" in check.stdout
    assert run_flask(["db", "upgrade"], env).returncode == 0
    listing = run_flask(["forum", "plugins", "list"], env)
    assert "enabled" in listing.stdout
    heads = run_flask(["db", "heads"], env).stdout
    assert "(example)" in heads
    assert "(core)" in heads


def test_a_plugin_room_refuses_joins_while_the_plugin_is_off(live_server):
    from forum.actions.tokens import create_api_token
    from tests.realtime_helpers import Listener

    token = create_api_token(make_user(), "socket")[1]
    listener = Listener(live_server, token=token)
    try:
        assert listener.join("example-board:0")["ok"] is False
        set_plugin_enabled(None, "example", True)
        try:
            assert listener.join("example-board:0")["ok"] is True
        finally:
            set_plugin_enabled(None, "example", False)
        assert listener.join("example-board:0")["ok"] is False
    finally:
        listener.close()


def test_an_administrator_grants_the_plugins_permission_verb_on_a_space(client):
    """example_curate (forum_load_permission_verbs) sits in the space's grid beside the core's
    verbs and is answered by the same can()."""
    login(client, make_admin())
    curators = make_group("curators")
    token = csrf_token(client, "/admin/spaces/new")
    answer = client.post(
        "/admin/spaces/new",
        data={
            "name": "Muistiinpanot",
            "slug": "muistiinpanot",
            "position": "1",
            "grant-curators-read": "1",
            "grant-curators-example_curate": "1",
            "csrf_token": token,
        },
    )
    assert answer.status_code == 303
    page = client.get(answer.headers["Location"]).text
    box = 'name="grant-curators-example_curate" value="1" aria-label="Test group: example_curate"'
    assert f"{box} checked" in page
    space = db.session.scalar(select(Space).where(Space.slug == "muistiinpanot"))
    member = make_user()
    add_member(admin(), curators, member)
    assert can(member, "example_curate", space)
    assert not can(make_user(), "example_curate", space)
    with pytest.raises(ValidationError):
        set_grants(admin(), space, {"curators": ["example_nonsense"]})
