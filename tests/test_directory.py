"""The actor directory (/directory and /api/v1/directory): filters, pagination, privacy."""

from __future__ import annotations

import re

import pytest
from flask_login import AnonymousUserMixin

from forum.actions.organisations import save_organisation, set_organisation_verified
from forum.actions.tokens import create_api_token as create_token
from forum.queries.search import run_search
from tests.conftest import login
from tests.factories import admin, make_user
from tests.people_helpers import make_person, region
from tests.search_helpers import backend_names, use_backend


def names(page_text: str) -> list[str]:
    return re.findall(r'class="directory-entry__name" href="[^"]+">([^<]+)</a>', page_text)


def test_people_are_filtered_by_region_sector_role_and_theme(client):
    make_person(
        "aino",
        display_name="Aino",
        regions=["MK18"],
        sector="public",
        developer=True,
        themes=["Liikunta"],
    )
    make_person(
        "bertta",
        display_name="Bertta",
        regions=["MK18"],
        sector="third_sector",
        themes=["Kulttuuri"],
    )
    make_person("cecilia", display_name="Cecilia", regions=["MK06"], sector="public")
    login(client, make_user(display_name="Zz Viewer"))
    assert names(client.get("/directory", query_string={"region": "MK18"}).text) == [
        "Aino",
        "Bertta",
    ]
    assert names(client.get("/directory", query_string={"sector": "public"}).text) == [
        "Aino",
        "Cecilia",
    ]
    assert names(client.get("/directory", query_string={"role": "developer"}).text) == ["Aino"]
    assert names(client.get("/directory", query_string={"theme": "Kulttuuri"}).text) == ["Bertta"]
    combined = client.get("/directory", query_string={"region": "MK18", "sector": "public"})
    assert names(combined.text) == ["Aino"]
    assert "/messages/new?to=aino" in combined.text


def test_text_search_finds_names_and_visible_organisations(client):
    make_person("dora", display_name="Dora", organisations=[("Kainuun Liikunta ry", "")])
    make_person(
        "eemil",
        display_name="Eemil",
        organisations=[("Kainuun Salaseura ry", "")],
        visibility={"organisations": "hidden"},
    )
    login(client, make_user(display_name="Zz Viewer"))
    assert names(client.get("/directory", query_string={"q": "dor"}).text) == ["Dora"]
    assert names(client.get("/directory", query_string={"q": "liikunta"}).text) == ["Dora"]
    assert names(client.get("/directory", query_string={"q": "salaseura"}).text) == []
    assert names(client.get("/directory", query_string={"q": "100%_"}).text) == []


def test_a_hidden_field_never_matches_a_filter_for_others(client):
    person = make_person(
        "piilo",
        display_name="Piilo",
        regions=["MK18"],
        sector="research",
        themes=["Salainen teema"],
        developer=True,
        visibility={"regions": "hidden", "sector": "hidden", "themes": "hidden", "roles": "hidden"},
    )
    login(client, make_user(display_name="Zz Viewer"))
    for args in (
        {"region": "MK18"},
        {"sector": "research"},
        {"theme": "Salainen teema"},
        {"role": "developer"},
    ):
        assert names(client.get("/directory", query_string=args).text) == [], args
        body = client.get("/api/v1/directory", query_string=args).get_json()
        assert body["people"] == [], args
    page = client.get("/directory").text
    assert "Piilo" in page
    assert "Kainuu</p>" not in page
    login(client, person)
    assert names(client.get("/directory", query_string={"region": "MK18"}).text) == ["Piilo"]
    login(client, admin())
    assert names(client.get("/directory", query_string={"region": "MK18"}).text) == ["Piilo"]


def test_registered_only_fields_do_not_match_for_anonymous_readers(client):
    make_person("rekisteri", display_name="Rekisteri", regions=["MK18"])  # default: registered
    make_person(
        "julkinen", display_name="Julkinen", regions=["MK18"], visibility={"regions": "public"}
    )
    assert names(client.get("/directory", query_string={"region": "MK18"}).text) == ["Julkinen"]
    login(client, make_user())
    assert names(client.get("/directory", query_string={"region": "MK18"}).text) == [
        "Julkinen",
        "Rekisteri",
    ]


def test_the_directory_is_paginated(client):
    for n in range(23):
        make_person(
            f"sivu{n:02d}",
            display_name=f"Sivu {n:02d}",
            regions=["MK02"],
            visibility={"regions": "public"},
        )
    first = client.get("/directory", query_string={"region": "MK02"}).text
    assert len(names(first)) == 20
    assert "23 results" in first or "23 tulosta" in first
    assert 'href="/directory?page=2&amp;region=MK02"' in first
    second = client.get("/directory", query_string={"region": "MK02", "page": 2}).text
    assert names(second) == ["Sivu 20", "Sivu 21", "Sivu 22"]
    api = client.get("/api/v1/directory", query_string={"region": "MK02", "per_page": 5})
    body = api.get_json()
    assert (body["total"], body["pages"], len(body["people"])) == (23, 5, 5)


