"""Plugins' extra profile fields and directory filters (forum_gather_profile_fields,
forum_gather_directory_filters), through the recorder test plugin on the suite's database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask, current_app
from flask.testing import FlaskClient

from forum.actions.erasure import erase_account
from forum.actions.plugins import set_plugin_enabled
from forum.actions.tokens import create_api_token
from forum.auth.export import account_data
from forum.extensions import db
from forum.models import PluginProfileValue, User
from forum.plugins_core.manager import plugins_of
from forum.queries.users import user_by_username
from tests.conftest import login
from tests.factories import make_admin, make_user
from tests.helpers import csrf_token
from tests.plugin_helpers import migrated_app, on_path, write_distribution


@pytest.fixture(scope="module")
def recorder_app(app: Flask, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    site = tmp_path_factory.mktemp("site")
    write_distribution(site, "forum-recorder", {"recorder": "tests.plugins.recorder.plugin"})
    with on_path(site):
        other = migrated_app(
            tmp_path_factory.mktemp("instance"), app.config["SQLALCHEMY_DATABASE_URI"], False
        )
    yield other
    with other.app_context():
        db.engine.dispose()


@pytest.fixture
def web(recorder_app: Flask) -> Iterator[FlaskClient]:
    with recorder_app.app_context():
        yield recorder_app.test_client()
        db.session.remove()


def save(web: FlaskClient, **fields: str):
    data = {"csrf_token": csrf_token(web, "/settings/profile"), "display_name": "Pia Plugin"}
    return web.post("/settings/profile", data={**data, **fields}, headers={"Accept-Language": "en"})


def _user(username: str) -> User:
    user = user_by_username(username)
    assert user is not None
    return user


def sign_out(web: FlaskClient) -> None:
    web.post("/auth/logout", data={"csrf_token": csrf_token(web)})


def test_the_settings_page_edits_plugin_fields_and_the_profile_shows_them_by_visibility(web):
    login(web, make_user("pia"))
    form = web.get("/settings/profile").text
    assert 'name="field.recorder.motto"' in form
    assert 'name="level.recorder.colour"' in form
    assert "Recorder mapped" in form  # a field given as a mapping
    answer = save(
        web,
        **{
            "field.recorder.motto": "Learn by doing",
            "level.recorder.motto": "public",
            "field.recorder.colour": "blue",
            "level.recorder.colour": "registered",
            "field.recorder.site": "https://example.org/pia",
            "level.recorder.site": "hidden",
        },
    )
    assert answer.status_code == 303
    own = web.get("/u/pia").text
    assert "Learn by doing" in own
    assert "https://example.org/pia" in own  # the person sees even their hidden fields
    assert 'value="Learn by doing"' in web.get("/settings/profile").text

    login(web, make_user("reader"))
    registered = web.get("/u/pia").text
    assert "Learn by doing" in registered
    assert "Blue" in registered  # the choice's label
    assert "example.org/pia" not in registered
    sign_out(web)
    anonymous = web.get("/u/pia").text
    assert "Learn by doing" in anonymous
    assert "Recorder colour" not in anonymous
    login(web, make_admin())
    assert "example.org/pia" in web.get("/u/pia").text


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"field.recorder.nosuch": "x"}, "Unknown profile field: recorder.nosuch."),
        ({"field.elsewhere.motto": "x"}, "Unknown profile field: elsewhere.motto."),
        ({"field.recorder.motto": "x" * 21}, "Recorder motto has at most 20 characters."),
        ({"field.recorder.colour": "green"}, "Choose Recorder colour from the list."),
        ({"field.recorder.site": "javascript:alert(1)"}, "https://"),
        ({"field.recorder.motto": "ok", "level.recorder.motto": "world"}, "who sees each"),
    ],
)
def test_bad_plugin_values_are_refused_with_a_message_and_nothing_is_saved(web, fields, message):
    login(web, make_user("tarkka"))
    answer = save(web, **{"field.recorder.motto": "kept"})
    assert answer.status_code == 303
    answer = save(web, **{"display_name": "Changed Name", **fields})
    assert answer.status_code == 400
    assert message in answer.text
    assert "Changed Name" not in web.get("/u/tarkka").text
    kept = db.session.get(PluginProfileValue, (_user("tarkka").id, "recorder", "motto"))
    assert kept.value == "kept"


def test_plugin_fields_vanish_while_the_plugin_is_off_and_come_back(web):
    login(web, make_user("pauli"))
    save(web, **{"field.recorder.motto": "Still here", "level.recorder.motto": "public"})
    set_plugin_enabled(None, "recorder", False)
    try:
        assert "Still here" not in web.get("/u/pauli").text
        assert "field.recorder.motto" not in web.get("/settings/profile").text
        refused = save(web, **{"field.recorder.motto": "Changed"})
        assert refused.status_code == 400
        assert "recorder" not in web.get("/directory").text
        # The person's data is theirs whether or not the plugin is on.
        assert {"plugin": "recorder", "field": "motto", "value": "Still here"}.items() <= (
            account_data(_user("pauli"))["plugin_profile_fields"][0].items()
        )
    finally:
        set_plugin_enabled(None, "recorder", True)
    assert "Still here" in web.get("/u/pauli").text


def test_erasure_deletes_plugin_values(web):
    login(web, make_user("poistuva"))
    save(web, **{"field.recorder.motto": "Gone soon"})
    erase_account(_user("poistuva"))
    assert db.session.query(PluginProfileValue).count() == 0


def directory_names(web: FlaskClient, query: str) -> list[str]:
    people = web.get(f"/api/v1/directory?{query}").get_json()["people"]
    return sorted(person["username"] for person in people)


def test_a_directory_filter_on_a_plugin_field_respects_its_visibility(web):
    for username, colour, level in [
        ("zoe", "red", "public"),
        ("ria", "red", "hidden"),
        ("bob", "blue", "registered"),
    ]:
        login(web, make_user(username))
        save(web, **{"field.recorder.colour": colour, "level.recorder.colour": level})
    sign_out(web)
    page = web.get("/directory").text
    assert 'name="recorder"' in page
    assert 'name="recorder_initial"' in page
    assert "Taken name" not in page  # a filter not named after its plugin is dropped
    assert "zoe" in web.get("/directory?recorder=red").text
    assert directory_names(web, "recorder=red") == ["zoe"]
    assert directory_names(web, "recorder=blue") == []
    assert directory_names(web, "recorder=green") == ["bob", "ria", "zoe"]  # not a choice
    login(web, _user("bob"))
    assert directory_names(web, "recorder=blue") == ["bob"]
    assert directory_names(web, "recorder=red") == ["zoe"]
    login(web, _user("ria"))
    assert directory_names(web, "recorder=red") == ["ria", "zoe"]  # her own value
    assert directory_names(web, "recorder_initial=z") == ["zoe"]  # a filter that narrows
    # A filter that raises narrows nothing, and the plugin is marked failing with the reason.
    assert directory_names(web, "recorder_broken=x") == ["bob", "ria", "zoe"]
    assert "the recorder's filter broke" in plugins_of(current_app).runtime_failures["recorder"]
    plugins_of(current_app).runtime_failures.clear()

    set_plugin_enabled(None, "recorder", False)
    try:
        assert 'name="recorder"' not in web.get("/directory").text
        assert directory_names(web, "recorder=red") == ["bob", "ria", "zoe"]
    finally:
        set_plugin_enabled(None, "recorder", True)


def test_the_api_reads_and_changes_plugin_fields_as_the_profile_page_does(web):
    _token, secret = create_api_token(make_user("api-pia"), "tests")
    bearer = {"Authorization": f"Bearer {secret}"}
    changed = web.patch(
        "/api/v1/users/api-pia",
        headers=bearer,
        json={
            "plugin_fields": {
                "recorder.motto": {"value": "Through the API", "visibility": "public"},
                "recorder.site": {"value": "https://example.org/api", "visibility": "hidden"},
            }
        },
    )
    assert changed.status_code == 200, changed.get_data(as_text=True)
    assert changed.get_json()["plugin_fields"]["recorder.site"] == {
        "label": "Recorder site",
        "value": "https://example.org/api",
        "visibility": "hidden",
    }
    refused = web.patch(
        "/api/v1/users/api-pia",
        headers=bearer,
        json={"plugin_fields": {"recorder.nosuch": {"value": "x"}}},
    )
    assert refused.status_code == 400
    seen = web.get("/api/v1/users/api-pia").get_json()["plugin_fields"]
    assert seen == {"recorder.motto": {"label": "Recorder motto", "value": "Through the API"}}
    set_plugin_enabled(None, "recorder", False)
    try:
        assert web.get("/api/v1/users/api-pia").get_json()["plugin_fields"] == {}
    finally:
        set_plugin_enabled(None, "recorder", True)
