"""Cooking against the database: DatabaseMarkupContext."""

from __future__ import annotations

from flask import Flask

from forum.extensions import db
from forum.markup import DatabaseMarkupContext, QuoteRef, cook
from forum.plugins_core.state import enabled_names
from tests.factories import make_group, make_user
from tests.markup_helpers import elements, text_of
from tests.statements import statements_run


def selects(statements: list[str]) -> list[str]:
    return [s for s in statements if s.lstrip().upper().startswith("SELECT")]


def test_mentions_of_existing_users_and_groups_with_one_query_each():
    make_user("aino")
    make_user("matti-k")
    make_group("weavers")
    db.session.expire_all()
    raw = "@Aino @matti-k @weavers @ghost @everyone " * 10
    with statements_run() as statements:
        result = cook(raw, DatabaseMarkupContext())
    assert len(selects(statements)) == 2
    assert result.mentions == frozenset({"aino", "matti-k"})
    assert result.group_mentions == frozenset({"weavers"})
    hrefs = {(a.get("class"), a.get("href"), text_of(a)) for a in elements(result.html, "a")}
    assert hrefs == {
        ("mention", "/u/aino", "@Aino"),
        ("mention", "/u/matti-k", "@matti-k"),
        ("mention-group", "/g/weavers", "@weavers"),
    }


def test_the_implied_groups_cannot_be_mentioned():
    result = cook("@everyone @registered @moderators", DatabaseMarkupContext())
    assert result.group_mentions == frozenset({"moderators"})


def test_no_query_without_candidate_names():
    enabled_names()  # the plugin state is read once per request, before any cooking
    with statements_run() as statements:
        cook("Ei mainintoja.", DatabaseMarkupContext())
    assert selects(statements) == []


def test_quote_titles_fall_back_to_the_plain_path():
    result = cook('[quote="aino, post:3, topic:12"]\nx\n[/quote]', DatabaseMarkupContext())
    assert result.quotes == (QuoteRef("aino", 12, 3),)
    assert elements(result.html, "a")[0].get("href") == "/t/12#p3"


def test_urls_come_from_the_routes_when_they_exist():
    site = Flask("routes")
    site.config["APPLICATION_ROOT"] = "/foorumi"
    site.add_url_rule("/ihmiset/<username>", "users.profile", lambda username: "")
    site.add_url_rule("/ryhmat/<name>", "groups.show", lambda name: "")
    site.add_url_rule("/aiheet/<int:topic_id>", "topics.show", lambda topic_id: "")
    context = DatabaseMarkupContext()
    with site.test_request_context("/", base_url="https://forum.test/foorumi/"):
        assert context.user_url("aino") == "/foorumi/ihmiset/aino"
        assert context.group_url("weavers") == "/foorumi/ryhmat/weavers"
        assert context.post_url(12, 3) == "/foorumi/aiheet/12#p3"
    with site.app_context():
        # Without SERVER_NAME no URL can be built outside a request: the plain path is used.
        assert context.user_url("aino") == "/u/aino"


def test_endpoints_can_be_named():
    site = Flask("routes")
    site.add_url_rule("/people/<username>", "people.show", lambda username: "")
    with site.test_request_context("/"):
        context = DatabaseMarkupContext(user_endpoint="people.show")
        assert context.user_url("aino") == "/people/aino"
        assert context.group_url("weavers") == "/g/weavers"