def test_organisations_are_listed_and_filtered(client):
    kainuu = save_organisation(
        admin(), None, name="Kainuun ELY-keskus", region=region("MK18"), sector="public"
    )
    save_organisation(
        admin(), None, name="Tampereen kaupunki", region=region("MK06"), sector="public"
    )
    set_organisation_verified(admin(), kainuu, True)
    page = client.get("/directory", query_string={"kind": "organisations", "region": "MK18"})
    assert names(page.text) == ["Kainuun ELY-keskus"]
    assert "badge--verified" in page.text
    funders = client.get("/api/v1/organisations", query_string={"role": "funder"}).get_json()
    assert [o["name"] for o in funders["organisations"]] == ["Kainuun ELY-keskus"]
    everything = client.get("/api/v1/directory", query_string={"kind": "organisations"})
    assert everything.get_json()["total"] == 2


def test_the_api_shows_a_profile_with_only_the_fields_the_caller_may_see(client):
    person = make_person(
        "api", regions=["MK18"], bio="Bio", visibility={"bio": "public", "regions": "hidden"}
    )
    anonymous = client.get("/api/v1/users/api").get_json()
    assert anonymous["bio"]["raw"] == "Bio"
    assert "regions" not in anonymous
    assert "sector" not in anonymous  # registered-only by default
    assert "visibility" not in anonymous
    token = create_token(person, "test")[1]
    own = client.get("/api/v1/users/api", headers={"Authorization": f"Bearer {token}"})
    assert own.get_json()["regions"][0]["code"] == "MK18"
    assert own.get_json()["visibility"]["regions"] == "hidden"


def test_a_person_patches_their_own_profile_through_the_api(client):
    person = make_user("patch")
    other = make_user("toinen")
    token = create_token(person, "test")[1]
    headers = {"Authorization": f"Bearer {token}"}
    answer = client.patch(
        "/api/v1/users/patch",
        headers=headers,
        json={
            "display_name": "Patch Person",
            "organisations": [{"name": "Oulun yliopisto", "title": "tutkija"}],
            "region_ids": [region("MK17").id],
            "links": ["https://example.org"],
            "visibility": {"regions": "public"},
        },
    )
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["display_name"] == "Patch Person"
    assert body["organisations"][0]["title"] == "tutkija"
    assert body["visibility"]["regions"] == "public"
    assert client.get("/api/v1/users/patch").get_json()["regions"][0]["code"] == "MK17"
    assert client.patch("/api/v1/users/toinen", headers=headers, json={}).status_code == 403
    bad = client.patch("/api/v1/users/patch", headers=headers, json={"links": ["ftp://x"]})
    assert bad.status_code == 400
    assert bad.get_json()["field"] == "links"
    bad = client.patch("/api/v1/users/patch", headers=headers, json={"visibility": {"x": "y"}})
    assert bad.status_code == 400
    assert client.patch("/api/v1/users/patch", json={}).status_code == 401
    assert other.username == "toinen"


@pytest.fixture(params=["whoosh", "postgres"])
def search(request, app):
    if request.param not in backend_names(request.config):
        pytest.skip("the PostgreSQL search backend runs with --database=postgresql")
    yield from use_backend(app, request.param)


def test_search_holds_only_public_profile_fields(search):
    make_person(
        "haettava",
        display_name="Haettava Henkilö",
        organisations=[("Julkinen Järjestö ry", "")],
        themes=["Näkyvä teema"],
        bio="Salainen elämäkerta",
        visibility={"organisations": "public", "themes": "public", "bio": "hidden"},
    )
    viewer = make_user()
    assert [i.title.striptags() for i in run_search(viewer, "järjestö type:user").items] == [
        "Haettava Henkilö"
    ]
    assert run_search(viewer, "elämäkerta").items == []
    assert run_search(admin(), "elämäkerta").items == []


def test_changing_visibility_reindexes_the_person(search):
    from forum.actions.profiles import update_profile

    person = make_person(
        "vaihtaja", display_name="Vaihtaja", bio="Kiertotalous", visibility={"bio": "public"}
    )
    viewer = make_user()
    assert len(run_search(viewer, "kiertotalous").items) == 1
    update_profile(person, visibility={"bio": "registered"})
    assert run_search(viewer, "kiertotalous").items == []


def test_organisations_are_found_in_search_with_a_link(search):
    organisation = save_organisation(
        admin(), None, name="Satakunnan lainaamo", description="Hyvinvointiteknologian lainaamo"
    )
    found = run_search(AnonymousUserMixin(), "lainaamo type:organisation").items
    assert [item.url.endswith(f"/org/{organisation.slug}") for item in found] == [True]


def test_directory_queries_do_not_grow_with_the_people_on_the_page(client):
    from tests.test_query_counts import queries_for

    login(client, make_user(display_name="Zz Viewer"))
    for n in range(3):
        make_person(f"few{n}", organisations=[("Pieni ry", "")], regions=["MK18"], themes=["A"])
    few = queries_for(client, "/directory?region=MK18")
    for n in range(15):
        make_person(f"many{n}", organisations=[(f"Ry {n}", "")], regions=["MK18"], themes=["B"])
    assert queries_for(client, "/directory?region=MK18") == few
