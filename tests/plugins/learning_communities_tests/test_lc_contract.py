"""The plugin contract for learning_communities: declared and on by default; switched off,
everything it adds disappears (pages, navigation, template slots, search documents); switched
on again, it is all back, data included."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator

import pytest

from forum.actions.plugins import set_plugin_enabled
from forum.auth.export import account_data
from forum.plugin_api import ENTRY_POINT_GROUP
from forum.plugins_core import calls
from forum.settings import ROOT
from plugins.learning_communities.communities.actions import join
from plugins.learning_communities.gatherings.actions import tag_gathering
from tests.conftest import login
from tests.factories import make_topic, make_user
from tests.plugins.learning_communities_tests.helpers import make_community, make_weaver
from tests.search_helpers import backend_names, use_backend

PAGES = (
    "/regions/",
    "/regions/MK18",
    "/regions/MK18/map",
    "/regions/MK18/map/data.json",
    "/communities/",
    "/communities/nakyva",
    "/communities/nakyva/map",
    "/plugins/learning_communities/static/map.js",
)


@pytest.fixture
def switched_back_on():
    yield
    set_plugin_enabled(None, "learning_communities", True)


def test_the_plugin_is_declared_and_on_by_default():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = project["entry-points"][ENTRY_POINT_GROUP]["learning_communities"]
    assert declared == "plugins.learning_communities.plugin"


@pytest.mark.usefixtures("switched_back_on")
def test_switched_off_everything_it_adds_disappears(client):
    weaver = make_weaver("MK18")
    community = make_community(weaver, "Näkyvä")
    member = make_user()
    join(member, community)
    topic = make_topic(weaver, community.space, title="Tulevaisuustyöpaja")
    tag_gathering(weaver, topic, "future_workshop")
    login(client, member)

    def status(path: str) -> int:
        with client.get(path) as response:  # static files stream: close them
            return response.status_code

    def surfaces() -> dict[str, object]:
        home = client.get("/").text
        return {
            "pages": [status(path) for path in PAGES],
            "nav": 'href="/regions/"' in home and 'href="/communities/"' in home,
            "topic slot": "lc-topic-gathering" in client.get(f"/t/{topic.id}").text,
            "space slot": "lc-space-community" in client.get(f"/s/{community.space.slug}").text,
            "search": "learning_communities" in [d.name for d in calls.search_document_types()],
            "export": "learning_communities" in account_data(member),
        }

    on = surfaces()
    assert on == {
        "pages": [200] * len(PAGES),
        "nav": True,
        "topic slot": True,
        "space slot": True,
        "search": True,
        "export": True,
    }
    set_plugin_enabled(None, "learning_communities", False)
    off = surfaces()
    assert off["pages"] == [404] * len(PAGES)
    assert not any([off["nav"], off["topic slot"], off["space slot"], off["search"]])
    # A person's data is theirs whether the plugin is on or not.
    assert off["export"] is True
    # The community's discussion space is a core space: it stays, as the plugin's data does.
    assert client.get(f"/s/{community.space.slug}").status_code == 200
    set_plugin_enabled(None, "learning_communities", True)
    assert surfaces() == on


@pytest.fixture(params=["whoosh", "postgres"])
def search(request: pytest.FixtureRequest, app) -> Iterator[object]:
    if request.param not in backend_names(request.config):
        pytest.skip("the PostgreSQL search backend is tested with --database=postgresql")
    yield from use_backend(app, request.param)


def found(client, text: str) -> list[tuple[str, str]]:
    response = client.get("/api/v1/search", query_string={"q": text})
    assert response.status_code == 200, response.text
    return sorted((r["title"], r["url"]) for r in response.get_json()["results"])


def test_communities_are_found_as_their_space_may_be_read(search, client):
    weaver = make_weaver("MK18")
    make_community(weaver, "Julkinen liikuntayhteisö", description="Liikuntaneuvonta kylissä")
    make_community(
        weaver, "Piilotettu liikuntapiiri", description="Liikuntaneuvonta", visibility="members"
    )
    assert found(client, "liikuntaneuvonta") == [
        ("Julkinen liikuntayhteisö", "/communities/julkinen-liikuntayhteiso")
    ]
    login(client, make_user())
    assert [title for title, _url in found(client, "liikuntaneuvonta")] == [
        "Julkinen liikuntayhteisö"
    ]
    login(client, weaver)
    assert [title for title, _url in found(client, "liikuntaneuvonta")] == [
        "Julkinen liikuntayhteisö",
        "Piilotettu liikuntapiiri",
    ]
