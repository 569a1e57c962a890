"""Regions, regional centres and regional spaces that the region's weavers moderate."""

from __future__ import annotations

from sqlalchemy import func, select

from forum.actions.roles import revoke_role
from forum.extensions import db
from forum.models import Region
from forum.models.role import WEAVER
from plugins.learning_communities.models import RegionalCentre
from plugins.learning_communities.regions.actions import link_space, load_centres
from tests.conftest import login
from tests.factories import PUBLIC, admin, make_post, make_space, make_topic, make_user
from tests.plugins.learning_communities_tests.helpers import form, make_weaver, region

CODES = [f"MK{n:02d}" for n in (*range(1, 20), 21) if n != 3]


def test_the_nineteen_regions_are_listed_with_their_regional_centres(client):
    assert sorted(db.session.scalars(select(Region.code))) == CODES
    assert load_centres() == 10
    assert load_centres() == 10  # idempotent
    assert db.session.scalar(select(func.count(RegionalCentre.id))) == 10
    page = client.get("/regions/")
    assert page.status_code == 200
    for code in CODES:
        assert f'href="/regions/{code}"' in page.text
    assert "Pohjois-Suomen elinvoimakeskus" in page.text
    kainuu = client.get("/regions/MK18")
    assert kainuu.status_code == 200
    assert "Kainuu" in kainuu.text
    assert "Pohjois-Suomen elinvoimakeskus" in kainuu.text
    assert client.get("/regions/mk18").status_code == 200
    assert client.get("/regions/MK99").status_code == 404


def test_a_region_page_shows_its_weavers_actors_and_readable_discussion(client):
    weaver = make_weaver("MK18", username="kaisa.kutoja")
    kainuu = region("MK18")
    space = make_space("kainuu-keskustelu", grants=PUBLIC)
    hidden = make_space("kainuu-sisainen", grants={})
    link_space(admin(), space, kainuu)
    link_space(admin(), hidden, kainuu)
    author = make_user()
    make_topic(author, space=space, title="Liikuntaneuvonnan ketju")
    make_topic(admin(), space=hidden, title="Salainen suunnitelma")
    page = client.get("/regions/MK18").text
    assert weaver.display_name in page
    assert "Liikuntaneuvonnan ketju" in page
    assert "Salainen suunnitelma" not in page
    assert weaver.display_name not in client.get("/regions/MK19").text


def test_weavers_moderate_their_own_regions_spaces_only_and_lose_it_with_the_role(client):
    kainuu_space = make_space("kainuu-alue", grants=PUBLIC)
    lappi_space = make_space("lappi-alue", grants=PUBLIC)
    link_space(admin(), kainuu_space, region("MK18"))
    link_space(admin(), lappi_space, region("MK19"))
    author = make_user()
    in_kainuu = make_post(make_topic(author, space=kainuu_space), author, "Kainuun viesti")
    in_lappi = make_post(make_topic(author, space=lappi_space), author, "Lapin viesti")
    weaver = make_weaver("MK18")
    login(client, weaver)

    def hide(post_id: int) -> int:
        return form(client, f"/p/{post_id}/hide", {"outcome": "hide"}).status_code

    assert hide(in_lappi.id) == 403
    assert hide(in_kainuu.id) == 303
    revoke_role(admin(), weaver, WEAVER, region=region("MK18"))
    another = make_post(in_kainuu.topic, author, "Toinen viesti")
    assert hide(another.id) == 403


def test_only_administrators_link_spaces_to_regions():
    import pytest

    from forum.actions.errors import PermissionDenied

    weaver = make_weaver("MK18")
    space = make_space("oma-tila", grants=PUBLIC)
    with pytest.raises(PermissionDenied):
        link_space(weaver, space, region("MK18"))
