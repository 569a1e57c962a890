"""The plugin contract, exercised through a plugin that records every hook call, beside plugins
that fail to import, raise in their hooks, or take URLs and names already used. All of them are
installed at test time as distributions with ``forum.plugins`` entry points."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask

from forum import plugin_api
from forum.actions.accounts import register
from forum.actions.errors import Conflict, ValidationError
from forum.actions.moderation import flag_post, hide_post, lock_post
from forum.actions.organisations import save_organisation
from forum.actions.plugin_notifications import notify
from forum.actions.plugins import set_plugin_enabled
from forum.actions.posts import delete_post, edit_post
from forum.actions.reactions import add_reaction
from forum.actions.topics import move_topic
from forum.auth.export import account_data
from forum.markup import sanitise
from forum.plugins_core import calls
from forum.plugins_core.cli import check_lines
from forum.plugins_core.state import forget, statuses
from forum.queries.notifications import unread_count
from forum.settings import ROOT
from tests.conftest import login
from tests.factories import make_admin, make_post, make_space, make_topic, make_user
from tests.helpers import csrf_token
from tests.plugin_helpers import migrated_app, on_path, write_distribution
from tests.plugins.recorder import plugin as recorder

SLOTS = sorted(name for name in recorder.HOOKS if name.startswith("forum_tpl_"))


@pytest.fixture(scope="module")
def plugin_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    site = tmp_path_factory.mktemp("site")
    write_distribution(site, "forum-recorder", {"recorder": "tests.plugins.recorder.plugin"})
    write_distribution(
        site, "forum-broken", {"broken_import": "tests.plugins.broken_import.plugin"}
    )
    write_distribution(site, "forum-raiser", {"broken_hook": "tests.plugins.broken_hook.plugin"})
    write_distribution(site, "forum-taker", {"taken_prefix": "tests.plugins.taken_prefix.plugin"})
    write_distribution(site, "forum-impostor", {"example": "tests.plugins.taken_prefix.plugin"})
    write_distribution(site, "forum-rooms", {"taken_room": "tests.plugins.taken_room.plugin"})
    with on_path(site):
        app = migrated_app(tmp_path_factory.mktemp("instance"))
    yield app
    with app.app_context():
        from forum.extensions import db

        db.engine.dispose()


@pytest.fixture
def ctx(plugin_app: Flask) -> Iterator[Flask]:
    with plugin_app.app_context():
        recorder.CALLS.clear()
        yield plugin_app


def called(name: str) -> list[dict]:
    return [kwargs for hook, kwargs in recorder.CALLS if hook == name]


def state_of(name: str) -> tuple[str, str]:
    row = next(r for r in statuses() if r.name == name)
    return row.state, row.reason


def test_hook_specifications_follow_the_naming_sections_and_have_examples():
    names = [n for n in dir(plugin_api) if n.startswith("forum_")]
    assert len(names) >= 40
    for name in names:
        assert re.fullmatch(r"forum_(load|event|gather|filter|account|tpl)_[a-z_]+", name), name
        assert getattr(plugin_api, name).__doc__, f"{name} needs a docstring"
    guide = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    assert [name for name in names if f"`{name}" not in guide] == []


def test_failing_plugins_are_marked_failed_with_reasons_and_the_rest_works(ctx):
    assert state_of("recorder") == ("enabled", "")
    state, reason = state_of("broken_import")
    assert state == "failed"
    assert "ImportError" in reason
    assert "not installed" in reason
    state, reason = state_of("taken_prefix")
    assert (state, reason) == ("failed", "URL prefix /admin is already used by admin.index")
    assert state_of("taken_room") == ("failed", "room kind already used: topic (core)")
    assert calls.room_authoriser("topic")(None, 0) is False  # still the core's: no such topic
    state, reason = state_of("example")
    assert state == "failed"
    assert "claimed by" in reason
    assert "forum-impostor" in reason
    lines = {name: (value, ok) for name, value, ok in check_lines()}
    assert lines["plugin broken_import"][1] is False
    assert lines["plugin recorder"] == ("enabled", True)
    client = ctx.test_client()
    assert client.get("/").status_code == 200
    # The core's admin URLs still belong to the core.
    assert client.get("/admin/spaces").status_code == 404  # anonymous: hidden admin


def test_a_hook_that_raises_is_skipped_and_recorded(ctx):
    response = ctx.test_client().get("/")
    assert response.status_code == 200
    assert 'data-slot="forum_tpl_home_sections"' in response.text
    topic = make_topic()
    make_post(topic, raw="A reply while a plugin's hooks raise.")
    state, reason = state_of("broken_hook")
    assert state == "enabled"
    assert "RuntimeError" in reason
    assert called("forum_event_post_created")


def test_setup_hooks_reach_the_application(ctx):
    names = {name for name, _ in recorder.CALLS}
    rules = {rule.rule for rule in ctx.url_map.iter_rules()}
    assert "/recorder/" in rules
    assert ctx.jinja_env.filters["recorder_shout"]("hei") == "HEI"
    assert ctx.jinja_env.globals["recorder_motto"]() == "recorded"
    assert "recorder_verb" in calls.permission_verbs()
    assert names == set()  # setup ran when the app was built, not now
    result = ctx.test_cli_runner().invoke(args=["forum", "recorder-hello"])
    assert result.output == "hello from the recorder\n"
    assert calls.gather("forum_load_demo_data") == ["recorder demo"]


def test_every_template_slot_renders_the_plugins_html(ctx):
    user = make_admin()
    topic = make_topic(user, title="Slots everywhere")
    organisation = save_organisation(user, None, name="Slot Organisation")
    client = ctx.test_client()
    login(client, user)
    pages = [
        "/",
        f"/u/{user.username}",
        f"/org/{organisation.slug}",
        "/directory",
        f"/s/{topic.space.slug}",
        f"/t/{topic.id}/{topic.slug}",
        f"/t/{topic.id}/reply",
        "/account/settings",
        "/admin/plugins/",
    ]
    seen = set()
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        seen |= set(re.findall(r'data-slot="(forum_tpl_[a-z_]+)"', response.text))
    assert seen == set(SLOTS)
    home = client.get("/").text
    assert 'href="/recorder/"' in home  # navigation gathered by the core's header slot
    assert "Recorder admin" in client.get("/admin/plugins/").text


def test_event_hooks_get_the_declared_payloads_after_commit(ctx):
    user = make_user()  # an account an operator makes is registered at once
    assert called("forum_event_user_registered") == [{"user_id": user.id}]
    register(user, display_name="Again", username=user.username, email=user.email)
    assert len(called("forum_event_user_registered")) == 1
    topic = make_topic(user)
    assert called("forum_event_topic_created")[0]["payload"]["topic_id"] == topic.id
    post = make_post(topic, raw="First version")
    assert called("forum_event_post_created")[-1]["payload"]["post_id"] == post.id
    edit_post(post.user, post, "Second version")
    assert called("forum_event_post_edited")[0]["payload"]["post_id"] == post.id
    add_reaction(user, post, "like")
    assert called("forum_event_reaction_changed")
    delete_post(post.user, post)
    assert called("forum_event_post_deleted")[0]["payload"]["post_id"] == post.id


def test_moderation_hooks_get_the_declared_payloads_after_commit(ctx):
    moderator, author, flagger = make_admin(), make_user(), make_user()
    topic = make_topic(author)
    post = make_post(topic, author, raw="Something to flag")
    flag = flag_post(flagger, post, "spam")
    where = {"topic_id": topic.id, "post_id": post.id}
    assert called("forum_event_flag_raised") == [
        {"payload": {"flag_id": flag.id, "reason": "spam", **where}}
    ]
    hide_post(moderator, post, "Off topic")
    assert called("forum_event_post_hidden") == [{"payload": {"post_number": 2, **where}}]
    with pytest.raises(Conflict):  # refused: rolled back, nothing to tell
        hide_post(moderator, post)
    lock_post(moderator, post, True)
    move_topic(moderator, topic, make_space())
    acts = [call["payload"] for call in called("forum_event_moderation_act")]
    mine = {"actor_id": moderator.id, "subject_id": author.id}
    assert acts == [
        {"action": "post.hidden", **mine, **where},
        {"action": "post.locked", **mine, **where},
        {"action": "topic.moved", **mine, "topic_id": topic.id, "post_id": None},
    ]


def test_filters_refuse_posts_and_extend_the_allow_list(ctx):
    topic = make_topic()
    with pytest.raises(ValidationError) as refused:
        make_post(topic, raw="This one recorder-refuses to accept.")
    assert refused.value.message == "The recorder refuses this."
    assert sanitise("<samp>out</samp>") == "<samp>out</samp>"
    set_plugin_enabled(None, "recorder", False)
    try:
        assert sanitise("<samp>out</samp>") == "out"
        make_post(topic, raw="Now recorder-refuses is fine.")
    finally:
        set_plugin_enabled(None, "recorder", True)


def test_gather_hooks_and_account_data(ctx):
    user = make_user()
    # Plugins shipped with the forum (learning_communities) add their own document types.
    assert "recorder_doc" in [d.name for d in calls.search_document_types()]
    assert calls.gather("forum_gather_notification_types") == ["recorder.note"]
    assert [f.name for _p, f in calls.profile_fields()][:2] == ["motto", "colour"]
    assert [f.name for _p, f in calls.directory_filters()] == [
        "recorder",
        "recorder_initial",
        "recorder_broken",
    ]
    assert "/recorder-doc" in ctx.test_client().get("/api/v1/openapi.json").get_json()["paths"]
    assert account_data(user)["recorder"] == {"exported": True}


def test_a_plugin_notifies_people_of_its_own_kinds(ctx):
    person = make_user()
    client = ctx.test_client()
    login(client, person)
    notify(person, "recorder.note", "A note was left for you", "/recorder/")
    with pytest.raises(ValidationError):
        notify(person, "recorder.unknown", "Not declared")
    page = client.get("/notifications").text
    assert "A note was left for you" in page
    [opened] = re.findall(r'action="(/notifications/\d+/open)"', page)
    token = csrf_token(client, "/notifications")
    answer = client.post(opened, data={"csrf_token": token})
    assert answer.headers["Location"] == "/recorder/"
    notify(person, "recorder.note", "Another one")
    assert unread_count(person) == 1
    set_plugin_enabled(None, "recorder", False)
    try:
        forget()
        assert "A note was left for you" not in client.get("/notifications").text
        assert unread_count(person) == 0
    finally:
        set_plugin_enabled(None, "recorder", True)
    forget()
    assert unread_count(person) == 1


def test_disabling_removes_the_plugin_from_every_surface(ctx):
    client = ctx.test_client()
    assert client.get("/recorder/").status_code == 200
    set_plugin_enabled(None, "recorder", False)
    try:
        assert client.get("/recorder/").status_code == 404
        home = client.get("/").text
        assert "data-slot" not in home
        assert "/recorder/" not in home
        assert "recorder_doc" not in [d.name for d in calls.search_document_types()]
        assert calls.room_authoriser("recorder") is None
        assert "/recorder-doc" not in client.get("/api/v1/openapi.json").get_json()["paths"]
        recorder.CALLS.clear()
        make_post(make_topic(), raw="Nobody records this.")
        assert recorder.CALLS == []
    finally:
        set_plugin_enabled(None, "recorder", True)
    assert calls.room_authoriser("recorder") is not None
    assert client.get("/recorder/").status_code == 200
