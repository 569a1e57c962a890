"""The development identity provider: a newcomer signs in through it as a test person, over
real HTTP to a `flask run` server, and registers."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import requests

from forum import create_app
from forum.localserver import clean_environment, free_port, running
from forum.settings import ROOT, ConfigError

CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = clean_environment(
        {
            "FORUM_ENV": "development",
            "FORUM_INSTANCE_PATH": str(tmp_path_factory.mktemp("dev-instance")),
            "FORUM_DEV_IDENTITY_PROVIDER_FORUM_URL": base,
            "FORUM_DEV_IDENTITY_PROVIDER_ISSUER": f"{base}/dev-idp",
        }
    )
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    for args in (["db", "upgrade"], ["forum", "seed-demo"]):
        subprocess.run([*flask, *args], env=env, cwd=ROOT, check=True, capture_output=True)
    command = [*flask, "run", "--port", str(port), "--no-reload", "--with-threads"]
    with running(command, port, env=env):
        yield base


def token(page: requests.Response) -> str:
    match = CSRF.search(page.text)
    assert match, page.text
    return match.group(1)


def identify(browser: requests.Session, base: str, person: str, acr: str) -> requests.Response:
    login = browser.get(f"{base}/auth/login")
    assert "/auth/oidc/default/login" in login.text
    page = browser.get(f"{base}/auth/oidc/default/login?next=/")
    assert page.url.startswith(f"{base}/dev-idp/authorize")
    assert "Aino" in page.text
    return browser.post(page.url, data={"csrf_token": token(page), "person": person, "acr": acr})


def test_a_newcomer_signs_in_as_a_test_person_and_registers(server):
    browser = requests.Session()
    registration = identify(browser, server, "test-kaisa", "http://eidas.europa.eu/LoA/substantial")
    assert registration.url.startswith(f"{server}/account/register"), registration.text
    assert 'value="Kaisa Kokeilija"' in registration.text
    done = browser.post(
        f"{server}/account/register",
        data={
            "csrf_token": token(registration),
            "display_name": "Kaisa",
            "username": "kaisa",
            "email": "kaisa@example.org",
            "sector": "research",
            "locale": "fi",
            "accept_terms": "y",
            "next": "/",
        },
    )
    assert done.url == f"{server}/", done.text
    assert "Kaisa" in done.text
    assert "150375" not in done.text
    signed_out = browser.post(f"{server}/auth/logout", data={"csrf_token": token(done)})
    assert signed_out.url == f"{server}/auth/signed-out"


def test_the_low_assurance_level_is_refused(server):
    browser = requests.Session()
    answer = identify(browser, server, "test-matti", "http://eidas.europa.eu/LoA/low")
    assert answer.status_code == 400
    assert "/auth/login" in answer.text
    assert 'action="/auth/logout"' not in answer.text


def test_production_refuses_the_development_provider(tmp_path):
    settings = {"ENV": "production", "SECRET_KEY": "s" * 40, "IDENTITY_PEPPER": "p" * 40}
    with pytest.raises(ConfigError, match="DEV_IDENTITY_PROVIDER"):
        create_app({**settings, "INSTANCE_PATH": str(tmp_path), "DEV_IDENTITY_PROVIDER": True})


def test_production_refuses_an_http_issuer(tmp_path):
    settings = {"ENV": "production", "SECRET_KEY": "s" * 40, "IDENTITY_PEPPER": "p" * 40}
    with pytest.raises(ConfigError, match="https"):
        create_app(
            {
                **settings,
                "INSTANCE_PATH": str(tmp_path),
                "OIDC_ISSUER": "http://idp.example",
                "OIDC_CLIENT_ID": "forum",
                "OIDC_CLIENT_SECRET": "secret",
            }
        )


def test_production_refuses_a_missing_pepper(tmp_path):
    with pytest.raises(ConfigError, match="FORUM_IDENTITY_PEPPER"):
        create_app({"ENV": "production", "SECRET_KEY": "s" * 40, "INSTANCE_PATH": str(tmp_path)})


@pytest.mark.parametrize(
    "target",
    [
        "{base}@evil.example/",
        "{base}.evil.example/",
        "{base}:1@evil.example/",
        "http://evil.example/?{base}",
        "//evil.example/",
        "{base}\\@evil.example/",
        "javascript:alert(1)//{base}",
        "{base}/\r\nSet-Cookie: a=b",
    ],
)
def test_the_providers_logout_sends_nobody_away_from_the_forum(server, target):
    """After signing out at the provider, the browser goes back only to the forum itself."""
    answer = requests.get(
        f"{server}/dev-idp/logout",
        params={
            "client_id": "forum-development",
            "post_logout_redirect_uri": target.format(base=server),
        },
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 200, answer.headers.get("Location")
    assert "Location" not in answer.headers


def test_the_providers_logout_returns_to_the_forum(server):
    answer = requests.get(
        f"{server}/dev-idp/logout",
        params={"client_id": "forum-development", "post_logout_redirect_uri": f"{server}/"},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 303
    assert answer.headers["Location"] == f"{server}/"
