"""Profiles at /u/<username>: fields as each viewer may see them, editing, and avatars."""

from __future__ import annotations

import io
import os

from PIL import Image

from forum.actions.organisations import save_organisation, set_organisation_verified
from forum.actions.roles import grant_role
from forum.queries.users import user_by_username
from tests.conftest import login
from tests.factories import admin, make_topic, make_user
from tests.helpers import csrf_token
from tests.people_helpers import image_bytes, make_person, region, theme


def test_a_profile_shows_its_fields_to_registered_actors(client):
    person = make_person(
        "aino",
        display_name="Aino Kehittäjä",
        organisations=[("Kainuun hyvinvointialue", "kehittämispäällikkö")],
        regions=["MK18"],
        sector="public",
        themes=["Ikääntyneet"],
        developer=True,
        bio="Kehitän **liikuntaneuvontaa**.<script>alert(1)</script>",
        links=["https://example.org/aino"],
    )
    login(client, make_user())
    page = client.get(f"/u/{person.username}")
    assert page.status_code == 200
    text = page.text
    assert "Aino Kehittäjä" in text
    assert "Kainuun hyvinvointialue" in text
    assert "kehittämispäällikkö" in text
    assert "Kainuu" in text
    assert "Ikääntyneet" in text
    assert "<strong>liikuntaneuvontaa</strong>" in text
    assert "<script>alert(1)" not in text
    assert 'href="https://example.org/aino"' in text
    assert "badge--developer" in text
    assert "/messages/new?to=aino" in text


def test_roles_funder_and_weaver_show_only_as_granted(client):
    person = make_person("mikko", visibility={"roles": "public"})
    stea = save_organisation(admin(), None, name="STEA")
    set_organisation_verified(admin(), stea, True)
    assert "badge--funder" not in client.get("/u/mikko").text
    grant_role(admin(), person, "funder", organisation=stea)
    grant_role(admin(), person, "weaver", region=region("MK18"))
    text = client.get("/u/mikko").text
    assert "badge--funder" in text
    assert "badge--weaver" in text


def test_defaults_show_registered_actors_more_than_anonymous_readers(client):
    make_person("liisa", regions=["MK02"], bio="Hello from Varsinais-Suomi")
    anonymous = client.get("/u/liisa").text
    assert "Hello from" not in anonymous
    assert "Varsinais-Suomi" not in anonymous
    login(client, make_user())
    assert "Hello from" in client.get("/u/liisa").text


def test_unknown_and_erased_people_are_404(client):
    assert client.get("/u/nobody").status_code == 404


def test_hidden_fields_are_absent_for_others_but_shown_to_the_person_and_admins(client):
    person = make_person(
        "salainen",
        organisations=[("Piilotettu Yhdistys ry", "")],
        regions=["MK18"],
        themes=["Salaisuus"],
        bio="Hidden biography",
        links=["https://example.org/hidden"],
        visibility={
            "organisations": "hidden",
            "regions": "hidden",
            "themes": "hidden",
            "bio": "hidden",
            "links": "hidden",
        },
    )
    login(client, make_user())
    text = client.get("/u/salainen").text
    secrets = ("Piilotettu Yhdistys", "Kainuu", "Salaisuus", "Hidden biography", "example.org/hid")
    for secret in secrets:
        assert secret not in text
    api = client.get("/api/v1/users/salainen").get_json()
    for name in ("organisations", "regions", "themes", "bio", "links"):
        assert name not in api
    login(client, person)
    own = client.get("/u/salainen").text
    assert "Piilotettu Yhdistys" in own
    assert "Hidden biography" in own
    login(client, admin())
    assert "Hidden biography" in client.get("/u/salainen").text


def test_recent_activity_lists_only_what_the_viewer_can_read(client):
    from tests.factories import REGISTERED_ONLY, make_space

    person = make_person("kirjoittaja", visibility={"activity": "public"})
    make_topic(person, make_space(), title="Avoin keskustelu")
    make_topic(person, make_space(grants=REGISTERED_ONLY), title="Jäsenten keskustelu")
    anonymous = client.get("/u/kirjoittaja").text
    assert "Avoin keskustelu" in anonymous
    assert "Jäsenten keskustelu" not in anonymous
    login(client, make_user())
    assert "Jäsenten keskustelu" in client.get("/u/kirjoittaja").text


