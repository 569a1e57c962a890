"""The home page: demo spaces listed, in the person's language."""

import pytest

from forum.demo import seed_demo
from tests.conftest import login
from tests.factories import make_user
from tests.helpers import csrf_token


@pytest.fixture
def demo() -> None:
    seed_demo()


@pytest.mark.usefixtures("demo")
def test_home_page_is_finnish_by_default_and_lists_the_demo_spaces(client):
    page = client.get("/")
    assert page.status_code == 200
    assert '<html lang="fi">' in page.text
    assert "Sosiaalisten innovaatioiden foorumi" in page.text
    assert "Siirry sisältöön" in page.text
    for name in ("Yleinen keskustelu", "Hyvät käytännöt", "Rahoitus ja rahoitushaut", "Kainuu"):
        assert name in page.text


@pytest.mark.usefixtures("demo")
@pytest.mark.parametrize(
    ("header", "lang", "phrase"),
    [
        ("en", "en", "Skip to content"),
        ("sv-FI,sv;q=0.9,en;q=0.5", "sv", "Hoppa till innehållet"),
        ("de, en;q=0.5", "en", "Social Innovation Forum"),
        ("de", "fi", "Siirry sisältöön"),
    ],
)
def test_accept_language_chooses_the_language(client, header, lang, phrase):
    page = client.get("/", headers={"Accept-Language": header})
    assert f'<html lang="{lang}">' in page.text
    assert phrase in page.text
    assert "Accept-Language" in page.headers["Vary"]


def test_language_switch_is_remembered_for_an_anonymous_visitor(client):
    token = csrf_token(client)
    answer = client.post("/language", data={"locale": "sv", "next": "/", "csrf_token": token})
    assert answer.status_code == 303
    assert answer.headers["Location"] == "/"
    page = client.get("/", headers={"Accept-Language": "en"})
    assert '<html lang="sv">' in page.text


def test_language_switch_is_stored_on_the_account_and_wins_over_the_browser(app, client):
    user = make_user("aino")
    login(client, user)
    client.post("/language", data={"locale": "en", "next": "/", "csrf_token": csrf_token(client)})
    other_browser = app.test_client()
    login(other_browser, user)
    page = other_browser.get("/", headers={"Accept-Language": "fi"})
    assert '<html lang="en">' in page.text


def test_language_switch_rejects_an_unknown_language(client):
    answer = client.post("/language", data={"locale": "de", "csrf_token": csrf_token(client)})
    assert answer.status_code == 400
    assert '<html lang="fi">' in answer.text


def test_language_switch_never_redirects_off_site(client):
    token = csrf_token(client)
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        answer = client.post(
            "/language", data={"locale": "en", "next": target, "csrf_token": token}
        )
        assert answer.status_code == 303
        assert answer.headers["Location"] == "/"


def test_empty_forum_says_so(client):
    page = client.get("/")
    assert "Tiloja ei ole vielä." in page.text


def test_unknown_page_is_a_translated_404(client):
    page = client.get("/no-such-page", headers={"Accept-Language": "sv"})
    assert page.status_code == 404
    assert "Sidan hittades inte" in page.text
