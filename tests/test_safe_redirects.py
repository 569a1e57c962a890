"""Every ``next=`` goes through one safe-redirect rule: local paths only, never another host,
never a header broken by a line break."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.models import Region
from tests.conftest import login
from tests.factories import make_user
from tests.helpers import csrf_token
from tests.oidc.process import walk_to_callback

HOSTILE = [
    "/\r\nSet-Cookie: stolen=1",
    "/ok\nLocation: https://evil.example/",
    "/\t/evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "https://evil.example/",
    "javascript:alert(1)",
    "/\x00",
]
HOSTILE_IDS = [
    "crlf",
    "lf-header",
    "tab-host",
    "scheme-relative",
    "backslash",
    "absolute",
    "js",
    "nul",
]


def hidden_next(page: str) -> str:
    """The ``next`` of the page's own form (the language switch carries the page's address)."""
    fields = re.findall(r'<input[^>]*name="next"[^>]*>', page)
    values = [re.search(r'value="([^"]*)"', field) for field in fields]
    own = [v.group(1) for v in values if v and not v.group(1).startswith(("/account/", "/auth/"))]
    assert len(own) == 1, fields
    return own[0]


@pytest.mark.parametrize("target", HOSTILE, ids=HOSTILE_IDS)
def test_the_language_switch_goes_back_only_to_a_local_path(client, target):
    token = csrf_token(client, "/")
    answer = client.post("/language", data={"csrf_token": token, "locale": "en", "next": target})
    assert answer.status_code == 303
    assert answer.headers["Location"] == "/"


@pytest.mark.parametrize("target", HOSTILE, ids=HOSTILE_IDS)
def test_accepting_the_terms_goes_back_only_to_a_local_path(client, target):
    login(client, make_user())
    page = client.get(f"/account/terms?next={quote(target)}")
    assert page.status_code == 200
    assert hidden_next(page.text) == "/"
    token = csrf_token(client, "/account/terms")
    answer = client.post(
        "/account/terms", data={"csrf_token": token, "accept_terms": "y", "next": target}
    )
    assert answer.status_code == 303
    assert answer.headers["Location"] == "/"


def test_a_local_next_is_kept(client):
    token = csrf_token(client, "/")
    answer = client.post(
        "/language", data={"csrf_token": token, "locale": "en", "next": "/s/kainuu?page=2#p3"}
    )
    assert answer.headers["Location"] == "/s/kainuu?page=2#p3"


@pytest.mark.usefixtures("providers")
def test_after_sign_in_a_line_break_in_next_leads_home(client):
    """The ``next`` a person signs in with is carried through the provider and registration."""
    start = client.get(f"/auth/oidc/default/login?next={quote(HOSTILE[0])}")
    assert start.status_code == 303
    signed_in = client.get(walk_to_callback(start.headers["Location"]))
    assert signed_in.status_code == 303
    registration = client.get(signed_in.headers["Location"])
    assert hidden_next(registration.text) == "/"
    region = db.session.scalar(select(Region.id).order_by(Region.code))
    done = client.post(
        "/account/register",
        data={
            "csrf_token": csrf_token(client, "/account/register"),
            "display_name": "Aino T.",
            "username": "aino.t",
            "email": "aino@example.org",
            "sector": "public",
            "regions": [str(region)],
            "locale": "fi",
            "accept_terms": "y",
            "next": HOSTILE[0],
        },
    )
    assert done.status_code == 303, done.text
    assert done.headers["Location"] == "/"