def test_the_settings_page_edits_the_profile_and_visibility(client):
    person = make_user("muokkaaja")
    ageing = theme("Ikääntyneet")
    login(client, person)
    token = csrf_token(client, "/settings/profile")
    answer = client.post(
        "/settings/profile",
        data={
            "csrf_token": token,
            "display_name": "Maija Muokkaaja",
            "organisations": "Tampereen kaupunki | kulttuurituottaja\nSuomen Punainen Risti",
            "show_memberships": "y",
            "sector": "public",
            "regions": [str(region("MK06").id)],
            "themes": [str(ageing.id)],
            "developer": "y",
            "bio": "Kulttuurilähete",
            "links": "https://example.org/maija",
            **{f"visibility_{name}": "public" for name in ("organisations", "regions", "bio")},
            "visibility_links": "hidden",
        },
    )
    assert answer.status_code == 303
    client.post("/auth/logout", data={"csrf_token": csrf_token(client)})
    text = client.get("/u/muokkaaja").text
    assert "Maija Muokkaaja" in text
    assert "kulttuurituottaja" in text
    assert "Suomen Punainen Risti" in text
    assert "Pirkanmaa" in text
    assert "example.org/maija" not in text


def test_bad_links_and_unknown_themes_are_refused_with_a_message(client):
    login(client, make_user("huono"))
    token = csrf_token(client, "/settings/profile")
    answer = client.post(
        "/settings/profile",
        data={"csrf_token": token, "display_name": "Huono", "links": "javascript:alert(1)"},
    )
    assert answer.status_code == 400
    assert "https://" in answer.text
    answer = client.patch("/api/v1/users/huono", json={"theme_ids": [999]})
    assert answer.status_code == 400


def upload(client, data: bytes, name: str = "kuva.jpg", content_type: str = "image/jpeg"):
    token = csrf_token(client, "/settings/profile")
    return client.post(
        "/settings/avatar",
        data={"csrf_token": token, "avatar": (io.BytesIO(data), name, content_type)},
        content_type="multipart/form-data",
    )


def test_an_avatar_is_resized_and_stripped_of_its_metadata(client):
    person = make_user("kuvallinen")
    login(client, person)
    original = image_bytes((1200, 900), exif=True)
    assert b"SecretCamera" in original
    assert upload(client, original).status_code == 303
    page = client.get("/u/kuvallinen").text
    assert "/u/kuvallinen/avatar/96.jpg?v=" in page
    version = page.split("/u/kuvallinen/avatar/96.jpg?v=")[1].split('"')[0]
    for size in (48, 96, 256):
        served = client.get(f"/u/kuvallinen/avatar/{size}.jpg?v={version}")
        assert served.status_code == 200
        assert served.mimetype == "image/jpeg"
        assert "immutable" in served.headers["Cache-Control"]
        assert served.headers["X-Content-Type-Options"] == "nosniff"
        assert b"SecretCamera" not in served.data
        assert b"GeoTagger" not in served.data
        image = Image.open(io.BytesIO(served.data))
        assert image.size == (size, size)
        assert not image.getexif()
    assert client.get("/u/kuvallinen/avatar/97.jpg").status_code == 404


def test_an_svg_a_text_file_and_huge_images_are_refused_clearly(client, app, monkeypatch):
    # A smaller limit than the default 5 MB keeps the test's upload in memory.
    monkeypatch.setitem(app.config, "AVATAR_MAX_BYTES", 200 * 1024)
    login(client, make_user("epakuva", locale="en"))
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    refused = upload(client, svg, "kuva.svg", "image/svg+xml")
    assert refused.status_code == 400
    assert "JPEG, PNG, GIF or WebP" in refused.text
    refused = upload(client, b"just some text", "kuva.jpg")
    assert refused.status_code == 400
    assert "not an image" in refused.text
    refused = upload(client, b"\xff\xd8\xff" + os.urandom(300 * 1024))
    assert refused.status_code == 400
    assert "too large" in refused.text
    bomb = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(bomb, "PNG")
    refused = upload(client, bomb.getvalue(), "pommi.png", "image/png")
    assert refused.status_code == 400
    assert "too many pixels" in refused.text
    assert "/avatar/" not in client.get("/u/epakuva").text


def test_removing_the_avatar_goes_back_to_initials(client):
    login(client, make_user("poistaja", display_name="Pia Poistaja"))
    upload(client, image_bytes())
    assert "/u/poistaja/avatar/" in client.get("/u/poistaja").text
    client.post(
        "/settings/avatar/remove", data={"csrf_token": csrf_token(client, "/settings/profile")}
    )
    text = client.get("/u/poistaja").text
    assert "/u/poistaja/avatar/" not in text
    assert ">PP</span>" in text


def test_the_identified_name_is_shown_when_the_person_chooses(client):
    from forum.actions.accounts import register, sign_in_identified
    from tests.oidc.process import NIN

    user = sign_in_identified("default", "sub-9", NIN, "Liisa Maria Virtanen")
    register(
        user,
        display_name="Liisa",
        username="liisav",
        email="liisav@example.org",
        show_verified_name=True,
        accepted_terms="2026-11",
    )
    text = client.get("/u/liisav").text
    assert "Liisa Maria Virtanen" in text
    assert "identified" in text
    assert user_by_username("liisav") is not None
