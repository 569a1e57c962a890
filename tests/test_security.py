"""Security from the first page: headers, CSRF, cookies, no state change on GET."""

import re

from forum import create_app
from tests.helpers import csrf_token


def test_every_page_carries_a_strict_content_security_policy(client):
    for path in ("/", "/no-such-page", "/static/css/forum.css"):
        response = client.get(path)
        response.close()
        headers = response.headers
        csp = headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp
        assert "script-src 'self'" in csp
        assert "style-src 'self'" in csp
        assert "frame-ancestors 'none'" in csp
        assert "object-src 'none'" in csp
        assert "unsafe-inline" not in csp
        assert "unsafe-eval" not in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_pages_have_no_inline_script_or_style(client):
    page = client.get("/").text
    assert "<script>" not in page
    assert "<style" not in page
    assert " style=" not in page
    assert not re.search(r"\son[a-z]+\s*=", page)  # no onclick= and similar handlers


def test_a_form_post_without_csrf_token_is_refused(client):
    answer = client.post("/language", data={"locale": "en", "next": "/"})
    assert answer.status_code == 400
    assert "Lomake oli vanhentunut" in answer.text
    assert '<html lang="fi">' in client.get("/").text


def test_a_csrf_token_from_another_session_is_refused(app, client):
    foreign = csrf_token(app.test_client())
    answer = client.post("/language", data={"locale": "en", "csrf_token": foreign})
    assert answer.status_code == 400


def test_language_switch_does_not_change_state_on_get(client):
    assert client.get("/language?locale=en").status_code == 405
    assert '<html lang="fi">' in client.get("/").text


def test_session_cookie_is_httponly_and_samesite_lax(client):
    cookie = client.get("/").headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_production_sets_secure_cookies_and_hsts(tmp_path):
    app = create_app(
        {
            "ENV": "production",
            "SECRET_KEY": "x" * 48,
            "IDENTITY_PEPPER": "p" * 48,
            "INSTANCE_PATH": str(tmp_path),
        }
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True
    with app.test_request_context("/"):
        response = app.process_response(app.make_response("ok"))
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_development_sends_no_hsts(client):
    assert "Strict-Transport-Security" not in client.get("/").headers
