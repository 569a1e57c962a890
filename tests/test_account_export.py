"""The data export of a large account, built in the background: requested from the settings
page, the person told by notification and e-mail, the ZIP downloadable by its owner only and
deleted when its time is up; once through the real worker process, once in the test's queue."""

from __future__ import annotations

import io
import json
import re
import time
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from forum.actions.account_export import expire_exports
from forum.actions.accounts import confirm_email
from forum.actions.erasure import erase_account
from forum.background import huey, init_app
from forum.extensions import db
from forum.models import AccountExport, OutgoingMail, User
from forum.models.base import utcnow
from tests.conftest import login
from tests.factories import make_post, make_topic, make_user
from tests.helpers import csrf_token
from tests.mailserver import SmtpServer
from tests.worker_helpers import queue_of, start_worker, stop_worker


@pytest.fixture
def exports(app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Accounts with more than one post export in the background, into a folder of the test.

    The queue is one per process; another test's application may have taken it over, so it is
    pointed back at this one.
    """
    init_app(app)
    directory = tmp_path / "exports"
    monkeypatch.setitem(app.config, "EXPORT_BACKGROUND_POSTS", 1)
    monkeypatch.setitem(app.config, "EXPORT_DIRECTORY", str(directory))
    return directory


def writer(name: str = "writer") -> User:
    """A person with a confirmed address and two topics (more than the threshold)."""
    person = make_user(name, locale="en")
    confirm_email(person.id, person.email)
    make_topic(person, title="Lending library", raw="Welfare technology to borrow.")
    make_post(make_topic(make_user(), title="Aura"), person, "A multi-purpose house.")
    return person


def ask(client: FlaskClient) -> str:
    response = client.post(
        "/account/export", data={"csrf_token": csrf_token(client, "/account/settings")}
    )
    assert response.status_code == 303
    return response.headers["Location"]


def mailed_link(text: str, host: str) -> str:
    """The download link of a mail: absolute, on ``host``."""
    [link] = re.findall(rf"https?://{re.escape(host)}(/account/export/file/\S+)", text)
    return link


def download_link(client: FlaskClient) -> str:
    page = client.get("/account/settings").text
    [link] = re.findall(r'href="(/account/export/file/[^"]+)"', page)
    return link


def account_json(data: bytes) -> dict:
    return json.loads(zipfile.ZipFile(io.BytesIO(data)).read("account.json"))


def check_download(app: Flask, client: FlaskClient, link: str, person: User) -> None:
    """The owner gets the ZIP with what they wrote; another person gets nothing."""
    with client.get(link) as response:
        assert response.status_code == 200
        assert response.headers["Content-Type"] == "application/zip"
        assert response.headers["Cache-Control"] == "no-store"
        data = account_json(response.data)
    assert data["account"]["username"] == person.username
    assert sorted(p["raw"] for p in data["posts"]) == [
        "A multi-purpose house.",
        "Welfare technology to borrow.",
    ]
    other = app.test_client()
    login(other, make_user())
    assert other.get(link).status_code == 404
    assert app.test_client().get(link).status_code in (302, 401)  # signed out: sign in first


def check_expiry(client: FlaskClient, link: str, directory: Path) -> None:
    """The periodic task deletes the file when its time is up; the link then says so."""
    assert expire_exports() == 0
    assert len(list(directory.iterdir())) == 1
    assert expire_exports(now=utcnow() + timedelta(hours=49)) == 1
    assert list(directory.iterdir()) == []
    assert client.get(link).status_code == 410
    assert "/account/export/file/" not in client.get("/account/settings").text


def test_a_small_account_still_downloads_at_once(client, exports):
    person = make_user()
    login(client, person)
    assert "/account/export/" in ask(client)
    assert not exports.exists()


def test_a_large_account_is_told_when_its_export_is_ready(app, client, exports):
    person = writer()
    login(client, person)
    assert ask(client) == "/account/settings"  # the queue runs at once in tests
    notifications = client.get("/notifications").text
    assert "Your data export is ready" in notifications
    [mail] = db.session.scalars(select(OutgoingMail).where(OutgoingMail.user_id == person.id))
    assert mail.subject == "Your data export is ready"
    link = mailed_link(mail.text, "forum.test")
    check_download(app, client, link, person)
    check_download(app, client, download_link(client), person)
    # A second request replaces the first export.
    ask(client)
    assert len(list(exports.iterdir())) == 1
    assert client.get(link).status_code == 410
    check_expiry(client, download_link(client), exports)


def test_a_link_older_than_the_keeping_time_has_expired(client, exports, monkeypatch):
    login(client, writer())
    ask(client)
    link = download_link(client)
    monkeypatch.setitem(client.application.config, "EXPORT_KEEP_HOURS", -1)
    assert client.get(link).status_code == 410
    assert client.get("/account/export/file/forged").status_code == 404


def test_erasure_deletes_the_exports(client, exports):
    person = writer()
    login(client, person)
    ask(client)
    assert len(list(exports.iterdir())) == 1
    erase_account(person)
    assert list(exports.iterdir()) == []
    assert db.session.scalars(select(AccountExport)).all() == []


def wait_until_ready(export_id: int, timeout: float = 60) -> AccountExport:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        db.session.remove()
        export = db.session.get(AccountExport, export_id)
        if export is not None and export.status != "pending":
            return export
        time.sleep(0.2)
    raise AssertionError(f"the worker did not build export {export_id}")


@pytest.mark.slow
def test_the_worker_builds_the_export(app, client, exports, tmp_path):
    server = SmtpServer(tmp_path).start()
    instance = tmp_path / "instance"
    instance.mkdir()
    process = start_worker(
        app,
        instance,
        server.url,
        EXPORT_DIRECTORY=str(exports),
        PUBLIC_URL="https://forum.test",
    )
    try:
        person = writer("worker.writer")
        login(client, person)
        with queue_of(instance):
            ask(client)
        assert "being prepared" in client.get("/account/settings").text
        export_id = db.session.scalar(
            select(AccountExport.id).where(AccountExport.user_id == person.id)
        )
        assert wait_until_ready(export_id).status == "ready"
        [mail] = server.wait_for(1)
        assert mail["Subject"] == "Your data export is ready"
        link = mailed_link(mail.get_body(("plain",)).get_content(), "forum.test")
        check_download(app, client, link, person)
        check_expiry(client, link, exports)
        assert process.poll() is None
    finally:
        server.stop()
        stop_worker(process)
    # The worker runs the expiry every ten minutes.
    due = {task.name for task in huey.read_periodic(datetime(2026, 1, 1, 0, 10))}
    assert "expire_account_exports" in due
